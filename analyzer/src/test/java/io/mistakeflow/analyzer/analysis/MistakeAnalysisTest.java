package io.mistakeflow.analyzer.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.mistake.StudentTopicKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rules 1 and 2 (docs/behaviour.md) together, mistake by mistake, with the reference data in maps. */
class MistakeAnalysisTest {

    private static final String STUDENT = "00000000-0000-4000-8000-000000000001";
    private static final String TOPIC = "TR.MAT.ALG.001";
    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");

    private final MapReferences refs = MapReferences.seeded();
    private final Map<String, StudentTopicState> states = new HashMap<>();
    private int nextId = 1;

    private Mistake mistake(String code, Integer seconds, Instant at) {
        return mistake(STUDENT, TOPIC, code, seconds, at);
    }

    private Mistake mistake(String student, String topic, String code, Integer seconds, Instant at) {
        String id = String.format("6d000000-0000-4000-8000-%012d", nextId++);
        return new Mistake(id, student, topic, code, null, seconds, at);
    }

    /** Runs one mistake against its key's state, as the processor does. */
    private MistakeAnalysis.Analysed analyse(Mistake mistake) {
        String key = mistake.studentTopicKey().encode();
        MistakeAnalysis.Result result = MistakeAnalysis.analyse(
                states.getOrDefault(key, StudentTopicState.empty()), mistake, refs);
        states.put(key, result.state());
        return result.analysed();
    }

