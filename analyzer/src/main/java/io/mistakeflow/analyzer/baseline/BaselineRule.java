package io.mistakeflow.analyzer.baseline;

import static io.mistakeflow.common.analysis.Baseline.PHASE_BASELINE;
import static io.mistakeflow.common.analysis.Baseline.PHASE_CONVERGENCE;
import static io.mistakeflow.common.analysis.Baseline.PHASE_IMPROVEMENT;

import io.mistakeflow.analyzer.numeric.PgNumeric;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.mistake.StudentTopicKey;
import io.mistakeflow.common.reference.PresetSettings;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Rule 1 (docs/behaviour.md#rule-1-baselines): the per-(student, topic) baseline. Parameters come from the default preset, not the
 * student's, as the triggers did. Callers skip mistakes without a positive time.
 */
public final class BaselineRule {

    static final String TABLE = "student_baseline_performance";
    private static final BigDecimal CONVERGENCE_DISTANCE = new BigDecimal("0.1");

    private BaselineRule() {
    }

    /**
     * @param previous the key's baseline before this mistake, or null for its first
     * @param seconds the mistake's time_spent_seconds, positive
     * @param examNorm the exam norm N, null in FK-free mode
     */
    public static Baseline apply(Baseline previous, StudentTopicKey key, int seconds, BigDecimal examNorm,
                                 PresetSettings defaults, Instant eventTime) {
        BigDecimal t = BigDecimal.valueOf(seconds);
        if (previous == null) {
            return new Baseline(key.rowId(TABLE), key.studentId(), key.globalTopicUid(), t, 1, null, t, 1,
                    null, examNorm, null, examNorm, PHASE_BASELINE, eventTime);
        }
        if (previous.baselineSampleCount() < defaults.baselineTestCount()) {
            return stillCollecting(previous, t, examNorm, defaults, eventTime);
        }
        return established(previous, t, examNorm, defaults, eventTime);
    }

    private static Baseline stillCollecting(Baseline b, BigDecimal t, BigDecimal examNorm,
                                            PresetSettings defaults, Instant eventTime) {
        int n = b.baselineSampleCount();
        BigDecimal avg = PgNumeric.div(b.baselineAvgDuration().multiply(BigDecimal.valueOf(n)).add(t),
                BigDecimal.valueOf(n + 1L));
        boolean complete = n + 1 >= defaults.baselineTestCount();
        return new Baseline(b.id(), b.studentId(), b.globalTopicUid(),
                avg, n + 1,
                complete ? eventTime : b.baselineEstablishedAt(),
                avg, b.currentSampleCount() + 1,
                b.improvementRate(), examNorm, b.distanceToNorm(),
                complete ? adaptiveExpected(avg, examNorm, defaults) : examNorm,
                complete ? PHASE_IMPROVEMENT : PHASE_BASELINE,
                eventTime);
    }

    private static Baseline established(Baseline b, BigDecimal t, BigDecimal examNorm,
                                        PresetSettings defaults, Instant eventTime) {
        int n = b.currentSampleCount();
        BigDecimal avg = PgNumeric.div(b.currentAvgDuration().multiply(BigDecimal.valueOf(n)).add(t),
                BigDecimal.valueOf(n + 1L));
        BigDecimal baselineAvg = b.baselineAvgDuration();
        BigDecimal improvementRate = baselineAvg.signum() <= 0
                ? null
                : PgNumeric.div(baselineAvg.subtract(avg), baselineAvg);
        BigDecimal distanceToNorm = examNorm == null ? null : examNorm.subtract(avg);
        boolean converged = examNorm != null && examNorm.signum() != 0
                && PgNumeric.div(avg.subtract(examNorm).abs(), examNorm).compareTo(CONVERGENCE_DISTANCE) < 0;
        return new Baseline(b.id(), b.studentId(), b.globalTopicUid(),
                baselineAvg, b.baselineSampleCount(), b.baselineEstablishedAt(),
                avg, n + 1,
                improvementRate, b.examNormDuration(), distanceToNorm,
                adaptiveExpected(avg, examNorm, defaults),
                converged ? PHASE_CONVERGENCE : PHASE_IMPROVEMENT,
                eventTime);
    }

    private static BigDecimal adaptiveExpected(BigDecimal avg, BigDecimal examNorm, PresetSettings defaults) {
        return defaults.useAdaptiveBaseline() ? avg.multiply(defaults.improvementTargetRatio()) : examNorm;
    }
}
