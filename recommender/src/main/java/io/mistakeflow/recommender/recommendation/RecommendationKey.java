package io.mistakeflow.recommender.recommendation;

import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.recommendation.Recommendation;

/**
 * (student_id, global_topic_uid, recommendation_type): at most one active recommendation each.
 * A null topic is a topic of its own, as everywhere in the pipeline.
 */
public record RecommendationKey(String studentId, String globalTopicUid, String recommendationType) {

    public static RecommendationKey of(PatternUpdate update) {
        return new RecommendationKey(update.studentId(), update.globalTopicUid(), update.status().name());
    }

    public static RecommendationKey of(Recommendation recommendation) {
        return new RecommendationKey(recommendation.studentId(), recommendation.globalTopicUid(),
                recommendation.recommendationType());
    }

    /**
     * Store key. The student comes first so that {@link #studentPrefix} finds all of one student's
     * recommendations; the type comes before the topic because a type never contains {@code |}.
     */
    public String encode() {
        String topic = globalTopicUid == null ? "" : "=" + globalTopicUid;
        return studentPrefix(studentId) + recommendationType + "|" + topic;
    }

    public static String studentPrefix(String studentId) {
        return studentId + "|";
    }
}
