package io.mistakeflow.common.recommendation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A row of {@code student_recommendations}. {@code isShown} and {@code isDismissed} belong to the
 * frontend: the pipeline writes their initial false and never overwrites them in Postgres.
 */
public record Recommendation(
        String id,
        String studentId,
        String globalTopicUid,
        String recommendationType,
        String title,
        String message,
        List<Map<String, Object>> actionItems,
        int priority,
        boolean isActive,
        boolean isShown,
        boolean isDismissed,
        String sourceMistakeId,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {

    public Recommendation deactivated(Instant at) {
        return new Recommendation(id, studentId, globalTopicUid, recommendationType, title, message, actionItems,
                priority, false, isShown, isDismissed, sourceMistakeId, createdAt, at, expiresAt);
    }
}
