package io.mistakeflow.analyzer.topology;

import static io.mistakeflow.analyzer.topology.AnalyzerDriver.STUDENT;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.TOPIC;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.mistakeId;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.mistakeRow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.mistakeflow.common.Topics;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.mistake.StudentTopicKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mistakes through the analyzer topology: the worked example (docs/behaviour.md#worked-example) and how mistake rows are read. */
class AnalyzerTopologyTest {

    private static final Instant T1 = Instant.parse("2025-01-06T10:00:01Z");
    private static final String KEY = new StudentTopicKey(STUDENT, TOPIC).encode();
    private static final String BASELINE_ID = new StudentTopicKey(STUDENT, TOPIC).rowId("student_baseline_performance");
    private static final String PATTERN_ID = new StudentTopicKey(STUDENT, TOPIC).rowId("student_mistake_patterns");

    private AnalyzerDriver analyzer;

    @BeforeEach
    void start() {
        analyzer = new AnalyzerDriver().seeded();
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    private static Instant at(int n) {
        return T1.plusSeconds(n - 1L);
    }

    /** The worked example (docs/behaviour.md#worked-example): six 3 s CALCULATION_ERROR mistakes, one second apart. */
    private void workedExample() {
        for (int n = 1; n <= 6; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 3, at(n));
        }
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    private static Baseline collecting(int n, BigDecimal avg) {
        return new Baseline(BASELINE_ID, STUDENT, TOPIC, avg, n, null, avg, n, null, null, null, null, "baseline", at(n));
    }

    @Test
    void theWorkedExamplePublishesTheBaselineAfterEveryMistake() {
        // given / when
        workedExample();

        // then
        BigDecimal three = dec("3.0000000000000000");
        assertThat(analyzer.baselines.readRecordsToList()).containsExactly(
                new TestRecord<>(KEY, collecting(1, dec("3")), at(1)),
                new TestRecord<>(KEY, collecting(2, three), at(2)),
                new TestRecord<>(KEY, collecting(3, three), at(3)),
                new TestRecord<>(KEY, collecting(4, three), at(4)),
                new TestRecord<>(KEY, new Baseline(BASELINE_ID, STUDENT, TOPIC, three, 5, at(5), three, 5,
                        null, null, null, dec("2.850000000000000000"), "improvement", at(5)), at(5)),
                new TestRecord<>(KEY, new Baseline(BASELINE_ID, STUDENT, TOPIC, three, 5, at(5), three, 6,
                        dec("0.00000000000000000000"), null, null, dec("2.850000000000000000"), "improvement", at(6)),
                        at(6)));
    }

    @Test
    void theWorkedExamplePublishesThePatternAfterEveryMistake() {
        // given / when
        workedExample();

        // then
        List<PatternStatus> statuses = List.of(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.PANIC_RUSH, PatternStatus.PANIC_RUSH, PatternStatus.PANIC_RUSH, PatternStatus.PANIC_RUSH);
        List<TestRecord<String, MistakePattern>> expected = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            expected.add(new TestRecord<>(KEY, new MistakePattern(PATTERN_ID, STUDENT, TOPIC, "CALCULATION_ERROR", n,
                    Map.of("CALCULATION_ERROR", n), statuses.get(n - 1), at(n)), at(n)));
        }
        assertThat(analyzer.patterns.readRecordsToList()).containsExactlyElementsOf(expected);
    }

    @Test
    void theWorkedExamplePublishesEachAnalysedMistakeUnderItsId() {
        // given / when
        workedExample();

        // then
        assertThat(analyzer.analysedMistakes.readRecordsToList()).containsExactly(
                new TestRecord<>(mistakeId(1), new AnalysedMistake(mistakeId(1), STUDENT, TOPIC, null, null, false,
                        PatternStatus.insufficient_data), at(1)),
                new TestRecord<>(mistakeId(2), new AnalysedMistake(mistakeId(2), STUDENT, TOPIC, null, null, false,
                        PatternStatus.insufficient_data), at(2)),
                new TestRecord<>(mistakeId(3), new AnalysedMistake(mistakeId(3), STUDENT, TOPIC, null, null, false,
                        PatternStatus.PANIC_RUSH), at(3)),
                new TestRecord<>(mistakeId(4), new AnalysedMistake(mistakeId(4), STUDENT, TOPIC, null, null, false,
                        PatternStatus.PANIC_RUSH), at(4)),
                new TestRecord<>(mistakeId(5), new AnalysedMistake(mistakeId(5), STUDENT, TOPIC, null, null, false,
                        PatternStatus.PANIC_RUSH), at(5)),
                new TestRecord<>(mistakeId(6), new AnalysedMistake(mistakeId(6), STUDENT, TOPIC,
                        dec("2.850000000000000000"), dec("1.052631578947368421"), true, PatternStatus.PANIC_RUSH),
                        at(6)));
    }

    @Test
    void theWorkedExamplePublishesOnePatternUpdatePerMistakeUnderTheStudent() {
        // given / when
        workedExample();

        // then
        assertThat(analyzer.patternUpdates.readRecordsToList()).containsExactly(
                new TestRecord<>(STUDENT, new PatternUpdate(STUDENT, TOPIC, PatternStatus.insufficient_data, at(1),
                        mistakeId(1), mistakeId(1)), at(1)),
                new TestRecord<>(STUDENT, new PatternUpdate(STUDENT, TOPIC, PatternStatus.insufficient_data, at(2),
                        mistakeId(2), mistakeId(2)), at(2)),
                new TestRecord<>(STUDENT, new PatternUpdate(STUDENT, TOPIC, PatternStatus.PANIC_RUSH, at(3),
                        mistakeId(3), mistakeId(3)), at(3)),
                new TestRecord<>(STUDENT, new PatternUpdate(STUDENT, TOPIC, PatternStatus.PANIC_RUSH, at(4),
                        mistakeId(4), mistakeId(4)), at(4)),
                new TestRecord<>(STUDENT, new PatternUpdate(STUDENT, TOPIC, PatternStatus.PANIC_RUSH, at(5),
                        mistakeId(5), mistakeId(5)), at(5)),
                new TestRecord<>(STUDENT, new PatternUpdate(STUDENT, TOPIC, PatternStatus.PANIC_RUSH, at(6),
                        mistakeId(6), mistakeId(6)), at(6)));
    }

    @Test
    void outputsKeepTheCommitTimeOfTheMistakeAsTheirTimestamp() {
        // given a mistake committed a day after it occurred (a backfill)
        Instant committed = Instant.parse("2025-03-01T12:00:00Z");
        String row = AnalyzerDriver.mistakeRow(mistakeId(1), STUDENT, TOPIC, "CALCULATION_ERROR", 3,
                "\"2025-01-06T10:00:01\"");

        // when
        analyzer.mistakes.pipeInput(STUDENT, row, committed);

        // then: event times are in the values; the record timestamps stay the commit time
        assertThat(analyzer.baselines.readRecord().getRecordTime()).isEqualTo(committed);
        assertThat(analyzer.patterns.readRecord().getRecordTime()).isEqualTo(committed);
        assertThat(analyzer.analysedMistakes.readRecord().getRecordTime()).isEqualTo(committed);
        TestRecord<String, PatternUpdate> update = analyzer.patternUpdates.readRecord();
        assertThat(update.getRecordTime()).isEqualTo(committed);
        assertThat(update.value().eventTime()).isEqualTo(Instant.parse("2025-01-06T10:00:01Z"));
    }

    @Test
    void theDistributionIsWrittenInJsonbKeyOrder() {
        // given
        analyzer.mistake(1, "CALCULATION_ERROR", 60, at(1));

        // when
        analyzer.mistake(2, "SIGN_ERROR", 60, at(2));

        // then
        byte[] json = analyzer.driver.createOutputTopic(Topics.PATTERNS.name(), new StringDeserializer(),
                new ByteArrayDeserializer()).readValuesToList().get(1);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"mistake_distribution\":{\"SIGN_ERROR\":1,\"CALCULATION_ERROR\":1}")
                .contains("\"dominant_mistake_code\":\"SIGN_ERROR\"");
    }

    @Test
    void aMistakeWithoutTimeProducesNoOutput() {
        // given
        analyzer.mistake(1, "CONCEPT_GAP", 60, at(1));

        // when
        analyzer.mistake(2, "CONCEPT_GAP", null, at(2));

        // then
        assertThat(analyzer.baselines.getQueueSize()).isEqualTo(1);
        assertThat(analyzer.patterns.getQueueSize()).isEqualTo(1);
        assertThat(analyzer.analysedMistakes.getQueueSize()).isEqualTo(1);
        assertThat(analyzer.patternUpdates.getQueueSize()).isEqualTo(1);
        assertThat(analyzer.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aMistakeWithoutTimeStillCountsInTheWindow() {
        // given: CONCEPT_GAP 60 s, CONCEPT_GAP without time
        analyzer.mistake(1, "CONCEPT_GAP", 60, at(1));
        analyzer.mistake(2, "CONCEPT_GAP", null, at(2));

        // when: CONCEPT_GAP 60 s
        analyzer.mistake(3, "CONCEPT_GAP", 60, at(3));

        // then
        List<MistakePattern> patterns = analyzer.patterns.readValuesToList();
        assertThat(patterns).hasSize(2);
        assertThat(patterns.get(1).improvementTrend()).isEqualTo(PatternStatus.STUCK_LOOP);
        assertThat(patterns.get(1).mistakeDistribution()).isEqualTo(Map.of("CONCEPT_GAP", 2));
    }

    @Test
    void aNullTopicIsAKeyOfItsOwn() {
        // given
        analyzer.mistake(1, STUDENT, TOPIC, "SIGN_ERROR", 30, at(1));

        // when
        analyzer.mistake(2, STUDENT, null, "SIGN_ERROR", 40, at(2));

        // then
        List<TestRecord<String, Baseline>> baselines = analyzer.baselines.readRecordsToList();
        assertThat(baselines).extracting(TestRecord::key).containsExactly(STUDENT + "|=" + TOPIC, STUDENT + "|");
        Baseline nullTopic = baselines.get(1).value();
        assertThat(nullTopic.globalTopicUid()).isNull();
        assertThat(nullTopic.id()).isEqualTo(new StudentTopicKey(STUDENT, null).rowId("student_baseline_performance"));
        assertThat(nullTopic.currentSampleCount()).isEqualTo(1);
        assertThat(nullTopic.currentAvgDuration()).isEqualByComparingTo("40");
    }

    @Test
    void anotherStudentsMistakesDoNotMeetInOneWindow() {
        // given
        String other = "00000000-0000-4000-8000-000000000020";
        analyzer.mistake(1, STUDENT, TOPIC, "CONCEPT_GAP", 60, at(1));
        analyzer.mistake(2, other, TOPIC, "CONCEPT_GAP", 60, at(2));

        // when
        analyzer.mistake(3, STUDENT, TOPIC, "CONCEPT_GAP", 60, at(3));

        // then
        assertThat(analyzer.patternUpdates.readRecordsToList()).extracting(TestRecord::key, r -> r.value().status())
                .containsExactly(
                        tuple(STUDENT, PatternStatus.insufficient_data),
                        tuple(other, PatternStatus.insufficient_data),
                        tuple(STUDENT, PatternStatus.insufficient_data));
    }

    @Test
    void occurredAtWithoutAnOffsetIsUtc() {
        // given
        String row = mistakeRow(mistakeId(1), STUDENT, TOPIC, "SIGN_ERROR", 30, "\"2025-01-06T10:00:01\"");

        // when
        analyzer.mistakes.pipeInput(STUDENT, row, analyzer.nextCommit());

        // then
        TestRecord<String, PatternUpdate> update = analyzer.patternUpdates.readRecord();
        assertThat(update.value().eventTime()).isEqualTo(Instant.parse("2025-01-06T10:00:01Z"));
    }

    @Test
    void occurredAtWithAnOffsetIsConvertedToUtc() {
        // given
        String row = mistakeRow(mistakeId(1), STUDENT, TOPIC, "SIGN_ERROR", 30, "\"2025-01-06T13:00:01+03:00\"");

        // when
        analyzer.mistakes.pipeInput(STUDENT, row, analyzer.nextCommit());

        // then
        TestRecord<String, PatternUpdate> update = analyzer.patternUpdates.readRecord();
        assertThat(update.value().eventTime()).isEqualTo(Instant.parse("2025-01-06T10:00:01Z"));
    }

    @Test
    void occurredAtInEpochMicrosecondsIsReadAsDebeziumSendsIt() {
        // given
        String row = mistakeRow(mistakeId(1), STUDENT, TOPIC, "SIGN_ERROR", 30, "1736157601250000");

        // when
        analyzer.mistakes.pipeInput(STUDENT, row, analyzer.nextCommit());

        // then
        TestRecord<String, Baseline> baseline = analyzer.baselines.readRecord();
        assertThat(baseline.value().updatedAt()).isEqualTo(Instant.parse("2025-01-06T10:00:01.250Z"));
    }

    @Test
    void aDeletedMistakeRowIsIgnored() {
        // given
        analyzer.mistake(1, "SIGN_ERROR", 30, at(1));
        analyzer.patternUpdates.readRecordsToList();

        // when
        analyzer.mistakes.pipeInput(STUDENT, (String) null, analyzer.nextCommit());

        // then
        assertThat(analyzer.patternUpdates.isEmpty()).isTrue();
        assertThat(analyzer.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRedeliveredMistakeIsNotAnalysedTwice() {
        // given: three mistakes analysed
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "SIGN_ERROR", 30, at(n));
        }
        analyzer.patternUpdates.readRecordsToList();
        analyzer.baselines.readRecordsToList();

        // when: the source resends the second and third (Debezium after a crash), then a new one
        analyzer.mistake(2, "SIGN_ERROR", 30, at(2));
        analyzer.mistake(3, "SIGN_ERROR", 30, at(3));
        analyzer.mistake(4, "SIGN_ERROR", 30, at(4));

        // then: only the fourth is analysed, and its baseline counts four mistakes, not six
        assertThat(analyzer.analysedMistakes.readValuesToList()).extracting(m -> m.id())
                .containsExactly(AnalyzerDriver.mistakeId(1), AnalyzerDriver.mistakeId(2), AnalyzerDriver.mistakeId(3),
                        AnalyzerDriver.mistakeId(4));
        assertThat(analyzer.baselines.readValuesToList()).singleElement()
                .satisfies(b -> assertThat(b.currentSampleCount()).isEqualTo(4));
        assertThat(analyzer.metrics.registry().find(PipelineMetrics.MISTAKES_ANALYSED).tag("status", "redelivered")
                .counter().count()).isEqualTo(2.0);
    }

    @Test
    void theSameIdMoreThanADayOfCommitsLaterIsAnalysedAgain() {
        // given
        analyzer.mistakes.pipeInput(STUDENT, AnalyzerDriver.mistakeRow(AnalyzerDriver.mistakeId(1), STUDENT, TOPIC,
                "SIGN_ERROR", 30, "\"2025-02-01T00:00:00\""), Instant.parse("2025-02-01T00:00:00Z"));

        // when: a row with that id committed two days later (not a redelivery: a reused id)
        analyzer.mistakes.pipeInput(STUDENT, AnalyzerDriver.mistakeRow(AnalyzerDriver.mistakeId(1), STUDENT, TOPIC,
                "SIGN_ERROR", 30, "\"2025-02-03T00:00:00\""), Instant.parse("2025-02-03T00:00:00Z"));

        // then
        assertThat(analyzer.analysedMistakes.readValuesToList()).hasSize(2);
    }

    @Test
    void mistakesTheTriggersAnalyseBuildStateOnlyAndThePipelineTakesOverFromIt() {
        // given: a cut-over (db/cutover): the first three worked-example mistakes stamped for the triggers
        for (int n = 1; n <= 6; n++) {
            String stamp = n <= 3 ? "triggers" : "pipeline";
            String row = AnalyzerDriver.mistakeRow(AnalyzerDriver.mistakeId(n), STUDENT, TOPIC, "CALCULATION_ERROR", 3,
                    "\"" + at(n).toString().replace("Z", "") + "\"");
            analyzer.mistakes.pipeInput(STUDENT, row.replace("}", ",\"analysed_by\":\"" + stamp + "\"}"), at(n));
        }

        // then: nothing for the triggers' three; the pipeline's three continue their state exactly
        // (the worked example's rows 4 to 6: baseline n 4, 5, 6; established at the fifth)
        assertThat(analyzer.analysedMistakes.readValuesToList()).extracting(m -> m.id())
                .containsExactly(AnalyzerDriver.mistakeId(4), AnalyzerDriver.mistakeId(5), AnalyzerDriver.mistakeId(6));
        BigDecimal three = dec("3.0000000000000000");
        assertThat(analyzer.baselines.readValuesToList()).containsExactly(
                collecting(4, three),
                new Baseline(BASELINE_ID, STUDENT, TOPIC, three, 5, at(5), three, 5,
                        null, null, null, dec("2.850000000000000000"), "improvement", at(5)),
                new Baseline(BASELINE_ID, STUDENT, TOPIC, three, 5, at(5), three, 6,
                        dec("0.00000000000000000000"), null, null, dec("2.850000000000000000"), "improvement", at(6)));
        assertThat(analyzer.patterns.readValuesToList()).extracting(MistakePattern::dominantMistakeCount)
                .containsExactly(4, 5, 6);
        assertThat(analyzer.patternUpdates.readValuesToList()).extracting(u -> u.mistakeId())
                .containsExactly(AnalyzerDriver.mistakeId(4), AnalyzerDriver.mistakeId(5), AnalyzerDriver.mistakeId(6));
        assertThat(analyzer.metrics.registry().find(PipelineMetrics.MISTAKES_ANALYSED).tag("status", "by_triggers")
                .counter().count()).isEqualTo(3.0);
    }
}
