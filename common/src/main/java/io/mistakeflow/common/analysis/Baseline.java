package io.mistakeflow.common.analysis;

import java.math.BigDecimal;
import java.time.Instant;

/** A row of {@code student_baseline_performance}: Rule 1's state for one (student, topic), docs/behaviour.md#rule-1-baselines. */
public record Baseline(
        String id,
        String studentId,
        String globalTopicUid,
        BigDecimal baselineAvgDuration,
        int baselineSampleCount,
        Instant baselineEstablishedAt,
        BigDecimal currentAvgDuration,
        int currentSampleCount,
        BigDecimal improvementRate,
        BigDecimal examNormDuration,
        BigDecimal distanceToNorm,
        BigDecimal adaptiveExpectedDuration,
        String learningPhase,
        Instant updatedAt) {

    public static final String PHASE_BASELINE = "baseline";
    public static final String PHASE_IMPROVEMENT = "improvement";
    public static final String PHASE_CONVERGENCE = "convergence";
}
