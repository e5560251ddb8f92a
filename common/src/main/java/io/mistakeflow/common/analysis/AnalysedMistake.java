package io.mistakeflow.common.analysis;

import java.math.BigDecimal;

/**
 * What the triggers wrote back onto a {@code student_mistakes} row, published instead
 * ({@code student_mistake_analysis}; {@code id} is the mistake id).
 */
public record AnalysedMistake(
        String id,
        String studentId,
        String globalTopicUid,
        BigDecimal expectedDuration,
        BigDecimal timeRatio,
        boolean usedAdaptiveBaseline,
        PatternStatus improvementTrend) {
}
