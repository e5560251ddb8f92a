package io.mistakeflow.recommender.recommendation;

import io.mistakeflow.common.Ids;
import io.mistakeflow.common.recommendation.EventType;

/**
 * The ids the recommender gives its rows. All are name-based, so a replay or a recovery writes the
 * same ids and the Postgres sink stays idempotent.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#ids}.
 */
public final class RecommenderIds {

    private static final String RECOMMENDATIONS = "student_recommendations";
    private static final String EVENTS = "ui_reflex_events";

    private RecommenderIds() {
    }

    /**
     * From the key and the analysed mistake that created the recommendation: a key gets a new id each
     * time it is re-created after an expiry or a dismissal.
     */
    public static String recommendationId(RecommendationKey key, String creatingMistakeId) {
        return Ids.nameBased(RECOMMENDATIONS, key.studentId(), key.globalTopicUid(), key.recommendationType(),
                creatingMistakeId).toString();
    }

    /** An event caused by an analysed mistake; {@code subject} is the recommendation type or the new status. */
    public static String eventId(String analysedMistakeId, EventType type, String subject) {
        return Ids.nameBased(EVENTS, analysedMistakeId, type.name(), subject).toString();
    }

    /** An event that ends a recommendation (expiry, dismissal): happens at most once per recommendation. */
    public static String lifecycleEventId(String recommendationId, EventType type) {
        return Ids.nameBased(EVENTS, recommendationId, type.name()).toString();
    }
}
