package io.mistakeflow.recommender.patternchange;

import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.recommendation.RecommenderIds;
import io.mistakeflow.recommender.template.PatternChangeTexts;
import java.util.List;
import java.util.Optional;

/**
 * A {@code PATTERN_CHANGED} event when a (student, topic)'s status takes a new value. The very
 * first status is no change. The event points to the recommendation active for the new status, if
 * any, and carries no action items: that recommendation's own event carries them.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#lifecycle-flags}.
 */
public final class PatternChangeRule {

    /** The priority of a change to a status that recommends nothing: the lowest, it only informs. */
    public static final int INFORMATIONAL_PRIORITY = 1;

    private PatternChangeRule() {
    }

    /** {@code previous}: the key's status before this update, null for its first one. */
    public static Optional<UiReflexEvent> event(PatternStatus previous, PatternUpdate update,
            Recommendation activeForNewStatus, PatternChangeTexts texts) {
        PatternStatus current = update.status();
        if (previous == null || previous == current) {
            return Optional.empty();
        }
        return Optional.of(new UiReflexEvent(
                RecommenderIds.eventId(update.mistakeId(), EventType.PATTERN_CHANGED, current.name()),
                update.studentId(),
                update.globalTopicUid(),
                EventType.PATTERN_CHANGED,
                texts.title(),
                texts.message(previous, current),
                List.of(),
                activeForNewStatus == null ? INFORMATIONAL_PRIORITY : activeForNewStatus.priority(),
                activeForNewStatus == null ? null : activeForNewStatus.id(),
                update.sourceMistakeId(),
                false,
                null,
                update.eventTime()));
    }
}
