package io.mistakeflow.recommender.topology;

import static io.mistakeflow.recommender.topology.RecommenderDriver.STUDENT;
import static io.mistakeflow.recommender.topology.RecommenderDriver.TOPIC;
import static io.mistakeflow.recommender.topology.RecommenderTopologyTest.activeRecommendations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.Counter;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.deadletter.DeadLetter;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.LifecycleFlags;
import io.mistakeflow.recommender.RecommenderSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recommender's bad input (the captured student_recommendations rows, dismissals flag on), one
 * kind per test: around each, a showing (offset 0) before and a dismissal (offset 2) after, both of
 * which must take effect; the bad record (offset 1) goes to the dead-letter topic untouched and is
 * counted.
 */
class RecommenderBadInputTest {

    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    private static final Instant SHOWN = T0.plusSeconds(60);
    private static final Instant BAD_COMMIT = T0.plusSeconds(120);
    private static final Instant DISMISSED = T0.plusSeconds(300);

    private RecommenderDriver recommender;
    private String recommendationId;

    @BeforeEach
    void start() {
        recommender = RecommenderDriver.start(new LifecycleFlags(false, true, false));
        recommender.update(TOPIC, PatternStatus.worsening, T0, "m1");
        recommender.recommendations.readRecordsToList();
        recommendationId = recommender.events.readValue().recommendationId();
    }

    @AfterEach
    void stop() {
        recommender.close();
    }

    @Test
    void malformedJsonIsSetAside() {
        // given
        String row = "{\"id\":\"" + STUDENT + "\",";

        // when
        betweenAShowingAndADismissal(row);

        // then
        assertSetAside(row, "malformed JSON: Unexpected end-of-input within/between Object entries",
                "malformed_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "true", "\"dismissed\""})
    void jsonThatIsNoObjectIsSetAside(String row) {
        // when
        betweenAShowingAndADismissal(row);

        // then
        assertSetAside(row, "value is not a JSON object", "not_an_object");
    }

    @Test
    void aMissingStudentIdIsSetAside() {
        // given
        String row = "{\"id\":\"" + recommendationId + "\",\"is_dismissed\":true}";

        // when
        betweenAShowingAndADismissal(row);

        // then
        assertSetAside(row, "student_id is missing", "missing_field");
    }

    @Test
    void aStudentIdThatIsNotAUuidIsSetAside() {
        // given
        String row = "{\"id\":\"" + recommendationId + "\",\"student_id\":\"student-10\",\"is_dismissed\":true}";

        // when
        betweenAShowingAndADismissal(row);

        // then
        assertSetAside(row, "student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"student-10\"",
                "invalid_value");
    }

    @Test
    void anUnreadableDismissedAtIsSetAside() {
        // given
        String row = "{\"id\":\"" + recommendationId + "\",\"student_id\":\"" + STUDENT + "\",\"is_dismissed\":true,"
                + "\"dismissed_at\":\"soon\"}";

        // when
        betweenAShowingAndADismissal(row);

        // then
        assertSetAside(row, "dismissed_at is not an ISO-8601 timestamp or epoch microseconds: \"soon\"", "invalid_value");
    }

    @Test
    void aOneMegabyteRowIsSetAside() {
        // given
        String row = "{\"id\":\"" + recommendationId + "\"}" + " ".repeat(1_000_000 - 45);

        // when
        betweenAShowingAndADismissal(row);

        // then
        assertSetAside(row, "value is 1000000 bytes, more than an input row may have (65536)", "too_large");
    }

    @Test
    void feedbackOnAnUnknownRecommendationIsIgnored() {
        // given
        String row = "{\"id\":\"3f0a4b5c-0000-5000-8000-000000000000\",\"student_id\":\"" + STUDENT + "\","
                + "\"is_dismissed\":true,\"dismissed_at\":\"2025-01-06T10:02:00\"}";

        // when
        betweenAShowingAndADismissal(row);

        // then: only the known one is dismissed, and nothing is set aside
        assertShowingAndDismissalTookEffect();
        assertNothingSetAside();
    }

    @Test
    void aDeletedRecommendationRowIsIgnored() {
        // when
        recommender.feedback(showing(), SHOWN);
        recommender.feedback.pipeInput(STUDENT, null, BAD_COMMIT);
        recommender.feedback(dismissal(), DISMISSED);

        // then
        assertShowingAndDismissalTookEffect();
        assertNothingSetAside();
    }

    @Test
    void aTombstoneWithoutAKeyIsIgnored() {
        // when
        recommender.feedback(showing(), SHOWN);
        recommender.feedback.pipeInput((String) null, null, BAD_COMMIT);
        recommender.feedback(dismissal(), DISMISSED);

        // then
        assertShowingAndDismissalTookEffect();
        assertNothingSetAside();
    }

    private void betweenAShowingAndADismissal(String badRow) {
        recommender.feedback(showing(), SHOWN);
        recommender.feedback(badRow, BAD_COMMIT);
        recommender.feedback(dismissal(), DISMISSED);
    }

    private String showing() {
        return "{\"id\":\"" + recommendationId + "\",\"student_id\":\"" + STUDENT + "\",\"is_shown\":true,"
                + "\"is_dismissed\":false}";
    }

    /** Says nothing of the showing: the dismissed row is shown only if the showing was processed. */
    private String dismissal() {
        return "{\"id\":\"" + recommendationId + "\",\"student_id\":\"" + STUDENT + "\",\"is_shown\":false,"
                + "\"is_dismissed\":true,\"dismissed_at\":\"2025-01-06T10:05:00\"}";
    }

    private void assertShowingAndDismissalTookEffect() {
        assertThat(recommender.events.readValuesToList()).extracting(UiReflexEvent::eventType, UiReflexEvent::createdAt)
                .containsExactly(tuple(EventType.RECOMMENDATION_DISMISSED, DISMISSED));
        List<Recommendation> rows = recommender.recommendations.readValuesToList();
        assertThat(rows).extracting(Recommendation::id, Recommendation::isShown, Recommendation::isDismissed,
                Recommendation::isActive).containsExactly(
                tuple(recommendationId, true, true, false));
        assertThat(activeRecommendations(recommender)).isEmpty();
    }

    private void assertSetAside(String row, String reason, String kind) {
        assertShowingAndDismissalTookEffect();
        TestRecord<String, byte[]> dead = recommender.deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(STUDENT);
        assertThat(dead.value()).isEqualTo(row.getBytes(StandardCharsets.UTF_8));
        assertThat(dead.getRecordTime()).isEqualTo(BAD_COMMIT);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON)).isEqualTo(reason);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC))
                .isEqualTo(Topics.RECOMMENDATION_FEEDBACK.name());
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.APPLICATION)).isEqualTo(RecommenderSettings.APPLICATION_ID);
        assertThat(recommender.deadLetters.isEmpty()).isTrue();
        Counter counter = recommender.metrics.registry().find(PipelineMetrics.DEAD_LETTERS)
                .tags("application", RecommenderSettings.APPLICATION_ID, "reason", kind,
                        "source_topic", Topics.RECOMMENDATION_FEEDBACK.name()).counter();
        assertThat(counter).isNotNull();
        assertThat(counter.count()).isEqualTo(1.0);
        assertThat(deadLetterTotal()).isEqualTo(1.0);
    }

    private void assertNothingSetAside() {
        assertThat(recommender.deadLetters.isEmpty()).isTrue();
        assertThat(deadLetterTotal()).isZero();
    }

    private double deadLetterTotal() {
        return recommender.metrics.registry().find(PipelineMetrics.DEAD_LETTERS).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
