package io.mistakeflow.recommender.topology;

import io.mistakeflow.recommender.LifecycleFlags;
import io.mistakeflow.common.streams.StoreSuppliers;
import static io.mistakeflow.recommender.topology.RecommenderDriver.STUDENT;
import static io.mistakeflow.recommender.topology.RecommenderDriver.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class RecommenderTopologyTest {

    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    /** Pinned from the first run: later releases must write the same ids for the same input. */
    private static final String PINNED_RECOMMENDATION_ID = "a14819eb-3694-599e-941d-9d84c3e6a0c8";
    private static final String PINNED_EVENT_ID = "7a22af2f-9c0b-55d1-8645-fbafc69ecb6b";

    @Test
    void theWorkedExampleCreatesOneRecommendationAndUpdatesItThreeTimes() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // given / when: the worked example's six 3 s mistakes, one second apart
            pipeWorkedExample(recommender);

            // then
            List<TestRecord<String, UiReflexEvent>> events = recommender.events.readRecordsToList();
            assertThat(events).extracting(r -> r.getValue().eventType()).containsExactly(
                    EventType.RECOMMENDATION_CREATED, EventType.RECOMMENDATION_UPDATED,
                    EventType.RECOMMENDATION_UPDATED, EventType.RECOMMENDATION_UPDATED);
            assertThat(events).extracting(TestRecord::key).containsOnly(STUDENT);
            assertThat(events).extracting(TestRecord::getRecordTime)
                    .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(5));
            assertThat(events).extracting(r -> r.getValue().createdAt())
                    .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(5));
            assertThat(events).extracting(r -> r.getValue().sourceMistakeId()).containsExactly("m3", "m4", "m5", "m6");
            assertThat(events).extracting(r -> r.getValue().priority()).containsOnly(8);
            assertThat(events).extracting(r -> r.getValue().title()).containsOnly("⏱️ Acele Modu Tespit Edildi");
            String recommendationId = events.get(0).getValue().recommendationId();
            assertThat(events).extracting(r -> r.getValue().recommendationId()).containsOnly(recommendationId);
            assertThat(events).allSatisfy(r -> {
                assertThat(r.getValue().delivered()).isFalse();
                assertThat(r.getValue().deliveredAt()).isNull();
            });

            List<TestRecord<String, Recommendation>> rows = recommender.recommendations.readRecordsToList();
            assertThat(rows).extracting(TestRecord::key).containsOnly(recommendationId);
            assertThat(rows).extracting(TestRecord::getRecordTime)
                    .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(5));
            assertThat(rows).extracting(r -> r.getValue().expiresAt()).containsExactly(
                    Instant.parse("2025-01-06T16:00:02Z"), Instant.parse("2025-01-06T16:00:03Z"),
                    Instant.parse("2025-01-06T16:00:04Z"), Instant.parse("2025-01-06T16:00:05Z"));
            Recommendation last = rows.get(3).getValue();
            assertThat(last.createdAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(last.updatedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(last.isActive()).isTrue();
            assertThat(last.sourceMistakeId()).isEqualTo("m6");
            assertThat(activeRecommendations(recommender)).containsExactly(last);
        }
    }

    @Test
    void recommendationsOfDifferentTypesStayActiveSideBySide() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // given
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0, "m1");
            recommender.update(TOPIC, PatternStatus.STUCK_LOOP, T0.plusSeconds(60), "m2");

            // when
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0.plusSeconds(120), "m3");

            // then
            assertThat(recommender.events.readValuesToList())
                    .extracting(UiReflexEvent::eventType, UiReflexEvent::priority, UiReflexEvent::sourceMistakeId)
                    .containsExactly(
                            tuple(EventType.RECOMMENDATION_CREATED, 8, "m1"),
                            tuple(EventType.RECOMMENDATION_CREATED, 9, "m2"),
                            tuple(EventType.RECOMMENDATION_UPDATED, 8, "m3"));
            assertThat(activeRecommendations(recommender))
                    .extracting(Recommendation::recommendationType, Recommendation::isActive)
                    .containsExactlyInAnyOrder(
                            tuple("PANIC_RUSH", true),
                            tuple("STUCK_LOOP", true));
        }
    }

    @Test
    void aNullTopicIsATopicOfItsOwn() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // when the same status comes for a named topic and for no topic
            recommender.update(TOPIC, PatternStatus.improving, T0, "m1");
            recommender.update(null, PatternStatus.improving, T0.plusSeconds(1), "m2");

            // then
            assertThat(recommender.events.readValuesToList())
                    .extracting(UiReflexEvent::eventType, UiReflexEvent::globalTopicUid)
                    .containsExactly(
                            tuple(EventType.RECOMMENDATION_CREATED, TOPIC),
                            tuple(EventType.RECOMMENDATION_CREATED, null));
        }
    }

    @Test
    void stableAndInsufficientDataWriteNothing() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // when
            recommender.update(TOPIC, PatternStatus.insufficient_data, T0, "m1");
            recommender.update(TOPIC, PatternStatus.stable, T0.plusSeconds(1), "m2");

            // then
            assertThat(recommender.events.isEmpty()).isTrue();
            assertThat(recommender.recommendations.isEmpty()).isTrue();
        }
    }

    @Test
    void twoRunsOverTheSameInputWriteTheSameBytes() {
        // given / when
        List<List<Object>> first = workedExampleOutput();
        List<List<Object>> second = workedExampleOutput();

        // then
        assertThat(second).isEqualTo(first);
        assertThat(first).hasSize(8);
    }

    @Test
    void idsAndTheWireFormatDoNotChangeBetweenReleases() {
        // ids are name-based: a changed id would make a replay write duplicate rows
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // when
            recommender.update(TOPIC, PatternStatus.improving, T0, "6d000000-0000-4000-8000-000000000001");

            // then
            TestRecord<byte[], byte[]> event = recommender.rawEvents.readRecord();
            assertThat(new String(event.key(), StandardCharsets.UTF_8)).isEqualTo(STUDENT);
            assertThat(new String(event.value(), StandardCharsets.UTF_8)).isEqualTo("{"
                    + "\"id\":\"" + PINNED_EVENT_ID + "\","
                    + "\"student_id\":\"00000000-0000-4000-8000-000000000010\","
                    + "\"global_topic_uid\":\"TR.MAT.ALG.001\","
                    + "\"event_type\":\"RECOMMENDATION_CREATED\","
                    + "\"title\":\"✅ İyileşme Var - Devam Et!\","
                    + "\"message\":\"Hatalar hafifliyor. Ritmi koru: 1 kısa tekrar + 1 normal deneme seti.\","
                    + "\"action_items\":[{\"action\":\"review\",\"duration_min\":5,\"label\":\"5 dakika hızlı tekrar\"},"
                    + "{\"action\":\"normal_set\",\"count\":8,\"label\":\"8 normal soru\"}],"
                    + "\"priority\":4,"
                    + "\"recommendation_id\":\"" + PINNED_RECOMMENDATION_ID + "\","
                    + "\"source_mistake_id\":\"6d000000-0000-4000-8000-000000000001\","
                    + "\"delivered\":false,"
                    + "\"delivered_at\":null,"
                    + "\"created_at\":\"2025-01-06T10:00:00\"}");
            TestRecord<byte[], byte[]> row = recommender.rawRecommendations.readRecord();
            assertThat(new String(row.key(), StandardCharsets.UTF_8)).isEqualTo(PINNED_RECOMMENDATION_ID);
            assertThat(new String(row.value(), StandardCharsets.UTF_8)).isEqualTo("{"
                    + "\"id\":\"" + PINNED_RECOMMENDATION_ID + "\","
                    + "\"student_id\":\"00000000-0000-4000-8000-000000000010\","
                    + "\"global_topic_uid\":\"TR.MAT.ALG.001\","
                    + "\"recommendation_type\":\"improving\","
                    + "\"title\":\"✅ İyileşme Var - Devam Et!\","
                    + "\"message\":\"Hatalar hafifliyor. Ritmi koru: 1 kısa tekrar + 1 normal deneme seti.\","
                    + "\"action_items\":[{\"action\":\"review\",\"duration_min\":5,\"label\":\"5 dakika hızlı tekrar\"},"
                    + "{\"action\":\"normal_set\",\"count\":8,\"label\":\"8 normal soru\"}],"
                    + "\"priority\":4,"
                    + "\"is_active\":true,"
                    + "\"is_shown\":false,"
                    + "\"is_dismissed\":false,"
                    + "\"source_mistake_id\":\"6d000000-0000-4000-8000-000000000001\","
                    + "\"created_at\":\"2025-01-06T10:00:00\","
                    + "\"updated_at\":\"2025-01-06T10:00:00\","
                    + "\"expires_at\":\"2025-01-07T10:00:00\"}");
        }
    }

    @Test
    void theSpecTopologyReadsPatternUpdatesAndTheTriggersRowsAndKeepsOnlyTheActiveRecommendations() {
        // when
        TopologyDescription description =
                RecommenderTopology.build(RecommenderOptions.inMemory()).topology().describe();

        // then: the captured recommendation rows are read for the cut-over's adoption only
        assertThat(sourceTopics(description))
                .containsExactlyInAnyOrder(Topics.PATTERN_UPDATES.name(), Topics.RECOMMENDATION_FEEDBACK.name());
        assertThat(stores(description)).containsExactly(RecommenderTopology.ACTIVE_RECOMMENDATIONS_STORE);
        assertThat(nodeNames(description)).containsExactlyInAnyOrder(
                RecommenderTopology.PATTERN_UPDATES_SOURCE, RecommenderTopology.RECOMMEND,
                RecommenderTopology.FEEDBACK_SOURCE, RecommenderTopology.ADOPT_TRIGGER_RECOMMENDATIONS,
                RecommenderTopology.RECOMMENDATIONS_SINK, RecommenderTopology.UI_REFLEX_EVENTS_SINK,
                RecommenderTopology.DEAD_LETTER_SINK);
        assertThat(description.subtopologies()).hasSize(1);
    }

    @Test
    void everyFlagAddsOnlyItsOwnNamedNodesAndStores() {
        // when
        TopologyDescription description = RecommenderTopology.build(RecommenderOptions.inMemory(new LifecycleFlags(true, true, true))).topology()
                .describe();

        // then
        assertThat(sourceTopics(description))
                .containsExactlyInAnyOrder(Topics.PATTERN_UPDATES.name(), Topics.RECOMMENDATION_FEEDBACK.name());
        assertThat(stores(description)).containsExactlyInAnyOrder(RecommenderTopology.ACTIVE_RECOMMENDATIONS_STORE,
                RecommenderTopology.EXPIRY_INDEX_STORE, RecommenderTopology.LAST_PATTERN_STATUS_STORE);
        assertThat(nodeNames(description)).containsExactlyInAnyOrder(
                RecommenderTopology.PATTERN_UPDATES_SOURCE, RecommenderTopology.RECOMMEND,
                RecommenderTopology.DETECT_PATTERN_CHANGES, RecommenderTopology.FEEDBACK_SOURCE,
                RecommenderTopology.ADOPT_TRIGGER_RECOMMENDATIONS,
                RecommenderTopology.APPLY_FEEDBACK, RecommenderTopology.RECOMMENDATIONS_SINK,
                RecommenderTopology.UI_REFLEX_EVENTS_SINK, RecommenderTopology.DEAD_LETTER_SINK);
        // one sub-topology: the inputs share the stores, so they must be co-partitioned by student_id
        assertThat(description.subtopologies()).hasSize(1);
    }

    static void pipeWorkedExample(RecommenderDriver recommender) {
        List<PatternStatus> statuses = List.of(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.PANIC_RUSH, PatternStatus.PANIC_RUSH, PatternStatus.PANIC_RUSH, PatternStatus.PANIC_RUSH);
        for (int i = 0; i < statuses.size(); i++) {
            recommender.update(TOPIC, statuses.get(i), T0.plus(Duration.ofSeconds(i)), "m" + (i + 1));
        }
    }

    private static List<List<Object>> workedExampleOutput() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            pipeWorkedExample(recommender);
            List<List<Object>> output = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : recommender.rawEvents.readRecordsToList()) {
                output.add(List.of("event", ByteBuffer.wrap(r.key()), ByteBuffer.wrap(r.value()), r.timestamp()));
            }
            for (TestRecord<byte[], byte[]> r : recommender.rawRecommendations.readRecordsToList()) {
                output.add(List.of("row", ByteBuffer.wrap(r.key()), ByteBuffer.wrap(r.value()), r.timestamp()));
            }
            return output;
        }
    }

    static List<Recommendation> activeRecommendations(RecommenderDriver recommender) {
        KeyValueStore<String, Recommendation> store = recommender.driver.getKeyValueStore(RecommenderTopology.ACTIVE_RECOMMENDATIONS_STORE);
        List<Recommendation> active = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> active.add(entry.value));
        }
        return active;
    }

    private static Set<String> sourceTopics(TopologyDescription description) {
        Set<String> topics = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Source source) {
                topics.addAll(source.topicSet());
            }
        }));
        return topics;
    }

    private static Set<String> stores(TopologyDescription description) {
        Set<String> stores = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor processor) {
                stores.addAll(processor.stores());
            }
        }));
        return stores;
    }

    private static Set<String> nodeNames(TopologyDescription description) {
        Set<String> names = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> names.add(node.name())));
        return names;
    }
}
