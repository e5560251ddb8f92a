package io.mistakeflow.analyzer.topology;

import static io.mistakeflow.analyzer.topology.AnalyzerDriver.STUDENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Settings, presets and mistake types apply to the mistakes processed after them, and only to those. */
class AnalyzerReferenceDataTest {

    private static final Instant T1 = Instant.parse("2025-01-06T10:00:01Z");

    private final AnalyzerDriver analyzer = new AnalyzerDriver();

    @AfterEach
    void stop() {
        analyzer.close();
    }

    private static Instant at(int n) {
        return T1.plusSeconds(n - 1L);
    }

    private List<PatternStatus> statuses() {
        return analyzer.patternUpdates.readValuesToList().stream().map(PatternUpdate::status).toList();
    }

    @Test
    void aSettingsChangeAppliesToLaterMistakesOnly() {
        // given: three 4 s mistakes on the default preset, the third PANIC_RUSH (4 s < 5 s)
        analyzer.seeded();
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 4, at(n));
        }

        // when: the student moves to aggressive (panic below 3 s), then a fourth 4 s mistake
        analyzer.studentPreset(STUDENT, "aggressive");
        analyzer.mistake(4, "CALCULATION_ERROR", 4, at(4));

        // then
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.PANIC_RUSH, PatternStatus.STUCK_LOOP);
    }

    @Test
    void aDeletedSettingsRowBringsTheStudentBackToTheDefault() {
        // given: an aggressive student with three 4 s mistakes
        analyzer.seeded();
        analyzer.studentPreset(STUDENT, "aggressive");
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 4, at(n));
        }

        // when
        analyzer.studentSettings.pipeInput(STUDENT, (String) null, analyzer.nextCommit());
        analyzer.mistake(4, "CALCULATION_ERROR", 4, at(4));

        // then
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.STUCK_LOOP, PatternStatus.PANIC_RUSH);
    }

    @Test
    void aPresetArrivingAfterTheSettingsThatNameItIsUsedFromThenOn() {
        // given: a student on "soft" before the soft preset exists, so on the default
        analyzer.mistakeType("CALCULATION_ERROR", 2);
        analyzer.preset("normal", true, AnalyzerDriver.NORMAL_SETTINGS);
        analyzer.studentPreset(STUDENT, "soft");
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 60, at(n));
        }

        // when: soft arrives; soft needs four mistakes before any status
        analyzer.preset("soft", false, AnalyzerDriver.SOFT_SETTINGS);
        analyzer.mistake(4, "CALCULATION_ERROR", 6, at(4));

        // then: the third was STUCK_LOOP on normal; the fourth is PANIC_RUSH by soft's 8 s
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.STUCK_LOOP, PatternStatus.PANIC_RUSH);
    }

    @Test
    void aPresetDeletedBetweenMistakesIsNotUsedForTheNext() {
        // given: the student on soft, which needs four mistakes before any status
        analyzer.seeded();
        analyzer.studentPreset(STUDENT, "soft");
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 60, at(n));
        }

        // when: soft is deleted, so the student is on the default (normal) again
        analyzer.presets.pipeInput("soft", (String) null, analyzer.nextCommit());
        analyzer.mistake(4, "CALCULATION_ERROR", 6, at(4));

        // then: normal's STUCK_LOOP by three repeats (soft would have said PANIC_RUSH by its 8 s)
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.insufficient_data, PatternStatus.STUCK_LOOP);
    }

    @Test
    void aCodeBecomingKnownJoinsTheWindowWithItsEarlierMistakes() {
        // given: three mistakes with a code not in mistake_types, so an empty window
        analyzer.seeded();
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "NEW_CODE_X", 60, at(n));
        }

        // when
        analyzer.mistakeType("NEW_CODE_X", 2);
        analyzer.mistake(4, "NEW_CODE_X", 60, at(4));

        // then
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.insufficient_data, PatternStatus.STUCK_LOOP);
    }

    @Test
    void aDeletedMistakeTypeLeavesTheWindowFromThenOn() {
        // given
        analyzer.seeded();
        analyzer.mistake(1, "CONCEPT_GAP", 60, at(1));
        analyzer.mistake(2, "CONCEPT_GAP", 60, at(2));

        // when
        analyzer.mistakeTypes.pipeInput("CONCEPT_GAP", (String) null, analyzer.nextCommit());
        analyzer.mistake(3, "CONCEPT_GAP", 60, at(3));

        // then: without the deletion the third would be STUCK_LOOP
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.insufficient_data);
    }

    @Test
    void aMistakeTypeRowThatDoesNotParseIsDeadLetteredAndLeavesTheCodeUnknown() {
        // given
        analyzer.seeded();
        analyzer.mistakeTypes.pipeInput("NEW_CODE_X", "{\"mistake_code\":\"NEW_CODE_X\"}", analyzer.nextCommit());

        // when
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "NEW_CODE_X", 60, at(n));
        }

        // then: the code stays unknown, its mistakes out of the window; the loader sent the row aside itself
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.insufficient_data);
        assertThat(analyzer.referenceDeadLetters.sent()).extracting(ProducerRecord::key).containsExactly("NEW_CODE_X");
    }

    @Test
    void aDefaultPresetWithSettingsAsAJsonStringSetsTheBaselineParameters() {
        // given: Debezium sends jsonb as a string
        analyzer.mistakeType("CALCULATION_ERROR", 2);
        analyzer.presets.pipeInput("quick", "{\"preset_name\":\"quick\",\"is_default\":true,"
                + "\"settings\":\"{\\\"baseline_test_count\\\": 3, \\\"improvement_target_ratio\\\": 0.90}\"}",
                analyzer.nextCommit());

        // when
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 3, at(n));
        }

        // then
        Baseline third = analyzer.baselines.readValuesToList().get(2);
        assertThat(third.learningPhase()).isEqualTo("improvement");
        assertThat(third.baselineEstablishedAt()).isEqualTo(at(3));
        assertThat(third.adaptiveExpectedDuration().toPlainString()).isEqualTo("2.700000000000000000");
    }

    @Test
    void withoutAnyPresetTheNormalValuesApply() {
        // given
        analyzer.mistakeType("CALCULATION_ERROR", 2);

        // when
        for (int n = 1; n <= 5; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 3, at(n));
        }

        // then
        Baseline fifth = analyzer.baselines.readValuesToList().get(4);
        assertThat(fifth.learningPhase()).isEqualTo("improvement");
        assertThat(fifth.adaptiveExpectedDuration().toPlainString()).isEqualTo("2.850000000000000000");
    }

    @Test
    void anAggressiveStudentsBaselineStillFollowsTheDefaultPreset() {
        // given
        analyzer.seeded();
        analyzer.studentPreset(STUDENT, "aggressive");

        // when
        for (int n = 1; n <= 5; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 3, at(n));
        }

        // then
        List<Baseline> baselines = analyzer.baselines.readValuesToList();
        assertThat(baselines).extracting(Baseline::learningPhase)
                .containsExactly("baseline", "baseline", "baseline", "baseline", "improvement");
        assertThat(baselines.get(4).adaptiveExpectedDuration().toPlainString()).isEqualTo("2.850000000000000000");
    }
}
