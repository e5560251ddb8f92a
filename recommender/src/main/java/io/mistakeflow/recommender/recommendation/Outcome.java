package io.mistakeflow.recommender.recommendation;

import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rule decided for one recommendation key: the active recommendation to keep (null: none),
 * the rows to publish to the recommendations topic and the events to publish, each in order.
 */
public record Outcome(Recommendation active, List<Recommendation> rows, List<UiReflexEvent> events) {

    public static Outcome unchanged(Recommendation active) {
        return new Outcome(active, List.of(), List.of());
    }

    /** This outcome followed by {@code next}, which decides the active recommendation. */
    Outcome then(Outcome next) {
        List<Recommendation> allRows = new ArrayList<>(rows);
        allRows.addAll(next.rows);
        List<UiReflexEvent> allEvents = new ArrayList<>(events);
        allEvents.addAll(next.events);
        return new Outcome(next.active, List.copyOf(allRows), List.copyOf(allEvents));
    }
}
