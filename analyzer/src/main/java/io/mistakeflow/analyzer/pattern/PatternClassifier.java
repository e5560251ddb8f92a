package io.mistakeflow.analyzer.pattern;

import io.mistakeflow.analyzer.numeric.PgNumeric;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.reference.PresetSettings;
import java.math.BigDecimal;

/** Rule 2, steps 1, 2 and 5 (docs/behaviour.md#rule-2-patterns): the expected duration, the time ratio and the status. */
public final class PatternClassifier {

    /** Severities from 4 up are heavy: a fast heavy mistake is not panic. */
    private static final int HEAVY_SEVERITY = 4;
    private static final int STUCK_LOOP_RUN = 3;

    private PatternClassifier() {
    }

    /** E, and whether it came from the adaptive baseline. */
    public record Expectation(BigDecimal expectedDuration, boolean usedAdaptiveBaseline) {

        /** t / E; null when E is null or exactly 1 (the triggers guarded the division that way). */
        public BigDecimal timeRatio(int seconds) {
            if (expectedDuration == null || expectedDuration.compareTo(BigDecimal.ONE) == 0) {
                return null;
            }
            return PgNumeric.div(BigDecimal.valueOf(seconds), expectedDuration);
        }
    }

    /**
     * @param adaptiveExpectedBefore the key's adaptive_expected_duration before this mistake (the
     *     pattern rule runs before the baseline rule folds the mistake in), null if none
     * @param examNorm the exam norm, null in FK-free mode
     */
    public static Expectation expectation(PresetSettings preset, BigDecimal adaptiveExpectedBefore, BigDecimal examNorm) {
        if (preset.useAdaptiveBaseline() && adaptiveExpectedBefore != null) {
            return new Expectation(adaptiveExpectedBefore, true);
        }
        return new Expectation(examNorm, false);
    }

    /** First match wins, in the triggers' order. */
    public static PatternStatus classify(int seconds, BigDecimal timeRatio, int severity, TrendWindow window,
                                         PresetSettings preset) {
        if (window.past() == null || window.size() < preset.minimumDataForTrend()) {
            return PatternStatus.insufficient_data;
        }
        BigDecimal t = BigDecimal.valueOf(seconds);
        if (t.compareTo(preset.panicAbsoluteMin()) < 0
                || (timeRatio != null && timeRatio.compareTo(preset.panicRatio()) < 0 && severity < HEAVY_SEVERITY)) {
            return PatternStatus.PANIC_RUSH;
        }
        if (window.size() >= STUCK_LOOP_RUN && sameNewestCodes(window)) {
            return PatternStatus.STUCK_LOOP;
        }
        if (t.compareTo(preset.panicAbsoluteMax()) > 0) {
            return PatternStatus.STUCK_SLOW;
        }
        BigDecimal threshold = preset.trendSignificanceThreshold();
        if (window.recent().compareTo(window.past().subtract(threshold)) < 0) {
            return PatternStatus.improving;
        }
        if (window.recent().compareTo(window.past().add(threshold)) > 0) {
            return PatternStatus.worsening;
        }
        return PatternStatus.stable;
    }

    private static boolean sameNewestCodes(TrendWindow window) {
        String newest = window.codes().get(0);
        for (int i = 1; i < STUCK_LOOP_RUN; i++) {
            if (!newest.equals(window.codes().get(i))) {
                return false;
            }
        }
        return true;
    }
}
