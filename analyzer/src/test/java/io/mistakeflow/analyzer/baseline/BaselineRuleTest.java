package io.mistakeflow.analyzer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.mistake.StudentTopicKey;
import io.mistakeflow.common.reference.PresetSettings;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rule 1 (docs/behaviour.md#rule-1-baselines), clause by clause; parameters are the default preset's. */
class BaselineRuleTest {

    private static final StudentTopicKey KEY = new StudentTopicKey("00000000-0000-4000-8000-000000000001", "TR.MAT.ALG.001");
    private static final String ROW_ID = KEY.rowId("student_baseline_performance");
    private static final Instant ESTABLISHED = Instant.parse("2025-01-11T11:49:13Z");
    private static final Instant NOW = Instant.parse("2025-01-12T13:17:57Z");
    private static final PresetSettings NORMAL = PresetSettings.NORMAL;

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    private static PresetSettings settings(String json) throws Exception {
        return PresetSettings.fromJson(Json.MAPPER.readTree(json));
    }

    /** A baseline still collecting: n samples averaging {@code avg}. */
    private static Baseline collecting(String avg, int n, BigDecimal examNorm) {
        return new Baseline(ROW_ID, KEY.studentId(), KEY.globalTopicUid(), dec(avg), n, null, dec(avg), n,
                null, examNorm, null, examNorm, "baseline", ESTABLISHED.minusSeconds(60));
    }

    /** An established baseline of 5 samples with {@code currentN} samples averaging {@code currentAvg}. */
    private static Baseline established(String baselineAvg, String currentAvg, int currentN, BigDecimal examNorm) {
        return new Baseline(ROW_ID, KEY.studentId(), KEY.globalTopicUid(), dec(baselineAvg), 5, ESTABLISHED,
                dec(currentAvg), currentN, null, examNorm, null, dec(currentAvg).multiply(dec("0.95")),
                "improvement", ESTABLISHED);
    }

    @Test
    void theFirstMistakeStartsTheBaselineWithItsTime() {
        // given
        Baseline none = null;

        // when
        Baseline first = BaselineRule.apply(none, KEY, 42, null, NORMAL, NOW);

        // then
        assertThat(first).isEqualTo(new Baseline(ROW_ID, KEY.studentId(), KEY.globalTopicUid(),
                dec("42"), 1, null, dec("42"), 1, null, null, null, null, "baseline", NOW));
    }

    @Test
    void theFirstMistakeTakesTheExamNormAsAdaptiveExpectation() {
        // given
        BigDecimal examNorm = dec("60.00");

        // when
        Baseline first = BaselineRule.apply(null, KEY, 42, examNorm, NORMAL, NOW);

        // then
        assertThat(first.examNormDuration()).isEqualTo(examNorm);
        assertThat(first.adaptiveExpectedDuration()).isEqualTo(examNorm);
        assertThat(first.learningPhase()).isEqualTo("baseline");
    }

    @Test
    void whileCollectingBothAveragesTakeTheRunningMean() {
        // given: 100 s then 120 s then 130 s
        Baseline afterTwo = collecting("110.0000000000000000", 2, null);

        // when
        Baseline afterThree = BaselineRule.apply(afterTwo, KEY, 130, null, NORMAL, NOW);

        // then
        assertThat(afterThree.baselineAvgDuration().toPlainString()).isEqualTo("116.6666666666666667");
        assertThat(afterThree.currentAvgDuration().toPlainString()).isEqualTo("116.6666666666666667");
        assertThat(afterThree.baselineSampleCount()).isEqualTo(3);
        assertThat(afterThree.currentSampleCount()).isEqualTo(3);
    }

    @Test
    void whileCollectingThePhaseStaysBaselineWithTheExamNormAsExpectation() {
        // given
        Baseline afterTwo = collecting("110.0000000000000000", 2, null);
        BigDecimal examNorm = dec("90");

        // when
        Baseline afterThree = BaselineRule.apply(afterTwo, KEY, 130, examNorm, NORMAL, NOW);

        // then
        assertThat(afterThree.learningPhase()).isEqualTo("baseline");
        assertThat(afterThree.baselineEstablishedAt()).isNull();
        assertThat(afterThree.examNormDuration()).isEqualTo(examNorm);
        assertThat(afterThree.adaptiveExpectedDuration()).isEqualTo(examNorm);
        assertThat(afterThree.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void theRunningMeanKeepsPostgresRoundingFromStepToStep() {
        // given: 100, 120, 130 s averaged 116.6666666666666667 (rounded up in the last digit)
        Baseline afterThree = collecting("116.6666666666666667", 3, null);

        // when: 124 s, so (350.0000000000000001 + 124) / 4
        Baseline afterFour = BaselineRule.apply(afterThree, KEY, 124, null, NORMAL, NOW);

        // then
        assertThat(afterFour.baselineAvgDuration().toPlainString()).isEqualTo("118.5000000000000000");
    }

    @Test
    void theBthSampleEstablishesTheBaseline() {
        // given: four samples averaging 118.5
        Baseline afterFour = collecting("118.5000000000000000", 4, null);

        // when: the fifth, 140 s, makes 614 s over 5
        Baseline afterFive = BaselineRule.apply(afterFour, KEY, 140, null, NORMAL, ESTABLISHED);

        // then
        assertThat(afterFive).isEqualTo(new Baseline(ROW_ID, KEY.studentId(), KEY.globalTopicUid(),
                dec("122.8000000000000000"), 5, ESTABLISHED, dec("122.8000000000000000"), 5,
                null, null, null, dec("116.660000000000000000"), "improvement", ESTABLISHED));
    }

    @Test
    void establishingTheBaselineTakesBAndRFromTheDefaultPresetGiven() {
        // given: an aggressive default (B = 3, R = 0.90) and two samples of 3 s
        Baseline afterTwo = collecting("3.0000000000000000", 2, null);

        // when
        Baseline afterThree = BaselineRule.apply(afterTwo, KEY, 3, null, PresetSettings.AGGRESSIVE, NOW);

        // then
        assertThat(afterThree.learningPhase()).isEqualTo("improvement");
        assertThat(afterThree.baselineEstablishedAt()).isEqualTo(NOW);
        assertThat(afterThree.adaptiveExpectedDuration().toPlainString()).isEqualTo("2.700000000000000000");
    }

    @Test
    void withAdaptiveOffTheEstablishedBaselineExpectsTheExamNorm() throws Exception {
        // given
        PresetSettings adaptiveOff = settings("{\"use_adaptive_baseline\": false}");
        Baseline afterFour = collecting("118.5000000000000000", 4, null);

        // when
        Baseline afterFive = BaselineRule.apply(afterFour, KEY, 140, dec("100"), adaptiveOff, ESTABLISHED);

        // then
        assertThat(afterFive.learningPhase()).isEqualTo("improvement");
        assertThat(afterFive.adaptiveExpectedDuration()).isEqualTo(dec("100"));
    }

    @Test
    void withAdaptiveOffAndNoExamNormThereIsNoExpectation() throws Exception {
        // given
        PresetSettings adaptiveOff = settings("{\"use_adaptive_baseline\": false}");
        Baseline afterFour = collecting("118.5000000000000000", 4, null);

        // when
        Baseline afterFive = BaselineRule.apply(afterFour, KEY, 140, null, adaptiveOff, ESTABLISHED);

        // then
        assertThat(afterFive.adaptiveExpectedDuration()).isNull();
    }

    @Test
    void onceEstablishedOnlyTheCurrentAverageMoves() {
        // given: baseline 10 s over 5 samples
        Baseline afterFive = established("10.0000000000000000", "10.0000000000000000", 5, null);

        // when: a 4 s mistake
        Baseline afterSix = BaselineRule.apply(afterFive, KEY, 4, null, NORMAL, NOW);

        // then
        assertThat(afterSix).isEqualTo(new Baseline(ROW_ID, KEY.studentId(), KEY.globalTopicUid(),
                dec("10.0000000000000000"), 5, ESTABLISHED, dec("9.0000000000000000"), 6,
                dec("0.10000000000000000000"), null, null, dec("8.550000000000000000"), "improvement", NOW));
    }

    @Test
    void theImprovementRateIsTheShareOfTheBaselineGained() {
        // given: a parity-sample row before its ninth mistake (688 s over 8)
        Baseline afterEight = established("122.8000000000000000", "86.0000000000000000", 8, null);

        // when: 4 s makes 692 s over 9
        Baseline afterNine = BaselineRule.apply(afterEight, KEY, 4, null, NORMAL, NOW);

        // then
        assertThat(afterNine.currentAvgDuration().toPlainString()).isEqualTo("76.8888888888888889");
        assertThat(afterNine.improvementRate().toPlainString()).isEqualTo("0.37386898298950416205");
        assertThat(afterNine.adaptiveExpectedDuration().toPlainString()).isEqualTo("73.044444444444444455");
    }

    @Test
    void theImprovementRateIsNullWhenTheBaselineIsNotPositive() {
        // given
        Baseline zeroBaseline = established("0", "0", 5, null);

        // when
        Baseline next = BaselineRule.apply(zeroBaseline, KEY, 5, null, NORMAL, NOW);

        // then
        assertThat(next.currentAvgDuration().toPlainString()).isEqualTo("0.83333333333333333333");
        assertThat(next.improvementRate()).isNull();
    }

    @Test
    void onceEstablishedWithAdaptiveOffTheExpectationIsTheExamNorm() throws Exception {
        // given
        PresetSettings adaptiveOff = settings("{\"use_adaptive_baseline\": false}");
        Baseline afterFive = established("10.0000000000000000", "10.0000000000000000", 5, null);

        // when
        Baseline afterSix = BaselineRule.apply(afterFive, KEY, 4, dec("12"), adaptiveOff, NOW);

        // then
        assertThat(afterSix.adaptiveExpectedDuration()).isEqualTo(dec("12"));
    }

    @Test
    void withoutAnExamNormThereIsNoDistanceAndNoConvergence() {
        // given
        Baseline afterFive = established("10.0000000000000000", "10.0000000000000000", 5, null);

        // when
        Baseline afterSix = BaselineRule.apply(afterFive, KEY, 10, null, NORMAL, NOW);

        // then
        assertThat(afterSix.distanceToNorm()).isNull();
        assertThat(afterSix.learningPhase()).isEqualTo("improvement");
    }

    @Test
    void anAverageWithinTenPercentOfTheExamNormIsConvergence() {
        // given
        Baseline afterFive = established("10.0000000000000000", "10.0000000000000000", 5, null);

        // when: 10 s against a norm of 10.5 s: |10 - 10.5| / 10.5 < 0.1
        Baseline afterSix = BaselineRule.apply(afterFive, KEY, 10, dec("10.5"), NORMAL, NOW);

        // then
        assertThat(afterSix.learningPhase()).isEqualTo("convergence");
        assertThat(afterSix.distanceToNorm().toPlainString()).isEqualTo("0.5000000000000000");
    }

    @Test
    void anAverageExactlyTenPercentFromTheExamNormIsStillImprovement() {
        // given
        Baseline afterFive = established("9.0000000000000000", "9.0000000000000000", 5, null);

        // when: 9 s against a norm of 10 s: |9 - 10| / 10 = 0.1, not below it
        Baseline afterSix = BaselineRule.apply(afterFive, KEY, 9, dec("10"), NORMAL, NOW);

        // then
        assertThat(afterSix.learningPhase()).isEqualTo("improvement");
        assertThat(afterSix.distanceToNorm().toPlainString()).isEqualTo("1.0000000000000000");
    }

    @Test
    void onceEstablishedTheStoredExamNormIsNotChanged() {
        // given
        Baseline afterFive = established("10.0000000000000000", "10.0000000000000000", 5, dec("11"));

        // when
        Baseline afterSix = BaselineRule.apply(afterFive, KEY, 10, dec("10.5"), NORMAL, NOW);

        // then
        assertThat(afterSix.examNormDuration()).isEqualTo(dec("11"));
    }
}