    /** {@code count} mistakes of one code and time, one second apart from {@code T0}; the outputs in order. */
    private List<MistakeAnalysis.Analysed> repeat(int count, String code, int seconds) {
        List<MistakeAnalysis.Analysed> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(analyse(mistake(code, seconds, T0.plusSeconds(i))));
        }
        return out;
    }

    private StudentTopicState state(String student, String topic) {
        return states.get(new StudentTopicKey(student, topic).encode());
    }

    @Nested
    class WorkedExample {

        @ParameterizedTest(name = "mistake {0}: {1}, current {2} over {4}, baseline n {3}, {5}, adaptive {6}")
        @CsvSource({
            "1, insufficient_data, 3, 1, 1, baseline,",
            "2, insufficient_data, 3, 2, 2, baseline,",
            "3, PANIC_RUSH,        3, 3, 3, baseline,",
            "4, PANIC_RUSH,        3, 4, 4, baseline,",
            "5, PANIC_RUSH,        3, 5, 5, improvement, 2.850000000000000000",
            "6, PANIC_RUSH,        3, 5, 6, improvement, 2.850000000000000000",
        })
        void threeSecondCalculationErrorsOneSecondApart(int n, PatternStatus status, BigDecimal currentAvg,
                                                       int baselineN, int currentN, String phase, String adaptive) {
            // given: a student on the default preset

            // when
            MistakeAnalysis.Analysed nth = repeat(n, "CALCULATION_ERROR", 3).get(n - 1);

            // then
            Baseline baseline = nth.baseline();
            assertThat(nth.mistake().improvementTrend()).isEqualTo(status);
            assertThat(nth.pattern().improvementTrend()).isEqualTo(status);
            assertThat(baseline.currentAvgDuration()).isEqualByComparingTo(currentAvg);
            assertThat(baseline.baselineAvgDuration()).isEqualByComparingTo("3");
            assertThat(baseline.baselineSampleCount()).isEqualTo(baselineN);
            assertThat(baseline.currentSampleCount()).isEqualTo(currentN);
            assertThat(baseline.learningPhase()).isEqualTo(phase);
            if (adaptive == null) {
                assertThat(baseline.adaptiveExpectedDuration()).isNull();
            } else {
                assertThat(baseline.adaptiveExpectedDuration().toPlainString()).isEqualTo(adaptive);
            }
        }

        @Test
        void theFifthMistakeIsNotMeasuredAgainstTheBaselineItEstablishes() {
            // given / when
            MistakeAnalysis.Analysed fifth = repeat(5, "CALCULATION_ERROR", 3).get(4);

            // then
            assertThat(fifth.mistake()).isEqualTo(new AnalysedMistake(fifth.mistake().id(), STUDENT, TOPIC,
                    null, null, false, PatternStatus.PANIC_RUSH));
            assertThat(fifth.baseline().baselineEstablishedAt()).isEqualTo(T0.plusSeconds(4));
        }

        @Test
        void theSixthMistakeIsMeasuredAgainstTheAdaptiveExpectationOf285() {
            // given / when
            MistakeAnalysis.Analysed sixth = repeat(6, "CALCULATION_ERROR", 3).get(5);

            // then
            assertThat(sixth.mistake()).isEqualTo(new AnalysedMistake(sixth.mistake().id(), STUDENT, TOPIC,
                    new BigDecimal("2.850000000000000000"), new BigDecimal("1.052631578947368421"), true,
                    PatternStatus.PANIC_RUSH));
        }

        @Test
        void theSixthMistakeMovesOnlyTheCurrentAverage() {
            // given / when
            Baseline sixth = repeat(6, "CALCULATION_ERROR", 3).get(5).baseline();

            // then
            assertThat(sixth.baselineAvgDuration().toPlainString()).isEqualTo("3.0000000000000000");
            assertThat(sixth.currentAvgDuration().toPlainString()).isEqualTo("3.0000000000000000");
            assertThat(sixth.improvementRate().toPlainString()).isEqualTo("0.00000000000000000000");
            assertThat(sixth.baselineEstablishedAt()).isEqualTo(T0.plusSeconds(4));
            assertThat(sixth.updatedAt()).isEqualTo(T0.plusSeconds(5));
        }

        @Test
        void everyMistakeCountsInTheDistribution() {
            // given / when
            MistakePattern sixth = repeat(6, "CALCULATION_ERROR", 3).get(5).pattern();

            // then
            assertThat(sixth.mistakeDistribution()).containsExactly(Map.entry("CALCULATION_ERROR", 6));
            assertThat(sixth.dominantMistakeCode()).isEqualTo("CALCULATION_ERROR");
            assertThat(sixth.dominantMistakeCount()).isEqualTo(6);
            assertThat(sixth.analyzedAt()).isEqualTo(T0.plusSeconds(5));
        }
    }

    @Nested
    class ParitySample {

        /** Student 1 (aggressive), topic TR.FIZ.MEK.004: nine mistakes as the triggers saw them. */
        private List<MistakeAnalysis.Analysed> replay() {
            refs.studentPresets.put(STUDENT, "aggressive");
            String[][] rows = {
                {"319", "CALCULATION_ERROR", "72", "2025-01-10T16:30:44Z"},
                {"320", "CALCULATION_ERROR", "80", "2025-01-10T16:35:42Z"},
                {"324", "CALCULATION_ERROR", "120", "2025-01-10T18:37:01Z"},
                {"336", "CALCULATION_ERROR", "336", "2025-01-11T09:41:11Z"},
                {"338", "CALCULATION_ERROR", "6", "2025-01-11T11:49:13Z"},
                {"374", "CALCULATION_ERROR", "2", "2025-01-12T11:07:05Z"},
                {"376", "CARELESS_READING", "71", "2025-01-12T11:11:24Z"},
                {"378", "CARELESS_READING", "1", "2025-01-12T11:18:18Z"},
                {"388", "CARELESS_READING", "4", "2025-01-12T13:17:57Z"},
            };
            List<MistakeAnalysis.Analysed> out = new ArrayList<>();
            for (String[] row : rows) {
                out.add(analyse(new Mistake("6d000000-0000-4000-8000-000000000" + row[0], STUDENT, "TR.FIZ.MEK.004",
                        row[1], null, Integer.valueOf(row[2]), Instant.parse(row[3]))));
            }
            return out;
        }

        @Test
        void theStatusesAreTheTriggers() {
            // given / when
            List<MistakeAnalysis.Analysed> out = replay();

            // then: the 12 h window of an aggressive student empties between the third and the fourth
            assertThat(out).extracting(a -> a.mistake().improvementTrend()).containsExactly(
                    PatternStatus.insufficient_data, PatternStatus.insufficient_data, PatternStatus.STUCK_LOOP,
                    PatternStatus.insufficient_data, PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                    PatternStatus.insufficient_data, PatternStatus.PANIC_RUSH, PatternStatus.PANIC_RUSH);
        }

        @Test
        void theExpectedDurationsAreTheTriggersToTheLastDigit() {
            // given / when
            List<MistakeAnalysis.Analysed> out = replay();

            // then
            assertThat(out).extracting(a -> a.mistake().expectedDuration() == null
                    ? null : a.mistake().expectedDuration().toPlainString()).containsExactly(
                    null, null, null, null, null,
                    "116.660000000000000000", "97.533333333333333365", "93.235714285714285755",
                    "81.700000000000000000");
        }

        @Test
        void theTimeRatiosAreTheTriggersToTheLastDigit() {
            // given / when
            List<MistakeAnalysis.Analysed> out = replay();

            // then
            assertThat(out).extracting(a -> a.mistake().timeRatio() == null
                    ? null : a.mistake().timeRatio().toPlainString()).containsExactly(
                    null, null, null, null, null,
                    "0.01714383679067375279", "0.72795625427204374549", "0.01072550371562093005",
                    "0.04895960832313341493");
        }

        @Test
        void theBaselineRowIsTheTriggersWithTheDefaultPresetsFiveSamples() {
            // given / when: the student is aggressive (baseline_test_count 3), the default is normal (5)
            Baseline last = replay().get(8).baseline();

            // then
            StudentTopicKey key = new StudentTopicKey(STUDENT, "TR.FIZ.MEK.004");
            assertThat(last).isEqualTo(new Baseline(key.rowId("student_baseline_performance"), STUDENT,
                    "TR.FIZ.MEK.004", new BigDecimal("122.8000000000000000"), 5, Instant.parse("2025-01-11T11:49:13Z"),
                    new BigDecimal("76.8888888888888889"), 9, new BigDecimal("0.37386898298950416205"), null, null,
                    new BigDecimal("73.044444444444444455"), "improvement", Instant.parse("2025-01-12T13:17:57Z")));
        }

        @Test
        void thePatternRowIsTheTriggers() {
            // given / when
            MistakePattern last = replay().get(8).pattern();

            // then
            StudentTopicKey key = new StudentTopicKey(STUDENT, "TR.FIZ.MEK.004");
            assertThat(last).isEqualTo(new MistakePattern(key.rowId("student_mistake_patterns"), STUDENT,
                    "TR.FIZ.MEK.004", "CALCULATION_ERROR", 6, Map.of("CARELESS_READING", 3, "CALCULATION_ERROR", 6),
                    PatternStatus.PANIC_RUSH, Instant.parse("2025-01-12T13:17:57Z")));
            assertThat(last.mistakeDistribution()).containsExactly(
                    Map.entry("CARELESS_READING", 3), Map.entry("CALCULATION_ERROR", 6));
        }
    }

    @Nested
    class MistakesWithoutTime {

        @Test
        void aMistakeWithoutTimeIsNotAnalysed() {
            // given
            analyse(mistake("CONCEPT_GAP", 60, T0));

            // when
            MistakeAnalysis.Analysed untimed = analyse(mistake("CONCEPT_GAP", null, T0.plusSeconds(60)));

            // then
            assertThat(untimed).isNull();
            assertThat(state(STUDENT, TOPIC).baseline().currentSampleCount()).isEqualTo(1);
            assertThat(state(STUDENT, TOPIC).pattern().mistakeDistribution()).containsExactly(Map.entry("CONCEPT_GAP", 1));
        }

        @Test
        void aMistakeOfZeroSecondsIsNotAnalysed() {
            // given
            Mistake zero = mistake("CONCEPT_GAP", 0, T0);

            // when
            MistakeAnalysis.Analysed analysed = analyse(zero);

            // then
            assertThat(analysed).isNull();
            assertThat(state(STUDENT, TOPIC).baseline()).isNull();
            assertThat(state(STUDENT, TOPIC).pattern()).isNull();
        }

        @Test
        void aMistakeWithoutTimeStillCountsInTheWindowButNotInTheDistribution() {
            // given: CONCEPT_GAP 60 s, then CONCEPT_GAP without time
            analyse(mistake("CONCEPT_GAP", 60, T0));
            analyse(mistake("CONCEPT_GAP", null, T0.plusSeconds(60)));

            // when: CONCEPT_GAP 60 s
            MistakeAnalysis.Analysed third = analyse(mistake("CONCEPT_GAP", 60, T0.plusSeconds(120)));

            // then
            assertThat(third.mistake().improvementTrend()).isEqualTo(PatternStatus.STUCK_LOOP);
            assertThat(third.pattern().mistakeDistribution()).containsExactly(Map.entry("CONCEPT_GAP", 2));
            assertThat(third.pattern().dominantMistakeCount()).isEqualTo(2);
        }
    }

    @Nested
    class UnknownCodes {

        @Test
        void anUnknownCodeIsLeftOutOfTheWindowButCountedInTheDistribution() {
            // given
            analyse(mistake("CALCULATION_ERROR", 60, T0));
            analyse(mistake("UNKNOWN_CODE", 60, T0.plusSeconds(60)));

            // when: W holds two mistakes only, so there is no past part
            MistakeAnalysis.Analysed third = analyse(mistake("CALCULATION_ERROR", 60, T0.plusSeconds(120)));

            // then
            assertThat(third.mistake().improvementTrend()).isEqualTo(PatternStatus.insufficient_data);
            assertThat(third.pattern().mistakeDistribution()).containsExactly(
                    Map.entry("UNKNOWN_CODE", 1), Map.entry("CALCULATION_ERROR", 2));
        }

        @Test
        void anUnknownCodeCanBeDominant() {
            // given
            analyse(mistake("NEW_CODE_X", 60, T0));
            analyse(mistake("CALCULATION_ERROR", 60, T0.plusSeconds(60)));

            // when
            MistakeAnalysis.Analysed third = analyse(mistake("NEW_CODE_X", 60, T0.plusSeconds(120)));

            // then
            assertThat(third.pattern().dominantMistakeCode()).isEqualTo("NEW_CODE_X");
            assertThat(third.pattern().dominantMistakeCount()).isEqualTo(2);
        }

        @Test
        void aFastMistakeWithAnUnknownCodeHasSeverityThreeAndIsPanicRush() {
            // given: five heavy 100 s mistakes establish an expectation of 95 s
            for (int i = 0; i < 5; i++) {
                analyse(mistake("CONCEPT_GAP", 100, T0.plusSeconds(60L * i)));
            }

            // when: 20 s is a ratio of 0.21 < 0.3, and severity 3 < 4
            MistakeAnalysis.Analysed fast = analyse(mistake("UNKNOWN_CODE", 20, T0.plusSeconds(300)));

            // then
            assertThat(fast.mistake().expectedDuration().toPlainString()).isEqualTo("95.000000000000000000");
            assertThat(fast.mistake().timeRatio().toPlainString()).isEqualTo("0.21052631578947368421");
            assertThat(fast.mistake().improvementTrend()).isEqualTo(PatternStatus.PANIC_RUSH);
        }

        @Test
        void aFastHeavyMistakeIsNotPanicRushByRatio() {
            // given: five heavy 100 s mistakes establish an expectation of 95 s
            for (int i = 0; i < 5; i++) {
                analyse(mistake("CONCEPT_GAP", 100, T0.plusSeconds(60L * i)));
            }

            // when: 20 s is a ratio of 0.21 < 0.3, but CONCEPT_GAP has severity 4
            MistakeAnalysis.Analysed fast = analyse(mistake("CONCEPT_GAP", 20, T0.plusSeconds(300)));

            // then
            assertThat(fast.mistake().improvementTrend()).isEqualTo(PatternStatus.STUCK_LOOP);
        }

        @Test
        void aCodeThatBecomesKnownJoinsTheWindowWithItsEarlierMistakes() {
            // given: three mistakes with a code not in mistake_types
            for (int i = 0; i < 3; i++) {
                analyse(mistake("NEW_CODE_X", 60, T0.plusSeconds(60L * i)));
            }

            // when: the code is added, then a fourth mistake with it
            refs.severities.put("NEW_CODE_X", 2);
            MistakeAnalysis.Analysed fourth = analyse(mistake("NEW_CODE_X", 60, T0.plusSeconds(180)));

            // then
            assertThat(fourth.mistake().improvementTrend()).isEqualTo(PatternStatus.STUCK_LOOP);
        }
    }

    @Nested
    class Presets {

        @Test
        void threeFourSecondMistakesArePanicRushForADefaultStudent() {
            // given / when
            MistakeAnalysis.Analysed third = repeat(3, "CALCULATION_ERROR", 4).get(2);

            // then
            assertThat(third.mistake().improvementTrend()).isEqualTo(PatternStatus.PANIC_RUSH);
        }

        @Test
        void threeFourSecondMistakesAreStuckLoopForAnAggressiveStudent() {
            // given: aggressive panic_absolute_min is 3 s
            refs.studentPresets.put(STUDENT, "aggressive");

            // when
            MistakeAnalysis.Analysed third = repeat(3, "CALCULATION_ERROR", 4).get(2);

            // then
            assertThat(third.mistake().improvementTrend()).isEqualTo(PatternStatus.STUCK_LOOP);
        }

        @Test
        void aSoftStudentNeedsFourMistakesBeforeAnyStatus() {
            // given
            refs.studentPresets.put(STUDENT, "soft");

            // when
            List<MistakeAnalysis.Analysed> out = repeat(4, "CALCULATION_ERROR", 7);

            // then: the first three fill only the recent part (trend_recent_count 3)
            assertThat(out).extracting(a -> a.mistake().improvementTrend()).containsExactly(
                    PatternStatus.insufficient_data, PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                    PatternStatus.PANIC_RUSH);
        }

        @Test
        void aSoftStudentStillGetsStuckLoopAfterThreeEqualCodes() {
            // given: soft stuck_repeat_threshold 4 is stored but used by no rule
            refs.studentPresets.put(STUDENT, "soft");
            analyse(mistake("SIGN_ERROR", 60, T0));
            analyse(mistake("CONCEPT_GAP", 60, T0.plusSeconds(60)));
            analyse(mistake("CONCEPT_GAP", 60, T0.plusSeconds(120)));

            // when
            MistakeAnalysis.Analysed fourth = analyse(mistake("CONCEPT_GAP", 60, T0.plusSeconds(180)));

            // then
            assertThat(fourth.mistake().improvementTrend()).isEqualTo(PatternStatus.STUCK_LOOP);
        }

        @Test
        void anAggressiveStudentsBaselineFollowsTheDefaultPreset() {
            // given: aggressive would establish after 3 samples with R 0.90
            refs.studentPresets.put(STUDENT, "aggressive");

            // when
            List<MistakeAnalysis.Analysed> out = repeat(5, "CALCULATION_ERROR", 3);

            // then: normal (the default) establishes after 5 with R 0.95
            assertThat(out.get(2).baseline().learningPhase()).isEqualTo("baseline");
            assertThat(out.get(2).baseline().adaptiveExpectedDuration()).isNull();
            assertThat(out.get(4).baseline().learningPhase()).isEqualTo("improvement");
            assertThat(out.get(4).baseline().adaptiveExpectedDuration().toPlainString()).isEqualTo("2.850000000000000000");
        }

        @Test
        void aNormalStudentsBaselineFollowsAnAggressiveDefault() {
            // given
            refs.defaultPresetName = "aggressive";
            refs.studentPresets.put(STUDENT, "normal");

            // when
            Baseline third = repeat(3, "CALCULATION_ERROR", 3).get(2).baseline();

            // then
            assertThat(third.learningPhase()).isEqualTo("improvement");
            assertThat(third.adaptiveExpectedDuration().toPlainString()).isEqualTo("2.700000000000000000");
        }

        @Test
        void aStudentOfAMissingPresetGetsTheDefault() {
            // given
            refs.studentPresets.put(STUDENT, "deleted-preset");

            // when
            MistakeAnalysis.Analysed third = repeat(3, "CALCULATION_ERROR", 4).get(2);

            // then: 4 s < normal's 5 s
            assertThat(third.mistake().improvementTrend()).isEqualTo(PatternStatus.PANIC_RUSH);
        }
    }

    @Nested
    class Keys {

        @Test
        void onATieTheDominantCodeIsTheFirstInJsonbOrder() {
            // given
            analyse(mistake("CALCULATION_ERROR", 60, T0));
            analyse(mistake("CALCULATION_ERROR", 60, T0.plusSeconds(60)));
            analyse(mistake("SIGN_ERROR", 60, T0.plusSeconds(120)));

            // when
            MistakeAnalysis.Analysed fourth = analyse(mistake("SIGN_ERROR", 60, T0.plusSeconds(180)));

            // then
            assertThat(fourth.pattern().dominantMistakeCode()).isEqualTo("SIGN_ERROR");
            assertThat(fourth.pattern().dominantMistakeCount()).isEqualTo(2);
        }

        @Test
        void aNullTopicIsClassifiedLikeAnyOtherTopic() {
            // given: the triggers never got past insufficient_data here (NULL = NULL failed)
            analyse(mistake(STUDENT, null, "CONCEPT_GAP", 60, T0));
            analyse(mistake(STUDENT, null, "CONCEPT_GAP", 60, T0.plusSeconds(60)));

            // when
            MistakeAnalysis.Analysed third = analyse(mistake(STUDENT, null, "CONCEPT_GAP", 60, T0.plusSeconds(120)));

            // then
            assertThat(third.mistake().improvementTrend()).isEqualTo(PatternStatus.STUCK_LOOP);
            assertThat(third.baseline().globalTopicUid()).isNull();
            assertThat(third.baseline().currentSampleCount()).isEqualTo(3);
        }

        @Test
        void aLateMistakePointsItsUpdateAtTheNewestMistakeOfTheKey() {
            // given
            Mistake newest = mistake("SIGN_ERROR", 60, T0.plusSeconds(600));
            analyse(newest);

            // when
            Mistake late = mistake("SIGN_ERROR", 60, T0);
            MistakeAnalysis.Analysed analysed = analyse(late);

            // then
            assertThat(analysed.update()).isEqualTo(new PatternUpdate(STUDENT, TOPIC, PatternStatus.insufficient_data,
                    T0, late.id(), newest.id()));
        }

        @Test
        void ofTwoMistakesAtTheSameTimeTheOneProcessedLaterIsTheNewest() {
            // given
            analyse(mistake("SIGN_ERROR", 60, T0));

            // when
            Mistake same = mistake("CONCEPT_GAP", 60, T0);
            MistakeAnalysis.Analysed analysed = analyse(same);

            // then
            assertThat(analysed.update().sourceMistakeId()).isEqualTo(same.id());
            assertThat(state(STUDENT, TOPIC).history().entries().get(0).mistakeCode()).isEqualTo("CONCEPT_GAP");
        }

        @Test
        void theUntimedNewestMistakeIsStillTheSourceOfLaterUpdates() {
            // given
            analyse(mistake("SIGN_ERROR", 60, T0));
            Mistake untimed = mistake("SIGN_ERROR", null, T0.plusSeconds(600));
            analyse(untimed);

            // when
            MistakeAnalysis.Analysed late = analyse(mistake("SIGN_ERROR", 60, T0.plusSeconds(60)));

            // then
            assertThat(late.update().sourceMistakeId()).isEqualTo(untimed.id());
        }
    }
}
