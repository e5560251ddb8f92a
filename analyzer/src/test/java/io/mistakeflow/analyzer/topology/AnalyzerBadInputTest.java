package io.mistakeflow.analyzer.topology;

import static io.mistakeflow.analyzer.topology.AnalyzerDriver.STUDENT;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.TOPIC;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.mistakeId;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.mistakeRow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.Counter;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.deadletter.DeadLetter;
import io.mistakeflow.common.metrics.PipelineMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The analyzer's bad input, one kind per test (docs/behaviour.md#bad-input): a bad record goes to
 * the dead-letter topic untouched with its reason and origin, is counted by reason and source
 * topic, and the good records around it are processed. The odd-but-valid kinds (an unknown code,
 * an unknown preset, tombstones) are processed by the rules and dead-letter nothing.
 *
 * <p>Mistake tests pipe a good mistake (offset 0), the bad record (offset 1, committed half a
 * second after the first) and a good mistake (offset 2).
 */
class AnalyzerBadInputTest {

    private static final String APPLICATION = "analyzer-topology-test";
    private static final Instant FIRST = Instant.parse("2025-01-06T10:00:01Z");
    private static final Instant BAD_COMMIT = FIRST.plusMillis(500);
    private static final Instant SECOND = FIRST.plusSeconds(1);

    private AnalyzerDriver analyzer;

