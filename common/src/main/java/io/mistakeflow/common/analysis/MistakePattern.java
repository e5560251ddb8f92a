package io.mistakeflow.common.analysis;

import java.time.Instant;
import java.util.Map;

/**
 * A row of {@code student_mistake_patterns}. {@code mistakeDistribution} iterates in the order
 * Postgres keeps jsonb keys (shorter first, then by bytes), which is also the tie order of the
 * dominant code.
 */
public record MistakePattern(
        String id,
        String studentId,
        String globalTopicUid,
        String dominantMistakeCode,
        int dominantMistakeCount,
        Map<String, Integer> mistakeDistribution,
        PatternStatus improvementTrend,
        Instant analyzedAt) {
}
