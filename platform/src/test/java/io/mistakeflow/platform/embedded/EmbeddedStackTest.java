package io.mistakeflow.platform.embedded;

import io.mistakeflow.common.Topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real components end to end, one stack for the class: rows in, Debezium records out; plain
 * JSON records in, sink rows out; and the frontend-owned columns left alone on redelivery.
 */
class EmbeddedStackTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedStack stack;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start(EmbeddedStack.Options.defaults());
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterAll
    static void stopStack() {
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void insertedMistakeIsPublishedKeyedByPlainStudentId() throws SQLException {
        String mistakeId = UUID.randomUUID().toString();
        String studentId = UUID.randomUUID().toString();
        sql("INSERT INTO student_mistakes (id, student_id, global_topic_uid, mistake_code, time_spent_seconds, occurred_at)"
                + " VALUES (?::uuid, ?::uuid, 'TR.MAT.ALG.001', 'CALCULATION_ERROR', 3, '2025-01-06 10:32:15.123456')",
                mistakeId, studentId);

        ConsumerRecord<String, String> record = awaitRecord(Topics.MISTAKES.name(),
                r -> r.value() != null && r.value().contains(mistakeId));

        assertThat(record.key()).isEqualTo(studentId);
        // flat row, Postgres column names, timestamp as Debezium's epoch microseconds
        assertThat(record.value())
                .contains("\"id\":\"" + mistakeId + "\"")
                .contains("\"student_id\":\"" + studentId + "\"")
                .contains("\"mistake_code\":\"CALCULATION_ERROR\"")
                .contains("\"time_spent_seconds\":3")
                .contains("\"occurred_at\":1736159535123456")
                .doesNotContain("\"after\"");
    }

    @Test
    void seededPresetsArePublishedKeyedByName() {
        ConsumerRecord<String, String> normal = awaitRecord(Topics.PRESETS.name(), r -> "normal".equals(r.key()));

        // jsonb arrives as a JSON string, as Debezium sends it
        assertThat(normal.value()).contains("\"preset_name\":\"normal\"", "\"is_default\":true",
                "\"settings\":\"{", "\\\"improvement_target_ratio\\\": 0.95");
    }

    @Test
    void deletedSettingsRowBecomesTombstoneKeyedByStudent() throws SQLException {
        String studentId = UUID.randomUUID().toString();
        sql("INSERT INTO student_analysis_settings (student_id, preset_name) VALUES (?::uuid, 'soft')", studentId);
        sql("DELETE FROM student_analysis_settings WHERE student_id = ?::uuid", studentId);

        ConsumerRecord<String, String> tombstone = awaitRecord(Topics.STUDENT_SETTINGS.name(),
                r -> studentId.equals(r.key()) && r.value() == null);

        assertThat(tombstone.key()).isEqualTo(studentId);
    }

    @Test
    void theConnectorsLogInAsTheirRolesAndNothingAsTheOwner() throws SQLException {
        // the source streams over a replication connection; each sink's pool keeps a connection open
        assertThat(row("SELECT string_agg(usename, ',') FROM pg_stat_replication")).containsExactly("mistakeflow_cdc");
        await().atMost(WAIT).until(() -> row("SELECT string_agg(DISTINCT usename, ',' ORDER BY usename) FROM pg_stat_activity"
                + " WHERE backend_type IN ('client backend', 'walsender') AND pid <> pg_backend_pid()")
                .equals(List.of("mistakeflow_cdc,mistakeflow_sink")));
    }

    @Test
    void heartbeatsWriteTheHeartbeatTable() {
        // heartbeat.interval.ms is 10 s: the first beat comes within that after the source started
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM mistakeflow_heartbeat") == 1);
    }

    @Test
    void unreadableRecordGoesToDeadLetterAndSinkCarriesOn() throws Exception {
        String studentId = UUID.randomUUID().toString();
        produce(Topics.UI_REFLEX_EVENTS.name(), studentId, "{\"id\":\"not-a-uuid\",\"student_id\":\"" + studentId + "\"}");
        String eventId = UUID.randomUUID().toString();
        produce(Topics.UI_REFLEX_EVENTS.name(), studentId, event(eventId, studentId, UUID.randomUUID().toString()));

        awaitRow("SELECT count(*) FROM ui_reflex_events WHERE id = ?::uuid", eventId);
        ConsumerRecord<String, String> dead = awaitRecord(Topics.DEAD_LETTER.name(),
                r -> r.value() != null && r.value().contains("not-a-uuid"));
        assertThat(dead.key()).isEqualTo(studentId);
    }

    @Test
    void tombstoneOnOutputTopicDeletesNothing() throws Exception {
        String studentId = UUID.randomUUID().toString();
        String recommendationId = UUID.randomUUID().toString();
        produce(Topics.RECOMMENDATIONS.name(), recommendationId,
                recommendation(recommendationId, studentId, "kept", "2025-01-09T05:09:29"));
        produce(Topics.RECOMMENDATIONS.name(), recommendationId, null);
        String nextId = UUID.randomUUID().toString();
        // the recommendations topic is keyed by id: put the marker on the tombstone's partition
        // (another student: one active recommendation per student, topic and type)
        produce(Topics.RECOMMENDATIONS.name(), recommendationId,
                recommendation(nextId, UUID.randomUUID().toString(), "next", "2025-01-09T05:09:29"));

        awaitRow("SELECT count(*) FROM student_recommendations WHERE id = ?::uuid", nextId);
        assertThat(count("SELECT count(*) FROM student_recommendations WHERE id = ?::uuid", recommendationId)).isEqualTo(1);
    }

    @Test
    void plainJsonOutputsLandWithExactNumbersTimesAndJson() throws Exception {
        String studentId = UUID.randomUUID().toString();
        String baselineId = UUID.randomUUID().toString();
        produce(Topics.BASELINES.name(), studentId, "{"
                + "\"id\":\"" + baselineId + "\",\"student_id\":\"" + studentId + "\",\"global_topic_uid\":\"TR.FIZ.MEK.004\","
                + "\"baseline_avg_duration\":122.8000000000000000,\"baseline_sample_count\":5,"
                + "\"baseline_established_at\":\"2025-01-11T11:49:13\","
                + "\"current_avg_duration\":76.8888888888888889,\"current_sample_count\":9,"
                + "\"improvement_rate\":0.37386898298950416205,\"exam_norm_duration\":null,\"distance_to_norm\":null,"
                + "\"adaptive_expected_duration\":73.044444444444444455,\"learning_phase\":\"improvement\","
                + "\"updated_at\":\"2025-01-12T13:17:57.123456\"}");
        String patternId = UUID.randomUUID().toString();
        produce(Topics.PATTERNS.name(), studentId, "{"
                + "\"id\":\"" + patternId + "\",\"student_id\":\"" + studentId + "\",\"global_topic_uid\":null,"
                + "\"dominant_mistake_code\":\"SIGN_ERROR\",\"dominant_mistake_count\":2,"
                + "\"mistake_distribution\":{\"SIGN_ERROR\":2,\"CALCULATION_ERROR\":2},"
                + "\"improvement_trend\":\"PANIC_RUSH\",\"analyzed_at\":\"2025-01-06T10:32:15\"}");
        String mistakeId = UUID.randomUUID().toString();
        produce(Topics.ANALYSED_MISTAKES.name(), mistakeId, "{"
                + "\"id\":\"" + mistakeId + "\",\"student_id\":\"" + studentId + "\",\"global_topic_uid\":\"TR.MAT.ALG.001\","
                + "\"expected_duration\":2.85,\"time_ratio\":1.0526315789473684,\"used_adaptive_baseline\":true,"
                + "\"improvement_trend\":\"PANIC_RUSH\"}");
        String recommendationId = UUID.randomUUID().toString();
        produce(Topics.RECOMMENDATIONS.name(), recommendationId, recommendation(recommendationId, studentId,
                "🔁 Takılma Döngüsü Tespit Edildi", "2025-01-09T05:09:29"));
        String eventId = UUID.randomUUID().toString();
        produce(Topics.UI_REFLEX_EVENTS.name(), studentId, event(eventId, studentId, recommendationId));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM student_baseline_performance WHERE id = ?::uuid", baselineId)
                + count("SELECT count(*) FROM student_mistake_patterns WHERE id = ?::uuid", patternId)
                + count("SELECT count(*) FROM student_mistake_analysis WHERE mistake_id = ?::uuid", mistakeId)
                + count("SELECT count(*) FROM student_recommendations WHERE id = ?::uuid", recommendationId)
                + count("SELECT count(*) FROM ui_reflex_events WHERE id = ?::uuid", eventId) == 5);

        assertThat(row("SELECT baseline_avg_duration::text, baseline_sample_count, baseline_established_at::text,"
                + " current_avg_duration::text, improvement_rate::text, exam_norm_duration, adaptive_expected_duration::text,"
                + " learning_phase, updated_at::text FROM student_baseline_performance WHERE id = ?::uuid", baselineId))
                .containsExactly("122.8000000000000000", 5, "2025-01-11 11:49:13", "76.8888888888888889",
                        "0.37386898298950416205", null, "73.044444444444444455", "improvement", "2025-01-12 13:17:57.123456");
        assertThat(row("SELECT global_topic_uid, dominant_mistake_code, dominant_mistake_count,"
                + " mistake_distribution = '{\"SIGN_ERROR\": 2, \"CALCULATION_ERROR\": 2}'::jsonb, analyzed_at::text"
                + " FROM student_mistake_patterns WHERE id = ?::uuid", patternId))
                .containsExactly(null, "SIGN_ERROR", 2, true, "2025-01-06 10:32:15");
        assertThat(row("SELECT student_id::text, expected_duration::text, time_ratio::text, used_adaptive_baseline,"
                + " improvement_trend FROM student_mistake_analysis WHERE mistake_id = ?::uuid", mistakeId))
                .containsExactly(studentId, "2.85", "1.0526315789473684", true, "PANIC_RUSH");
        assertThat(row("SELECT title, action_items = ?::jsonb, priority, is_active, is_shown, is_dismissed,"
                + " created_at::text, updated_at::text, expires_at::text FROM student_recommendations WHERE id = ?::uuid",
                ACTION_ITEMS, recommendationId))
                .containsExactly("🔁 Takılma Döngüsü Tespit Edildi", true, 9, true, false, false,
                        "2025-01-06 10:32:15", "2025-01-08 05:09:29", "2025-01-09 05:09:29");
        assertThat(row("SELECT event_type, action_items = ?::jsonb, priority, recommendation_id::text, delivered,"
                + " delivered_at, created_at::text FROM ui_reflex_events WHERE id = ?::uuid", ACTION_ITEMS, eventId))
                .containsExactly("RECOMMENDATION_CREATED", true, 9, recommendationId, false, null, "2025-01-06 10:32:15");
    }

    @Test
    void redeliveredEventLeavesDeliveredAlone() throws Exception {
        String studentId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String recommendationId = UUID.randomUUID().toString();
        produce(Topics.UI_REFLEX_EVENTS.name(), studentId, event(eventId, studentId, recommendationId));
        awaitRow("SELECT count(*) FROM ui_reflex_events WHERE id = ?::uuid", eventId);

        sql("UPDATE ui_reflex_events SET delivered = true, delivered_at = '2025-01-06 10:40:00' WHERE id = ?::uuid", eventId);
        produce(Topics.UI_REFLEX_EVENTS.name(), studentId, event(eventId, studentId, recommendationId));
        // same key, same partition: once the next event is in, the redelivered one was written before it
        String nextEventId = UUID.randomUUID().toString();
        produce(Topics.UI_REFLEX_EVENTS.name(), studentId, event(nextEventId, studentId, recommendationId));
        awaitRow("SELECT count(*) FROM ui_reflex_events WHERE id = ?::uuid", nextEventId);

        assertThat(row("SELECT delivered, delivered_at::text FROM ui_reflex_events WHERE id = ?::uuid", eventId))
                .containsExactly(true, "2025-01-06 10:40:00");
    }

    @Test
    void updatedRecommendationUpdatesPipelineColumnsButNotShown() throws Exception {
        String studentId = UUID.randomUUID().toString();
        String recommendationId = UUID.randomUUID().toString();
        produce(Topics.RECOMMENDATIONS.name(), recommendationId,
                recommendation(recommendationId, studentId, "first title", "2025-01-09T05:09:29"));
        awaitRow("SELECT count(*) FROM student_recommendations WHERE id = ?::uuid", recommendationId);

        sql("UPDATE student_recommendations SET is_shown = true, shown_at = '2025-01-06 11:00:00' WHERE id = ?::uuid",
                recommendationId);
        produce(Topics.RECOMMENDATIONS.name(), recommendationId,
                recommendation(recommendationId, studentId, "second title", "2025-01-10T07:00:00.5"));
        awaitRow("SELECT count(*) FROM student_recommendations WHERE id = ?::uuid AND title = 'second title'",
                recommendationId);

        assertThat(row("SELECT is_shown, shown_at::text, is_dismissed, expires_at::text FROM student_recommendations"
                + " WHERE id = ?::uuid", recommendationId))
                .containsExactly(true, "2025-01-06 11:00:00", false, "2025-01-10 07:00:00.5");

        // the frontend's change is captured for the recommender, keyed by student_id: the whole row (the
        // cut-over adopts the triggers' rows from it), without written_by where no cut-over is installed
        ConsumerRecord<String, String> feedback = awaitRecord(Topics.RECOMMENDATION_FEEDBACK.name(),
                r -> studentId.equals(r.key()) && r.value() != null && r.value().contains("\"is_shown\":true"));
        assertThat(feedback.value()).contains("\"student_id\":\"" + studentId + "\"", "\"is_dismissed\":false",
                        "\"title\":\"", "\"recommendation_type\":\"STUCK_LOOP\"")
                .doesNotContain("written_by");
    }

    private static final String ACTION_ITEMS = "[{\"label\": \"1 ipucu al\", \"level\": 1, \"action\": \"hint\"},"
            + " {\"label\": \"6 dakika tekrar\", \"action\": \"micro_review\", \"duration_min\": 6},"
            + " {\"count\": 1, \"label\": \"Tekrar dene\", \"action\": \"retry\"}]";

    /** A recommendation as the recommender writes it: is_shown/is_dismissed false in the record. */
    private static String recommendation(String id, String studentId, String title, String expiresAt) {
        return "{\"id\":\"" + id + "\",\"student_id\":\"" + studentId + "\",\"global_topic_uid\":\"TR.FIZ.MEK.004\","
                + "\"recommendation_type\":\"STUCK_LOOP\",\"title\":\"" + title + "\","
                + "\"message\":\"Aynı hata tekrar ediyor.\",\"action_items\":" + ACTION_ITEMS + ",\"priority\":9,"
                + "\"is_active\":true,\"is_shown\":false,\"is_dismissed\":false,"
                + "\"source_mistake_id\":\"6d000000-0000-4000-8000-000000000121\","
                + "\"created_at\":\"2025-01-06T10:32:15\",\"updated_at\":\"2025-01-08T05:09:29\",\"expires_at\":\"" + expiresAt + "\"}";
    }

    /** An event as the recommender writes it: delivered false in the record. */
    private static String event(String id, String studentId, String recommendationId) {
        return "{\"id\":\"" + id + "\",\"student_id\":\"" + studentId + "\",\"global_topic_uid\":\"TR.FIZ.MEK.004\","
                + "\"event_type\":\"RECOMMENDATION_CREATED\",\"title\":\"🔁 Takılma Döngüsü Tespit Edildi\","
                + "\"message\":\"Aynı hata tekrar ediyor.\",\"action_items\":" + ACTION_ITEMS + ",\"priority\":9,"
                + "\"recommendation_id\":\"" + recommendationId + "\","
                + "\"source_mistake_id\":\"6d000000-0000-4000-8000-000000000004\","
                + "\"delivered\":false,\"delivered_at\":null,\"created_at\":\"2025-01-06T10:32:15\"}";
    }

    private static void produce(String topic, String key, String value) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** Reads the topic from the beginning until a record matches. */
    private static ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(topic)) {
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().anyMatch(match);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no matching record on " + topic + " within " + WAIT + "; read "
                    + records.stream().map(r -> r.key() + " => " + r.value()).toList(), e);
        }
        return records.stream().filter(match).findFirst().orElseThrow();
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static void awaitRow(String countQuery, Object... parameters) {
        await().atMost(WAIT).until(() -> count(countQuery, parameters) == 1);
    }

    private static long count(String query, Object... parameters) throws SQLException {
        return ((Number) row(query, parameters).get(0)).longValue();
    }

    private static void sql(String statement, Object... parameters) throws SQLException {
        try (Connection connection = stack.postgres().connect();
             PreparedStatement prepared = prepare(connection, statement, parameters)) {
            prepared.executeUpdate();
        }
    }

    /** The first row, as JDBC objects (timestamps as LocalDateTime). */
    private static List<Object> row(String query, Object... parameters) throws SQLException {
        try (Connection connection = stack.postgres().connect();
             PreparedStatement prepared = prepare(connection, query, parameters);
             ResultSet rows = prepared.executeQuery()) {
            assertThat(rows.next()).as("a row for %s", query).isTrue();
            List<Object> values = new ArrayList<>();
            for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                Object value = rows.getObject(column);
                values.add(value instanceof Timestamp timestamp ? timestamp.toLocalDateTime() : value);
            }
            return values;
        }
    }

    private static PreparedStatement prepare(Connection connection, String statement, Object... parameters) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement);
        for (int i = 0; i < parameters.length; i++) {
            prepared.setObject(i + 1, parameters[i]);
        }
        return prepared;
    }
}
