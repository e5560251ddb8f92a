package io.mistakeflow.recommender.topology;

import static io.mistakeflow.recommender.topology.RecommenderDriver.TOPIC;
import static io.mistakeflow.recommender.topology.RecommenderTopologyTest.activeRecommendations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mistakeflow.recommender.LifecycleFlags;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class RecommendationExpiryTest {

    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    private static final Instant PANIC_EXPIRES = Instant.parse("2025-01-06T16:00:00Z");
    private static final String OTHER_TOPIC = "TR.FIZ.MEK.004";
    private static final LifecycleFlags EXPIRY = new LifecycleFlags(true, false, false);

    @Test
    void withExpiryOffARecommendationOutlivesItsExpiresAt() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // given a PANIC_RUSH that "expires" at T0 + 6 h
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0, "m1");

            // when stream time passes it, and then the same status comes again
            recommender.update(OTHER_TOPIC, PatternStatus.improving, T0.plus(Duration.ofHours(7)), "m2");
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0.plus(Duration.ofHours(8)), "m3");

            // then
            List<UiReflexEvent> events = recommender.events.readValuesToList();
            assertThat(events).extracting(UiReflexEvent::eventType, UiReflexEvent::sourceMistakeId).containsExactly(
                    tuple(EventType.RECOMMENDATION_CREATED, "m1"),
                    tuple(EventType.RECOMMENDATION_CREATED, "m2"),
                    tuple(EventType.RECOMMENDATION_UPDATED, "m3"));
            assertThat(events.get(2).recommendationId()).isEqualTo(events.get(0).recommendationId());
            assertThat(recommender.recommendations.readValuesToList()).allMatch(Recommendation::isActive);
        }
    }

    @Test
    void withExpiryOnStreamTimeReachingExpiresAtEndsTheRecommendation() {
        try (RecommenderDriver recommender = RecommenderDriver.start(EXPIRY)) {
            // given a PANIC_RUSH that expires at T0 + 6 h
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0, "m1");
            String panicId = recommender.events.readValue().recommendationId();
            recommender.recommendations.readRecordsToList();

            // when another topic's update moves stream time to T0 + 6 h
            recommender.update(OTHER_TOPIC, PatternStatus.improving, PANIC_EXPIRES, "m2");

            // then
            List<UiReflexEvent> events = recommender.events.readValuesToList();
            assertThat(events).extracting(UiReflexEvent::eventType, UiReflexEvent::globalTopicUid).containsExactly(
                    tuple(EventType.RECOMMENDATION_CREATED, OTHER_TOPIC),
                    tuple(EventType.RECOMMENDATION_EXPIRED, TOPIC));
            UiReflexEvent expired = events.get(1);
            assertThat(expired.recommendationId()).isEqualTo(panicId);
            assertThat(expired.createdAt()).isEqualTo(PANIC_EXPIRES);
            assertThat(expired.priority()).isEqualTo(8);
            assertThat(expired.sourceMistakeId()).isEqualTo("m1");

            TestRecord<String, Recommendation> row = recommender.recommendations.readRecordsToList().get(1);
            assertThat(row.key()).isEqualTo(panicId);
            assertThat(row.getRecordTime()).isEqualTo(PANIC_EXPIRES);
            assertThat(row.getValue().isActive()).isFalse();
            assertThat(row.getValue().updatedAt()).isEqualTo(PANIC_EXPIRES);
            assertThat(row.getValue().createdAt()).isEqualTo(T0);

            assertThat(activeRecommendations(recommender)).extracting(Recommendation::globalTopicUid)
                    .containsExactly(OTHER_TOPIC);
            assertThat(expiryIndex(recommender)).hasSize(1);
        }
    }

    @Test
    void withExpiryOnTheFirstUpdateAfterExpiresAtEndsTheOldRecommendationBeforeCreatingTheNext() {
        try (RecommenderDriver recommender = RecommenderDriver.start(EXPIRY)) {
            // given
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0, "m1");

            // when the same status comes seven hours later
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0.plus(Duration.ofHours(7)), "m2");

            // then
            List<UiReflexEvent> events = recommender.events.readValuesToList();
            assertThat(events).extracting(UiReflexEvent::eventType, UiReflexEvent::createdAt).containsExactly(
                    tuple(EventType.RECOMMENDATION_CREATED, T0),
                    tuple(EventType.RECOMMENDATION_EXPIRED, PANIC_EXPIRES),
                    tuple(EventType.RECOMMENDATION_CREATED, T0.plus(Duration.ofHours(7))));
            String oldId = events.get(0).recommendationId();
            String newId = events.get(2).recommendationId();
            assertThat(newId).isNotEqualTo(oldId);
            // the deactivation comes first on the recommendations topic, as the unique partial index needs
            assertThat(recommender.recommendations.readRecordsToList())
                    .extracting(TestRecord::key, r -> r.getValue().isActive())
                    .containsExactly(tuple(oldId, true), tuple(oldId, false), tuple(newId, true));
            assertThat(activeRecommendations(recommender)).extracting(Recommendation::id).containsExactly(newId);
        }
    }

    @Test
    void withExpiryOnARefreshedRecommendationExpiresOnlyAtItsNewExpiresAt() {
        try (RecommenderDriver recommender = RecommenderDriver.start(EXPIRY)) {
            // given a PANIC_RUSH refreshed at T0 + 5 h, so it now expires at T0 + 11 h
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0, "m1");
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0.plus(Duration.ofHours(5)), "m2");

            // when stream time passes the first expires_at, then the second
            recommender.update(OTHER_TOPIC, PatternStatus.stable, T0.plus(Duration.ofHours(7)), "m3");
            List<EventType> afterSevenHours = recommender.events.readValuesToList().stream()
                    .map(UiReflexEvent::eventType).toList();
            recommender.update(OTHER_TOPIC, PatternStatus.stable, T0.plus(Duration.ofHours(11)), "m4");

            // then
            assertThat(afterSevenHours)
                    .containsExactly(EventType.RECOMMENDATION_CREATED, EventType.RECOMMENDATION_UPDATED);
            assertThat(recommender.events.readValuesToList())
                    .extracting(UiReflexEvent::eventType, UiReflexEvent::createdAt)
                    .containsExactly(tuple(EventType.RECOMMENDATION_EXPIRED, T0.plus(Duration.ofHours(11))));
            assertThat(activeRecommendations(recommender)).isEmpty();
            assertThat(expiryIndex(recommender)).isEmpty();
        }
    }

    private static List<KeyValue<String, String>> expiryIndex(RecommenderDriver recommender) {
        KeyValueStore<String, String> index =
                recommender.driver.getKeyValueStore(RecommenderTopology.EXPIRY_INDEX_STORE);
        try (var all = index.all()) {
            List<KeyValue<String, String>> entries = new ArrayList<>();
            all.forEachRemaining(entries::add);
            return entries;
        }
    }
}
