package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.Topics;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.recommendation.Outcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards an {@link Outcome} to the sinks named in the topology, rows keyed by recommendation id,
 * events keyed by student_id, and counts them. Records keep the timestamp of what caused them (the
 * commit time of the mistake, or stream time for an expiry): event times are in the values, and a
 * backfill stamped with old event times would be deleted by time-based retention at once.
 */
record RecommendationSinks(String recommendationsSink, String eventsSink, PipelineMetrics metrics) {

    void publish(ProcessorContext<String, Object> context, Outcome outcome, long timestamp) {
        Map<String, String> types = new HashMap<>();
        for (Recommendation row : outcome.rows()) {
            context.forward(new Record<>(row.id(), row, timestamp), recommendationsSink);
            types.put(row.id(), row.recommendationType());
        }
        for (UiReflexEvent event : outcome.events()) {
            publish(context, event, timestamp);
            // every recommendation event comes with the row it changed: created, updated, expired, dismissed
            String change = event.eventType().name().substring("RECOMMENDATION_".length()).toLowerCase(Locale.ROOT);
            metrics.recommendation(change, types.get(event.recommendationId()));
        }
    }

    /** One event, counted by type, with the latency from the causing mistake's commit. */
    void publish(ProcessorContext<? super String, ? super UiReflexEvent> context, UiReflexEvent event, long timestamp) {
        context.forward(new Record<>(event.studentId(), event, timestamp), eventsSink);
        metrics.event(event.eventType().name());
        metrics.endToEnd(context.applicationId(), Topics.UI_REFLEX_EVENTS.name(),
                Duration.ofMillis(System.currentTimeMillis() - timestamp));
    }
}