    @BeforeEach
    void start() {
        analyzer = new AnalyzerDriver().seeded();
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    @Test
    void malformedJsonIsSetAsideAndTheMistakesAroundItAreAnalysed() {
        // given
        String row = "{\"id\":\"" + mistakeId(9) + "\",\"student_id\":";

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "malformed JSON: Unexpected end-of-input within/between Object entries",
                "malformed_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"id\":\"6d000000-0000-4000-8000-000000000009\"}]", "42", "\"a mistake\"", "null"})
    void jsonThatIsNoObjectIsSetAside(String row) {
        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "value is not a JSON object", "not_an_object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"student_id\":null,", "\"student_id\":\"\",", "\"student_id\":\"   \","})
    void aMissingOrEmptyStudentIdIsSetAside(String studentField) {
        // given
        String row = "{\"id\":\"" + mistakeId(9) + "\"," + studentField + "\"global_topic_uid\":\"" + TOPIC + "\","
                + "\"mistake_code\":\"SIGN_ERROR\",\"time_spent_seconds\":30,\"occurred_at\":\"2025-01-06T10:00:01\"}";

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "student_id is missing", "missing_field");
    }

    @Test
    void aStudentIdThatIsNotAUuidIsSetAside() {
        // given
        String row = mistakeRow(mistakeId(9), "student-10", TOPIC, "SIGN_ERROR", 30, "\"2025-01-06T10:00:01\"");

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"student-10\"",
                "invalid_value");
    }

    @Test
    void aMistakeIdThatIsNotAUuidIsSetAside() {
        // given
        String row = mistakeRow("m-9", STUDENT, TOPIC, "SIGN_ERROR", 30, "\"2025-01-06T10:00:01\"");

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "id is not a UUID (8-4-4-4-12 lower-case hex digits): \"m-9\"", "invalid_value");
    }

    @Test
    void aMissingOccurredAtIsSetAside() {
        // given
        String row = "{\"id\":\"" + mistakeId(9) + "\",\"student_id\":\"" + STUDENT + "\",\"global_topic_uid\":\""
                + TOPIC + "\",\"mistake_code\":\"SIGN_ERROR\",\"time_spent_seconds\":30}";

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "occurred_at is missing", "missing_field");
    }

    @Test
    void anUnparseableOccurredAtIsSetAside() {
        // given
        String row = mistakeRow(mistakeId(9), STUDENT, TOPIC, "SIGN_ERROR", 30, "\"06/01/2025 10:00\"");

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row,
                "occurred_at is not an ISO-8601 timestamp or epoch microseconds: \"06/01/2025 10:00\"", "invalid_value");
    }

    @Test
    void anOccurredAtMoreThanADayAfterItsCommitIsSetAside() {
        // given: committed 2025-01-06T10:00:01.5, occurred a day and a second later
        String row = mistakeRow(mistakeId(9), STUDENT, TOPIC, "SIGN_ERROR", 30, "\"2025-01-07T10:00:02.5\"");

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "occurred_at is more than a day after the record's timestamp"
                + " 2025-01-06T10:00:01.5: 2025-01-07T10:00:02.5", "invalid_value");
    }

    @Test
    void anOccurredAtLessThanADayAfterItsCommitIsAnalysed() {
        // given: a client clock an hour ahead
        String row = mistakeRow(mistakeId(9), STUDENT, TOPIC, "SIGN_ERROR", 30, "\"2025-01-06T11:00:01.5\"");

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertThat(analyzedMistakeIds()).containsExactly(mistakeId(1), mistakeId(9), mistakeId(2));
        assertNothingSetAside();
    }

    @Test
    void aNegativeTimeIsSetAside() {
        // given
        String row = mistakeRow(mistakeId(9), STUDENT, TOPIC, "SIGN_ERROR", -30, "\"2025-01-06T10:00:01\"");

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "time_spent_seconds is negative: -30", "invalid_value");
    }

    @Test
    void aTimeOfMoreThanADayIsSetAside() {
        // given: a week
        String row = mistakeRow(mistakeId(9), STUDENT, TOPIC, "SIGN_ERROR", 604_800, "\"2025-01-06T10:00:01\"");

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "time_spent_seconds is more than a day (86400): 604800", "invalid_value");
    }

    @Test
    void aOneMegabyteRecordIsSetAsideUntouched() {
        // given: a valid row padded with a megabyte of spaces
        String valid = mistakeRow(mistakeId(9), STUDENT, TOPIC, "SIGN_ERROR", 30, "\"2025-01-06T10:00:01\"");
        String row = valid + " ".repeat(1_000_000 - valid.length());

        // when
        betweenTwoGoodMistakes(row);

        // then
        assertSetAsideFromMistakes(row, "value is 1000000 bytes, more than an input row may have (65536)", "too_large");
    }

    @Test
    void anUnknownMistakeCodeIsAnalysedCountedInTheDistributionAndLeftOutOfTheWindow() {
        // given
        String row = mistakeRow(mistakeId(9), STUDENT, TOPIC, "NOT_A_CODE", 30, "\"2025-01-06T10:00:01.5\"");

        // when
        betweenTwoGoodMistakes(row);

        // then: analysed and in the distribution, but not in the window: two known mistakes are not enough data
        assertThat(analyzer.patternUpdates.readValuesToList()).extracting(PatternUpdate::mistakeId, PatternUpdate::status)
                .containsExactly(
                        tuple(mistakeId(1), PatternStatus.insufficient_data),
                        tuple(mistakeId(9), PatternStatus.insufficient_data),
                        tuple(mistakeId(2), PatternStatus.insufficient_data));
        List<MistakePattern> patterns = analyzer.patterns.readValuesToList();
        assertThat(patterns.get(2).mistakeDistribution()).isEqualTo(Map.of("SIGN_ERROR", 2, "NOT_A_CODE", 1));
        assertNothingSetAside();
    }

    @Test
    void aDeletedMistakeRowIsIgnored() {
        // when
        analyzer.mistake(1, "SIGN_ERROR", 30, FIRST);
        analyzer.mistakes.pipeInput(STUDENT, (String) null, BAD_COMMIT);
        analyzer.mistake(2, "SIGN_ERROR", 30, SECOND);

        // then
        assertThat(analyzedMistakeIds()).containsExactly(mistakeId(1), mistakeId(2));
        assertNothingSetAside();
    }

    @Test
    void aMistakeTombstoneWithoutAKeyIsIgnored() {
        // when
        analyzer.mistake(1, "SIGN_ERROR", 30, FIRST);
        analyzer.mistakes.pipeInput((String) null, (String) null, BAD_COMMIT);
        analyzer.mistake(2, "SIGN_ERROR", 30, SECOND);

        // then
        assertThat(analyzedMistakeIds()).containsExactly(mistakeId(1), mistakeId(2));
        assertNothingSetAside();
    }

    @Test
    void aSettingsRowWithAStudentIdThatIsNotAUuidIsSetAsideAndTheSettingsStay() {
        // given: an aggressive student
        analyzer.studentPreset(STUDENT, "aggressive");
        String row = "{\"student_id\":\"student-10\",\"preset_name\":\"normal\"}";
        Instant committed = analyzer.nextCommit();

        // when
        analyzer.studentSettings.pipeInput(STUDENT, row, committed);
        threeQuickMistakes();

        // then: still aggressive (panic below 3 s), so STUCK_LOOP rather than normal's PANIC_RUSH
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.STUCK_LOOP);
        assertSetAside(analyzer.deadLetters.readRecord(), Topics.STUDENT_SETTINGS, STUDENT, row, committed, 1,
                "student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"student-10\"");
        assertThat(analyzer.deadLetters.isEmpty()).isTrue();
        assertCounted("invalid_value", Topics.STUDENT_SETTINGS);
    }

    @Test
    void aSettingsRowNamingAnUnknownPresetGivesTheDefault() {
        // given: an aggressive student
        analyzer.studentPreset(STUDENT, "aggressive");

        // when
        analyzer.studentPreset(STUDENT, "no-such-preset");
        threeQuickMistakes();

        // then: normal, the default: PANIC_RUSH below 5 s
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.PANIC_RUSH);
        assertNothingSetAside();
    }

    @Test
    void aDeletedSettingsRowGivesTheDefault() {
        // given
        analyzer.studentPreset(STUDENT, "aggressive");

        // when
        analyzer.studentSettings.pipeInput(STUDENT, (String) null, analyzer.nextCommit());
        threeQuickMistakes();

        // then
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.PANIC_RUSH);
        assertNothingSetAside();
    }

    @Test
    void aSettingsTombstoneWithoutAKeyIsIgnored() {
        // given
        analyzer.studentPreset(STUDENT, "aggressive");

        // when
        analyzer.studentSettings.pipeInput((String) null, (String) null, analyzer.nextCommit());
        threeQuickMistakes();

        // then: still aggressive
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.STUCK_LOOP);
        assertNothingSetAside();
    }

    @Test
    void aPresetWhoseSettingsAreNoObjectIsSetAsideAndThePresetStays() {
        // given: an aggressive student; aggressive is the presets topic's offset 0 (seeded first)
        analyzer.studentPreset(STUDENT, "aggressive");
        String row = "{\"preset_name\":\"aggressive\",\"is_default\":false,\"settings\":[0.2,3,120]}";
        Instant committed = analyzer.nextCommit();

        // when
        analyzer.presets.pipeInput("aggressive", row, committed);
        threeQuickMistakes();

        // then: aggressive as it was
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.STUCK_LOOP);
        assertReferenceSetAside(Topics.PRESETS, "aggressive", row, committed, 3, "settings is not a JSON object",
                "invalid_value");
    }

    @Test
    void aMistakeTypeWithoutSeverityIsSetAsideAndTheTypeStays() {
        // given: CONCEPT_GAP is known (severity 4), the mistake types topic's offset 2
        String row = "{\"mistake_code\":\"CONCEPT_GAP\",\"severity\":null}";
        Instant committed = analyzer.nextCommit();

        // when
        analyzer.mistakeTypes.pipeInput("CONCEPT_GAP", row, committed);
        threeSlowConceptGaps();

        // then: still known, so the three are a window: STUCK_LOOP
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.STUCK_LOOP);
        assertReferenceSetAside(Topics.MISTAKE_TYPES, "CONCEPT_GAP", row, committed, 8, "severity is missing",
                "missing_field");
    }

    @Test
    void aReferenceRowWithoutAKeyIsSetAside() {
        // given
        String row = "{\"mistake_code\":\"NEW_CODE_X\",\"severity\":2}";
        Instant committed = analyzer.nextCommit();

        // when
        analyzer.mistakeTypes.pipeInput((String) null, row, committed);
        threeSlowConceptGaps();

        // then
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.STUCK_LOOP);
        ProducerRecord<String, byte[]> dead = analyzer.referenceDeadLetters.sent().get(0);
        assertThat(dead.key()).isNull();
        assertThat(header(dead.headers(), DeadLetter.REASON)).isEqualTo("the record has no key");
        assertThat(counted("missing_field", Topics.MISTAKE_TYPES)).isEqualTo(1.0);
    }

    @Test
    void aDeletedMistakeTypeMakesItsCodeUnknown() {
        // when
        analyzer.mistakeTypes.pipeInput("CONCEPT_GAP", (String) null, analyzer.nextCommit());
        threeSlowConceptGaps();

        // then: out of the window, so never STUCK_LOOP
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.insufficient_data);
        assertNothingSetAside();
    }

    @Test
    void aDeletedPresetGivesItsStudentsTheDefault() {
        // given
        analyzer.studentPreset(STUDENT, "aggressive");

        // when
        analyzer.presets.pipeInput("aggressive", (String) null, analyzer.nextCommit());
        threeQuickMistakes();

        // then
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.PANIC_RUSH);
        assertNothingSetAside();
    }

    @Test
    void referenceTombstonesWithoutAKeyAreIgnored() {
        // given
        analyzer.studentPreset(STUDENT, "aggressive");

        // when
        analyzer.presets.pipeInput((String) null, (String) null, analyzer.nextCommit());
        analyzer.mistakeTypes.pipeInput((String) null, (String) null, analyzer.nextCommit());
        threeQuickMistakes();

        // then: aggressive and CALCULATION_ERROR as they were
        assertThat(statuses()).containsExactly(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.STUCK_LOOP);
        assertNothingSetAside();
    }

    private void betweenTwoGoodMistakes(String badRow) {
        analyzer.mistake(1, "SIGN_ERROR", 30, FIRST);
        analyzer.mistakes.pipeInput(STUDENT, badRow, BAD_COMMIT);
        analyzer.mistake(2, "SIGN_ERROR", 30, SECOND);
    }

    /** Three 4 s mistakes: PANIC_RUSH on normal (below 5 s), STUCK_LOOP on aggressive (panic below 3 s). */
    private void threeQuickMistakes() {
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 4, FIRST.plusSeconds(n));
        }
    }

    /** Three 60 s CONCEPT_GAP mistakes: STUCK_LOOP while the code is known, no status while it is not. */
    private void threeSlowConceptGaps() {
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "CONCEPT_GAP", 60, FIRST.plusSeconds(n));
        }
    }

    private List<String> analyzedMistakeIds() {
        return analyzer.patternUpdates.readValuesToList().stream().map(PatternUpdate::mistakeId).toList();
    }

    private List<PatternStatus> statuses() {
        return analyzer.patternUpdates.readValuesToList().stream().map(PatternUpdate::status).toList();
    }

    private void assertSetAsideFromMistakes(String row, String reason, String kind) {
        assertThat(analyzedMistakeIds()).containsExactly(mistakeId(1), mistakeId(2));
        assertSetAside(analyzer.deadLetters.readRecord(), Topics.MISTAKES, STUDENT, row, BAD_COMMIT, 1, reason);
        assertThat(analyzer.deadLetters.isEmpty()).isTrue();
        assertCounted(kind, Topics.MISTAKES);
    }

    private static void assertSetAside(TestRecord<String, byte[]> dead, Topic<String, byte[]> source, String key,
                                       String row, Instant committed, long offset, String reason) {
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(row.getBytes(StandardCharsets.UTF_8));
        assertThat(dead.getRecordTime()).isEqualTo(committed);
        assertHeaders(dead.headers(), source, offset, reason);
    }

    /** The reference loaders cannot forward: their dead letters go through the options' sender. */
    private void assertReferenceSetAside(Topic<String, byte[]> source, String key, String row, Instant committed,
                                         long offset, String reason, String kind) {
        List<ProducerRecord<String, byte[]>> sent = analyzer.referenceDeadLetters.sent();
        assertThat(sent).hasSize(1);
        ProducerRecord<String, byte[]> dead = sent.get(0);
        assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTER.name());
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(row.getBytes(StandardCharsets.UTF_8));
        assertThat(dead.timestamp()).isEqualTo(committed.toEpochMilli());
        assertHeaders(dead.headers(), source, offset, reason);
        assertThat(analyzer.deadLetters.isEmpty()).isTrue();
        assertCounted(kind, source);
    }

    private static void assertHeaders(Headers headers, Topic<String, byte[]> source, long offset, String reason) {
        assertThat(Arrays.stream(headers.toArray()).map(h -> h.key()).toList()).containsExactly(DeadLetter.REASON,
                DeadLetter.SOURCE_TOPIC, DeadLetter.SOURCE_PARTITION, DeadLetter.SOURCE_OFFSET, DeadLetter.APPLICATION);
        assertThat(header(headers, DeadLetter.REASON)).isEqualTo(reason);
        assertThat(header(headers, DeadLetter.SOURCE_TOPIC)).isEqualTo(source.name());
        assertThat(header(headers, DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(headers, DeadLetter.SOURCE_OFFSET)).isEqualTo(Long.toString(offset));
        assertThat(header(headers, DeadLetter.APPLICATION)).isEqualTo(APPLICATION);
    }

    private static String header(Headers headers, String name) {
        return DeadLetter.header(headers, name);
    }

    private void assertCounted(String kind, Topic<String, byte[]> source) {
        assertThat(counted(kind, source)).isEqualTo(1.0);
        assertThat(deadLetterTotal()).isEqualTo(1.0);
    }

    private void assertNothingSetAside() {
        assertThat(analyzer.deadLetters.isEmpty()).isTrue();
        assertThat(analyzer.referenceDeadLetters.sent()).isEmpty();
        assertThat(deadLetterTotal()).isZero();
    }

    private double counted(String kind, Topic<String, byte[]> source) {
        Counter counter = analyzer.metrics.registry().find(PipelineMetrics.DEAD_LETTERS)
                .tags("application", APPLICATION, "reason", kind, "source_topic", source.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    private double deadLetterTotal() {
        return analyzer.metrics.registry().find(PipelineMetrics.DEAD_LETTERS).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
