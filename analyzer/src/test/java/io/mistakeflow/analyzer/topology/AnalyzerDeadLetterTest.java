package io.mistakeflow.analyzer.topology;

import static io.mistakeflow.analyzer.topology.AnalyzerDriver.STUDENT;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.TOPIC;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.mistakeId;
import static io.mistakeflow.analyzer.topology.AnalyzerDriver.mistakeRow;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Input rows that break the contract go to the dead-letter topic untouched, and processing goes on. */
class AnalyzerDeadLetterTest {

    private static final String GOOD_TIME = "\"2025-01-06T10:00:01\"";
    private static final String GOOD_ROW = mistakeRow(mistakeId(1), STUDENT, TOPIC, "SIGN_ERROR", 30, GOOD_TIME);

    private AnalyzerDriver analyzer;

    @BeforeEach
    void start() {
        analyzer = new AnalyzerDriver().seeded();
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    static Stream<Arguments> badMistakes() {
        return Stream.of(
                Arguments.of("{\"id\":\"6d000000-0000-4000-8000-000000000009\",\"student_id\":", "malformed JSON: "),
                Arguments.of("{\"id\":\"" + mistakeId(9) + "\",\"mistake_code\":\"SIGN_ERROR\",\"time_spent_seconds\":30,"
                        + "\"occurred_at\":" + GOOD_TIME + "}", "student_id is missing"),
                Arguments.of("{\"id\":\"" + mistakeId(9) + "\",\"student_id\":\"" + STUDENT + "\","
                        + "\"mistake_code\":\"SIGN_ERROR\",\"time_spent_seconds\":30}", "occurred_at is missing"),
                Arguments.of(mistakeRow(mistakeId(9), STUDENT, TOPIC, "SIGN_ERROR", -30, GOOD_TIME),
                        "time_spent_seconds is negative: -30"));
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return DeadLetter.header(record.headers(), name);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badMistakes")
    void aBadMistakeRowGoesToTheDeadLetterTopicUntouchedWithItsReasonAndOrigin(String row, String reason) {
        // given
        Instant committed = analyzer.nextCommit();

        // when
        analyzer.mistakes.pipeInput(STUDENT, row, committed);

        // then
        TestRecord<String, byte[]> dead = analyzer.deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(STUDENT);
        assertThat(dead.value()).isEqualTo(row.getBytes(StandardCharsets.UTF_8));
        assertThat(dead.getRecordTime()).isEqualTo(committed);
        assertThat(header(dead, DeadLetter.REASON)).startsWith(reason);
        assertThat(header(dead, DeadLetter.SOURCE_TOPIC)).isEqualTo(Topics.MISTAKES.name());
        assertThat(header(dead, DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetter.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead, DeadLetter.APPLICATION)).isEqualTo("analyzer-topology-test");
        assertThat(analyzer.deadLetters.isEmpty()).isTrue();
        assertThat(analyzer.patternUpdates.isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badMistakes")
    void theNextGoodMistakeAfterABadOneIsStillAnalysed(String row, String reason) {
        // given
        analyzer.mistakes.pipeInput(STUDENT, row, analyzer.nextCommit());

        // when
        analyzer.mistakes.pipeInput(STUDENT, GOOD_ROW, analyzer.nextCommit());

        // then
        assertThat(analyzer.patternUpdates.readValuesToList()).extracting(PatternUpdate::mistakeId)
                .containsExactly(mistakeId(1));
        assertThat(analyzer.deadLetters.getQueueSize()).isEqualTo(1);
    }

    @Test
    void theOffsetHeaderIsTheOffsetOfTheRejectedRecord() {
        // given: two good mistakes at offsets 0 and 1
        analyzer.mistake(1, "SIGN_ERROR", 30, Instant.parse("2025-01-06T10:00:01Z"));
        analyzer.mistake(2, "SIGN_ERROR", 30, Instant.parse("2025-01-06T10:00:02Z"));

        // when
        analyzer.mistakes.pipeInput(STUDENT, "not json", analyzer.nextCommit());

        // then
        assertThat(header(analyzer.deadLetters.readRecord(), DeadLetter.SOURCE_OFFSET)).isEqualTo("2");
    }

    @Test
    void aMalformedSettingsRowGoesToTheDeadLetterTopicUntouched() {
        // given
        String row = "{\"student_id\":\"" + STUDENT + "\",\"preset_name\":";

        // when
        analyzer.studentSettings.pipeInput(STUDENT, row, analyzer.nextCommit());

        // then
        TestRecord<String, byte[]> dead = analyzer.deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(STUDENT);
        assertThat(dead.value()).isEqualTo(row.getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, DeadLetter.REASON)).startsWith("malformed JSON: ");
        assertThat(header(dead, DeadLetter.SOURCE_TOPIC)).isEqualTo(Topics.STUDENT_SETTINGS.name());
        assertThat(header(dead, DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetter.SOURCE_OFFSET)).isEqualTo("0");
    }

    @Test
    void aSettingsRowWithoutStudentGoesToTheDeadLetterTopic() {
        // given
        String row = "{\"preset_name\":\"aggressive\"}";

        // when
        analyzer.studentSettings.pipeInput(STUDENT, row, analyzer.nextCommit());

        // then
        TestRecord<String, byte[]> dead = analyzer.deadLetters.readRecord();
        assertThat(header(dead, DeadLetter.REASON)).isEqualTo("student_id is missing");
        assertThat(header(dead, DeadLetter.SOURCE_TOPIC)).isEqualTo(Topics.STUDENT_SETTINGS.name());
    }

    @Test
    void aBadSettingsRowLeavesTheStudentsSettingsAsTheyWere() {
        // given: an aggressive student (panic below 3 s)
        analyzer.studentPreset(STUDENT, "aggressive");

        // when: a settings row that does not parse, then three 4 s mistakes
        analyzer.studentSettings.pipeInput(STUDENT, "{\"preset_name\":\"normal\"}", analyzer.nextCommit());
        for (int n = 1; n <= 3; n++) {
            analyzer.mistake(n, "CALCULATION_ERROR", 4, Instant.parse("2025-01-06T10:00:00Z").plusSeconds(n));
        }

        // then: still aggressive, so STUCK_LOOP rather than PANIC_RUSH
        assertThat(analyzer.patternUpdates.readValuesToList()).extracting(u -> u.status().name())
                .containsExactly("insufficient_data", "insufficient_data", "STUCK_LOOP");
    }

    @Test
    void theDeadLetterCounterCountsEveryRejectedRecord() {
        // given
        assertThat(deadLetterTotal()).isZero();

        // when: two bad mistakes, a good one and a bad settings row
        analyzer.mistakes.pipeInput(STUDENT, "not json", analyzer.nextCommit());
        analyzer.mistakes.pipeInput(STUDENT, "{\"id\":\"" + mistakeId(9) + "\"}", analyzer.nextCommit());
        analyzer.mistakes.pipeInput(STUDENT, GOOD_ROW, analyzer.nextCommit());
        analyzer.studentSettings.pipeInput(STUDENT, "[]", analyzer.nextCommit());

        // then
        assertThat(deadLetterTotal()).isEqualTo(3.0);
        assertThat(deadLetters("malformed_json", Topics.MISTAKES.name())).isEqualTo(1.0);
        assertThat(deadLetters("missing_field", Topics.MISTAKES.name())).isEqualTo(1.0);
        assertThat(deadLetters("not_an_object", Topics.STUDENT_SETTINGS.name())).isEqualTo(1.0);
        assertThat(analyzer.deadLetters.getQueueSize()).isEqualTo(3);
    }

    private double deadLetterTotal() {
        return analyzer.metrics.registry().find(PipelineMetrics.DEAD_LETTERS).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double deadLetters(String reason, String sourceTopic) {
        Counter counter = analyzer.metrics.registry().find(PipelineMetrics.DEAD_LETTERS)
                .tags("reason", reason, "source_topic", sourceTopic, "application", "analyzer-topology-test").counter();
        return counter == null ? 0 : counter.count();
    }
}
