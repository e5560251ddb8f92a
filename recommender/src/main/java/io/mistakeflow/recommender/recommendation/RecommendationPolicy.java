package io.mistakeflow.recommender.recommendation;

import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.RecommendationFeedback;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.template.Template;
import java.time.Instant;
import java.util.List;

/**
 * Rule 3 (docs/behaviour.md#rule-3-recommendations-and-events) and the optional lifecycle of a recommendation, as pure functions of (the key's active
 * recommendation or null, what happened) to an {@link Outcome}. Every time comes from the data.
 */
public final class RecommendationPolicy {

    private final boolean expiryEnabled;

    /** {@code expiryEnabled} false is Rule 3 exactly: a recommendation stays active for ever. */
    public RecommendationPolicy(boolean expiryEnabled) {
        this.expiryEnabled = expiryEnabled;
    }

    /**
     * Runs after every pattern update. {@code template} is the update's status's, or null for the
     * statuses that recommend nothing. {@code active} is the key's (student, topic, status) one.
     */
    public Outcome onPatternUpdate(Recommendation active, PatternUpdate update, Template template) {
        if (template == null) {
            return Outcome.unchanged(active);
        }
        if (active == null) {
            return create(update, template);
        }
        if (expiryEnabled && isDue(active, update.eventTime())) {
            return expire(active).then(create(update, template));
        }
        return refresh(active, update, template);
    }

    /** Ends an active recommendation at its expires_at. */
    public Outcome expire(Recommendation active) {
        Recommendation expired = active.deactivated(active.expiresAt());
        return new Outcome(null, List.of(expired),
                List.of(lifecycleEvent(expired, EventType.RECOMMENDATION_EXPIRED, active.expiresAt())));
    }

    /** Expiry is due once the time reaches expires_at (the sweep's range scan uses the same bound). */
    private static boolean isDue(Recommendation active, Instant time) {
        return !time.isBefore(active.expiresAt());
    }

    /**
     * What the frontend wrote onto an active recommendation. A dismissal ends it at dismissed_at (or,
     * without one, at {@code recordTime}: when the database committed the change); is_shown is only
     * remembered, because the pipeline never writes that column.
     */
    public Outcome onFeedback(Recommendation active, RecommendationFeedback feedback, Instant recordTime) {
        boolean shown = active.isShown() || Boolean.TRUE.equals(feedback.isShown());
        if (Boolean.TRUE.equals(feedback.isDismissed())) {
            Instant at = feedback.dismissedAt() != null ? feedback.dismissedAt() : recordTime;
            Recommendation dismissed = withFlags(active, false, shown, true, at);
            return new Outcome(null, List.of(dismissed),
                    List.of(lifecycleEvent(dismissed, EventType.RECOMMENDATION_DISMISSED, at)));
        }
        if (shown == active.isShown()) {
            return Outcome.unchanged(active);
        }
        return Outcome.unchanged(withFlags(active, active.isActive(), true, active.isDismissed(), active.updatedAt()));
    }

    private static Outcome create(PatternUpdate update, Template template) {
        RecommendationKey key = RecommendationKey.of(update);
        Instant at = update.eventTime();
        Recommendation created = new Recommendation(RecommenderIds.recommendationId(key, update.mistakeId()),
                update.studentId(), update.globalTopicUid(), template.recommendationType(), template.title(),
                template.message(), template.actionItems(), template.priority(), true, false, false,
                update.sourceMistakeId(), at, at, at.plus(template.lifetime()));
        return new Outcome(created, List.of(created),
                List.of(updateEvent(created, EventType.RECOMMENDATION_CREATED, update)));
    }

    /** created_at and the frontend's flags stay; everything the template and the update own moves. */
    private static Outcome refresh(Recommendation active, PatternUpdate update, Template template) {
        Instant at = update.eventTime();
        Recommendation updated = new Recommendation(active.id(), active.studentId(), active.globalTopicUid(),
                active.recommendationType(), template.title(), template.message(), template.actionItems(),
                template.priority(), true, active.isShown(), active.isDismissed(), update.sourceMistakeId(),
                active.createdAt(), at, at.plus(template.lifetime()));
        return new Outcome(updated, List.of(updated),
                List.of(updateEvent(updated, EventType.RECOMMENDATION_UPDATED, update)));
    }

    private static Recommendation withFlags(Recommendation recommendation, boolean isActive, boolean isShown,
            boolean isDismissed, Instant updatedAt) {
        return new Recommendation(recommendation.id(), recommendation.studentId(), recommendation.globalTopicUid(),
                recommendation.recommendationType(), recommendation.title(), recommendation.message(),
                recommendation.actionItems(), recommendation.priority(), isActive, isShown, isDismissed,
                recommendation.sourceMistakeId(), recommendation.createdAt(), updatedAt, recommendation.expiresAt());
    }

    private static UiReflexEvent updateEvent(Recommendation recommendation, EventType type, PatternUpdate update) {
        String id = RecommenderIds.eventId(update.mistakeId(), type, recommendation.recommendationType());
        return event(id, recommendation, type, update.eventTime());
    }

    private static UiReflexEvent lifecycleEvent(Recommendation recommendation, EventType type, Instant at) {
        return event(RecommenderIds.lifecycleEventId(recommendation.id(), type), recommendation, type, at);
    }

    private static UiReflexEvent event(String id, Recommendation recommendation, EventType type, Instant at) {
        return new UiReflexEvent(id, recommendation.studentId(), recommendation.globalTopicUid(), type,
                recommendation.title(), recommendation.message(), recommendation.actionItems(),
                recommendation.priority(), recommendation.id(), recommendation.sourceMistakeId(), false, null, at);
    }
}
