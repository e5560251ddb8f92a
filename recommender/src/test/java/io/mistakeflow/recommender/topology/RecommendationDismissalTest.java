package io.mistakeflow.recommender.topology;

import static io.mistakeflow.recommender.topology.RecommenderDriver.STUDENT;
import static io.mistakeflow.recommender.topology.RecommenderDriver.TOPIC;
import static io.mistakeflow.recommender.topology.RecommenderTopologyTest.activeRecommendations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mistakeflow.recommender.RecommenderSettings;
import io.mistakeflow.recommender.LifecycleFlags;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.deadletter.DeadLetter;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.micrometer.core.instrument.Counter;
import io.mistakeflow.common.metrics.PipelineMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class RecommendationDismissalTest {

    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    private static final LifecycleFlags DISMISSALS = new LifecycleFlags(false, true, false);

    @Test
    void withDismissalsOffFeedbackChangesNothing() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // given
            String id = createWorsening(recommender);
            recommender.events.readValuesToList();

            // when: the topic is read (for the cut-over's adoption) but no dismissal is applied
            recommender.feedback(dismissal(id, "2025-01-06T10:05:00"), T0.plusSeconds(300));
            recommender.update(TOPIC, PatternStatus.worsening, T0.plus(Duration.ofMinutes(10)), "m2");

            // then: the same recommendation refreshed
            assertThat(recommender.events.readValuesToList()).extracting(UiReflexEvent::eventType, UiReflexEvent::recommendationId)
                    .containsExactly(tuple(EventType.RECOMMENDATION_UPDATED, id));
        }
    }

    @Test
    void aDismissalEndsTheActiveRecommendationAndTheNextUpdateCreatesANewOne() {
        try (RecommenderDriver recommender = RecommenderDriver.start(DISMISSALS)) {
            // given
            String id = createWorsening(recommender);
            Instant dismissedAt = Instant.parse("2025-01-06T10:05:00Z");

            // when
            recommender.feedback(dismissal(id, "2025-01-06T10:05:00"), dismissedAt.plusMillis(40));
            recommender.update(TOPIC, PatternStatus.worsening, T0.plus(Duration.ofMinutes(10)), "m2");

            // then
            List<UiReflexEvent> events = recommender.events.readValuesToList();
            assertThat(events).extracting(UiReflexEvent::eventType, UiReflexEvent::createdAt).containsExactly(
                    tuple(EventType.RECOMMENDATION_DISMISSED, dismissedAt),
                    tuple(EventType.RECOMMENDATION_CREATED, T0.plus(Duration.ofMinutes(10))));
            assertThat(events.get(0).recommendationId()).isEqualTo(id);
            assertThat(events.get(1).recommendationId()).isNotEqualTo(id);

            List<TestRecord<String, Recommendation>> rows = recommender.recommendations.readRecordsToList();
            Recommendation dismissed = rows.get(0).getValue();
            assertThat(rows.get(0).key()).isEqualTo(id);
            assertThat(rows.get(0).getRecordTime()).isEqualTo(dismissedAt.plusMillis(40)); // the commit time of the feedback
            assertThat(dismissed.isActive()).isFalse();
            assertThat(dismissed.isDismissed()).isTrue();
            assertThat(dismissed.updatedAt()).isEqualTo(dismissedAt);
            assertThat(rows.get(1).getValue().isActive()).isTrue();
            assertThat(activeRecommendations(recommender)).extracting(Recommendation::id)
                    .containsExactly(events.get(1).recommendationId());
        }
    }

    @Test
    void aShowingIsRememberedWithoutOutputAndLaterRowsCarryIt() {
        try (RecommenderDriver recommender = RecommenderDriver.start(DISMISSALS)) {
            // given
            String id = createWorsening(recommender);

            // when
            recommender.feedback("{\"id\":\"" + id + "\",\"student_id\":\"" + STUDENT + "\","
                    + "\"is_shown\":true,\"shown_at\":1736157780000000,\"is_dismissed\":false}", T0.plusSeconds(180));

            // then
            assertThat(recommender.events.isEmpty()).isTrue();
            assertThat(recommender.recommendations.isEmpty()).isTrue();
            recommender.update(TOPIC, PatternStatus.worsening, T0.plusSeconds(240), "m2");
            Recommendation refreshed = recommender.recommendations.readValue();
            assertThat(refreshed.isShown()).isTrue();
            assertThat(refreshed.isActive()).isTrue();
        }
    }

    @Test
    void feedbackOnARecommendationThatIsNotActiveIsIgnored() {
        try (RecommenderDriver recommender = RecommenderDriver.start(DISMISSALS)) {
            // given
            createWorsening(recommender);

            // when
            recommender.feedback(dismissal("3f0a4b5c-0000-5000-8000-000000000000", "2025-01-06T10:05:00"),
                    T0.plusSeconds(300));

            // then
            assertThat(recommender.events.isEmpty()).isTrue();
            assertThat(recommender.deadLetters.isEmpty()).isTrue();
            assertThat(activeRecommendations(recommender)).hasSize(1);
        }
    }

    @Test
    void aMalformedFeedbackRowGoesToTheDeadLetterTopicAndProcessingGoesOn() {
        try (RecommenderDriver recommender = RecommenderDriver.start(DISMISSALS)) {
            // given
            String id = createWorsening(recommender);

            // when: a row that is not JSON, one without an id, then a good dismissal
            recommender.feedback("{not json", T0.plusSeconds(60));
            recommender.feedback("{\"student_id\":\"" + STUDENT + "\",\"is_dismissed\":true}", T0.plusSeconds(61));
            recommender.feedback(dismissal(id, "2025-01-06T10:05:00"), T0.plusSeconds(300));

            // then
            List<TestRecord<String, byte[]>> dead = recommender.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(2);
            TestRecord<String, byte[]> first = dead.get(0);
            assertThat(first.key()).isEqualTo(STUDENT);
            assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(first.getRecordTime()).isEqualTo(T0.plusSeconds(60));
            assertThat(DeadLetter.header(first.headers(), DeadLetter.REASON)).startsWith("malformed JSON");
            assertThat(DeadLetter.header(first.headers(), DeadLetter.SOURCE_TOPIC))
                    .isEqualTo(Topics.RECOMMENDATION_FEEDBACK.name());
            assertThat(DeadLetter.header(first.headers(), DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(DeadLetter.header(first.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("0");
            assertThat(DeadLetter.header(first.headers(), DeadLetter.APPLICATION))
                    .isEqualTo(RecommenderSettings.APPLICATION_ID);
            assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.REASON)).isEqualTo("id is missing");
            assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(deadLetterTotal(recommender)).isEqualTo(2.0);

            assertThat(recommender.events.readValuesToList()).extracting(UiReflexEvent::eventType)
                    .containsExactly(EventType.RECOMMENDATION_DISMISSED);
        }
    }

    @Test
    void theDeletionOfARecommendationRowIsNeitherFeedbackNorDeadLetter() {
        try (RecommenderDriver recommender = RecommenderDriver.start(DISMISSALS)) {
            // given
            createWorsening(recommender);

            // when a tombstone comes
            recommender.feedback.pipeInput(STUDENT, null, T0.plusSeconds(60));

            // then
            assertThat(recommender.deadLetters.isEmpty()).isTrue();
            assertThat(recommender.events.isEmpty()).isTrue();
            assertThat(activeRecommendations(recommender)).hasSize(1);
        }
    }

    @Test
    void aDismissedRecommendationDoesNotExpireLater() {
        try (RecommenderDriver recommender = RecommenderDriver.start(new LifecycleFlags(true, true, false))) {
            // given a worsening (24 h) dismissed after five minutes
            String id = createWorsening(recommender);
            recommender.feedback(dismissal(id, "2025-01-06T10:05:00"), T0.plusSeconds(300));

            // when stream time passes its expires_at
            recommender.update("TR.FIZ.MEK.004", PatternStatus.stable, T0.plus(Duration.ofHours(25)), "m9");

            // then
            assertThat(recommender.events.readValuesToList()).extracting(UiReflexEvent::eventType)
                    .containsExactly(EventType.RECOMMENDATION_DISMISSED);
        }
    }

    /** A worsening created at T0 by m1; returns its id with the outputs read. */
    private static String createWorsening(RecommenderDriver recommender) {
        recommender.update(TOPIC, PatternStatus.worsening, T0, "m1");
        recommender.recommendations.readRecordsToList();
        return recommender.events.readValue().recommendationId();
    }

    private static String dismissal(String recommendationId, String dismissedAt) {
        return "{\"id\":\"" + recommendationId + "\",\"student_id\":\"" + STUDENT + "\",\"is_shown\":true,"
                + "\"is_dismissed\":true,\"dismissed_at\":\"" + dismissedAt + "\"}";
    }

    private static double deadLetterTotal(RecommenderDriver recommender) {
        return recommender.metrics.registry().find(PipelineMetrics.DEAD_LETTERS)
                .tags("source_topic", Topics.RECOMMENDATION_FEEDBACK.name()).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
