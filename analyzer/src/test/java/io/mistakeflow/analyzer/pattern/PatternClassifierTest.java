package io.mistakeflow.analyzer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.reference.PresetSettings;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rule 2 steps 1, 2 and 5 (docs/behaviour.md#rule-2-patterns), on windows given directly. */
class PatternClassifierTest {

    private static final PresetSettings NORMAL = PresetSettings.NORMAL;
    private static final int CALM_SECONDS = 60;
    private static final int LIGHT = 2;
    private static final int HEAVY = 4;

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    /** A window with mixed codes (never a STUCK_LOOP) and the given means. */
    private static TrendWindow mixed(String recent, String past) {
        return new TrendWindow(List.of("SIGN_ERROR", "CALCULATION_ERROR", "SIGN_ERROR", "UNIT_ERROR", "SIGN_ERROR"),
                dec(recent), dec(past));
    }

    /** Three equal newest codes, then others. */
    private static TrendWindow loop(String code) {
        return new TrendWindow(List.of(code, code, code, "SIGN_ERROR"), dec("4"), dec("3"));
    }

    @Nested
    class Expectation {

        @Test
        void theAdaptiveExpectationBeforeThisMistakeIsUsedWhenThereIsOne() {
            // given
            BigDecimal adaptiveBefore = dec("2.850000000000000000");

            // when
            PatternClassifier.Expectation e = PatternClassifier.expectation(NORMAL, adaptiveBefore, null);

            // then
            assertThat(e.expectedDuration()).isEqualTo(adaptiveBefore);
            assertThat(e.usedAdaptiveBaseline()).isTrue();
        }

        @Test
        void withoutAnAdaptiveExpectationTheExamNormIsUsed() {
            // given
            BigDecimal examNorm = dec("45");

            // when
            PatternClassifier.Expectation e = PatternClassifier.expectation(NORMAL, null, examNorm);

            // then
            assertThat(e.expectedDuration()).isEqualTo(examNorm);
            assertThat(e.usedAdaptiveBaseline()).isFalse();
        }

        @Test
        void withoutEitherThereIsNoExpectation() {
            // given: FK-free mode before the baseline is established

            // when
            PatternClassifier.Expectation e = PatternClassifier.expectation(NORMAL, null, null);

            // then
            assertThat(e.expectedDuration()).isNull();
            assertThat(e.usedAdaptiveBaseline()).isFalse();
        }

        @Test
        void withAdaptiveOffTheExamNormIsUsedEvenWhenAnAdaptiveExpectationExists() throws Exception {
            // given
            PresetSettings adaptiveOff = PresetSettings.fromJson(Json.MAPPER.readTree("{\"use_adaptive_baseline\":false}"));

            // when
            PatternClassifier.Expectation e = PatternClassifier.expectation(adaptiveOff, dec("2.85"), dec("45"));

            // then
            assertThat(e.expectedDuration()).isEqualTo(dec("45"));
            assertThat(e.usedAdaptiveBaseline()).isFalse();
        }

        @Test
        void theTimeRatioIsTheTimeOverTheExpectationInPostgresScale() {
            // given
            PatternClassifier.Expectation e = new PatternClassifier.Expectation(dec("2.850000000000000000"), true);

            // when
            BigDecimal ratio = e.timeRatio(3);

            // then
            assertThat(ratio.toPlainString()).isEqualTo("1.052631578947368421");
        }

        @Test
        void theTimeRatioIsNullWithoutAnExpectation() {
            // given
            PatternClassifier.Expectation e = new PatternClassifier.Expectation(null, false);

            // when
            BigDecimal ratio = e.timeRatio(3);

            // then
            assertThat(ratio).isNull();
        }

        @Test
        void theTimeRatioIsNullWhenTheExpectationIsExactlyOne() {
            // given: the triggers guarded the division with NULLIF(expected, 1)
            PatternClassifier.Expectation e = new PatternClassifier.Expectation(dec("1.000000000000000000"), true);

            // when
            BigDecimal ratio = e.timeRatio(3);

            // then
            assertThat(ratio).isNull();
        }

        @Test
        void theTimeRatioIsComputedForAnExpectationCloseToOne() {
            // given
            PatternClassifier.Expectation e = new PatternClassifier.Expectation(dec("1.01"), true);

            // when
            BigDecimal ratio = e.timeRatio(3);

            // then
            assertThat(ratio.toPlainString()).isEqualTo("2.9702970297029703");
        }
    }

    @Nested
    class Statuses {

        @Test
        void aWindowWithoutPastIsInsufficientData() {
            // given: two mistakes fill only the recent part
            TrendWindow window = new TrendWindow(List.of("SIGN_ERROR", "SIGN_ERROR"), dec("2"), null);

            // when
            PatternStatus status = PatternClassifier.classify(1, dec("0.01"), LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.insufficient_data);
        }

        @Test
        void aWindowSmallerThanMinimumDataForTrendIsInsufficientData() throws Exception {
            // given
            PresetSettings needsFour = PresetSettings.fromJson(Json.MAPPER.readTree("{\"minimum_data_for_trend\":4}"));
            TrendWindow three = new TrendWindow(List.of("SIGN_ERROR", "SIGN_ERROR", "SIGN_ERROR"), dec("2"), dec("2"));

            // when
            PatternStatus status = PatternClassifier.classify(1, null, LIGHT, three, needsFour);

            // then
            assertThat(status).isEqualTo(PatternStatus.insufficient_data);
        }

        @Test
        void aTimeBelowPanicAbsoluteMinIsPanicRush() {
            // given
            TrendWindow window = mixed("2", "2");

            // when: 4 s < 5 s
            PatternStatus status = PatternClassifier.classify(4, null, HEAVY, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.PANIC_RUSH);
        }

        @Test
        void aTimeOfExactlyPanicAbsoluteMinIsNotPanicRush() {
            // given
            TrendWindow window = mixed("2", "2");

            // when
            PatternStatus status = PatternClassifier.classify(5, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }

        @Test
        void aLightMistakeFarBelowTheExpectationIsPanicRush() {
            // given
            TrendWindow window = mixed("2", "2");

            // when: ratio 0.25 < 0.3, severity 2 < 4
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, dec("0.25"), LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.PANIC_RUSH);
        }

        @Test
        void aHeavyMistakeFarBelowTheExpectationIsNotPanicRush() {
            // given
            TrendWindow window = mixed("2", "2");

            // when: ratio 0.25 < 0.3 but severity 4
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, dec("0.25"), HEAVY, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }

        @Test
        void aRatioOfExactlyPanicRatioIsNotPanicRush() {
            // given
            TrendWindow window = mixed("2", "2");

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, dec("0.30000000000000000000"), LIGHT,
                    window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }

        @Test
        void threeEqualNewestCodesAreStuckLoop() {
            // given
            TrendWindow window = loop("CONCEPT_GAP");

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, null, HEAVY, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.STUCK_LOOP);
        }

        @Test
        void twoEqualNewestCodesAreNoStuckLoop() {
            // given
            TrendWindow window = new TrendWindow(List.of("SIGN_ERROR", "SIGN_ERROR", "UNIT_ERROR", "UNIT_ERROR"),
                    dec("2"), dec("2"));

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }

        @Test
        void aTimeAbovePanicAbsoluteMaxIsStuckSlow() {
            // given
            TrendWindow window = mixed("2", "2");

            // when: 181 s > 180 s
            PatternStatus status = PatternClassifier.classify(181, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.STUCK_SLOW);
        }

        @Test
        void aTimeOfExactlyPanicAbsoluteMaxIsNotStuckSlow() {
            // given
            TrendWindow window = mixed("2", "2");

            // when
            PatternStatus status = PatternClassifier.classify(180, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }

        @Test
        void recentSeveritiesWellBelowThePastAreImproving() {
            // given: 2 < 3 - 0.3
            TrendWindow window = mixed("2.0000000000000000", "3.0000000000000000");

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.improving);
        }

        @Test
        void recentSeveritiesWellAboveThePastAreWorsening() {
            // given: 4 > 3 + 0.3
            TrendWindow window = mixed("4.0000000000000000", "3.0000000000000000");

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.worsening);
        }

        @Test
        void recentSeveritiesWithinTheThresholdAreStable() {
            // given: |3 - 3.25| < 0.3
            TrendWindow window = mixed("3.0000000000000000", "3.2500000000000000");

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }

        @Test
        void aChangeOfExactlyTheThresholdIsStable() {
            // given: 2.7 = 3 - 0.3, not below it
            TrendWindow window = mixed("2.7", "3.0000000000000000");

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }
    }

    @Nested
    class TriggerOrder {

        @Test
        void panicRushIsTestedBeforeStuckLoop() {
            // given: three identical 3 s mistakes
            TrendWindow window = new TrendWindow(List.of("CALCULATION_ERROR", "CALCULATION_ERROR", "CALCULATION_ERROR"),
                    dec("2.0000000000000000"), dec("2"));

            // when
            PatternStatus status = PatternClassifier.classify(3, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.PANIC_RUSH);
        }

        @Test
        void insufficientDataIsTestedBeforePanicRush() {
            // given
            TrendWindow window = new TrendWindow(List.of("CALCULATION_ERROR"), dec("2"), null);

            // when
            PatternStatus status = PatternClassifier.classify(1, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.insufficient_data);
        }

        @Test
        void stuckLoopIsTestedBeforeStuckSlow() {
            // given
            TrendWindow window = loop("CONCEPT_GAP");

            // when
            PatternStatus status = PatternClassifier.classify(600, null, HEAVY, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.STUCK_LOOP);
        }

        @Test
        void stuckSlowIsTestedBeforeTheTrend() {
            // given
            TrendWindow window = mixed("4.0000000000000000", "2.0000000000000000");

            // when
            PatternStatus status = PatternClassifier.classify(600, null, LIGHT, window, NORMAL);

            // then
            assertThat(status).isEqualTo(PatternStatus.STUCK_SLOW);
        }
    }

    @Nested
    class StudentPresets {

        @Test
        void fourSecondsIsNoPanicForAnAggressiveStudent() {
            // given: aggressive panic_absolute_min is 3 s
            TrendWindow window = mixed("2", "2");

            // when
            PatternStatus status = PatternClassifier.classify(4, null, LIGHT, window, PresetSettings.AGGRESSIVE);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }

        @Test
        void sevenSecondsIsPanicForASoftStudent() {
            // given: soft panic_absolute_min is 8 s
            TrendWindow window = mixed("2", "2");

            // when
            PatternStatus status = PatternClassifier.classify(7, null, LIGHT, window, PresetSettings.SOFT);

            // then
            assertThat(status).isEqualTo(PatternStatus.PANIC_RUSH);
        }

        @Test
        void aSmallRiseIsWorseningForAnAggressiveStudent() {
            // given: 3.25 > 3 + 0.2
            TrendWindow window = mixed("3.25", "3.0000000000000000");

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, null, LIGHT, window,
                    PresetSettings.AGGRESSIVE);

            // then
            assertThat(status).isEqualTo(PatternStatus.worsening);
        }

        @Test
        void aMediumRiseIsStableForASoftStudent() {
            // given: 3.4 is within 3 + 0.5 (worsening for the normal threshold 0.3)
            TrendWindow window = mixed("3.4", "3.0000000000000000");

            // when
            PatternStatus soft = PatternClassifier.classify(CALM_SECONDS, null, LIGHT, window, PresetSettings.SOFT);
            PatternStatus normal = PatternClassifier.classify(CALM_SECONDS, null, LIGHT, window, NORMAL);

            // then
            assertThat(soft).isEqualTo(PatternStatus.stable);
            assertThat(normal).isEqualTo(PatternStatus.worsening);
        }

        @Test
        void twoHundredSecondsIsNotStuckSlowForASoftStudent() {
            // given: soft panic_absolute_max is 240 s
            TrendWindow window = mixed("2", "2");

            // when
            PatternStatus status = PatternClassifier.classify(200, null, LIGHT, window, PresetSettings.SOFT);

            // then
            assertThat(status).isEqualTo(PatternStatus.stable);
        }

        @Test
        void aSoftStudentIsStuckAfterThreeEqualCodesDespiteARepeatThresholdOfFour() {
            // given: soft stuck_repeat_threshold is 4, used by no rule
            TrendWindow window = loop("CONCEPT_GAP");

            // when
            PatternStatus status = PatternClassifier.classify(CALM_SECONDS, null, HEAVY, window, PresetSettings.SOFT);

            // then
            assertThat(status).isEqualTo(PatternStatus.STUCK_LOOP);
        }
    }
}
