package io.mistakeflow.common.recommendation;

import java.time.Instant;

/**
 * What the frontend wrote onto a recommendation ({@code student_recommendations}' frontend-owned
 * columns, captured by Debezium), keyed by student_id like everything the recommender reads.
 */
public record RecommendationFeedback(
        String id,
        String studentId,
        Boolean isShown,
        Instant shownAt,
        Boolean isDismissed,
        Instant dismissedAt) {
}
