package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.platform.generate.MistakeWriter;
import io.mistakeflow.platform.embedded.PipelineRuntime;
import io.mistakeflow.platform.demo.ReferenceData;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * the worked example of docs/behaviour.md#worked-example on the real components: six 3 s CALCULATION_ERROR mistakes one second
 * apart, inserted into Postgres, end up as exactly the rows the triggers wrote. Then a frontend
 * marks one of the events delivered, the event's record is delivered again, and the mark stays;
 * and a record of an aborted transaction on an output topic never reaches a table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkedExampleEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "TR.MAT.ALG.001";
    private static final String EVENTS_SINK_GROUP = "connect-mistakeflow-sink-ui-reflex-events";
    private static final LocalDateTime FIRST = LocalDateTime.parse("2025-01-06T10:00:00");

    private static PipelineRuntime runtime;
    private static final String STUDENT = UUID.randomUUID().toString();
    private static final List<String> MISTAKES = List.of(id(), id(), id(), id(), id(), id());

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.start(PipelineRuntime.Options.defaults(), ReferenceData::seedMistakeTypes);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void sixQuickCalculationErrorsGiveTheTriggersRows() throws Exception {
        try (Connection connection = connect()) {
            for (int i = 0; i < MISTAKES.size(); i++) {
                MistakeWriter.insert(connection, List.of(new Mistake(MISTAKES.get(i), STUDENT, TOPIC, "CALCULATION_ERROR",
                        null, 3, at(i).toInstant(ZoneOffset.UTC))));
            }
        }

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rows("SELECT count(*) FROM ui_reflex_events WHERE student_id = ?::uuid", STUDENT))
                    .containsExactly(List.of(4L));
            assertThat(rows("SELECT analyzed_at FROM student_mistake_patterns WHERE student_id = ?::uuid", STUDENT))
                    .containsExactly(List.of(at(5)));
            assertThat(rows("SELECT count(*) FROM student_mistake_analysis WHERE student_id = ?::uuid", STUDENT))
                    .containsExactly(List.of(6L));
        });

        assertThat(rows("SELECT global_topic_uid, dominant_mistake_code, dominant_mistake_count,"
                + " mistake_distribution = '{\"CALCULATION_ERROR\": 6}'::jsonb, improvement_trend, analyzed_at"
                + " FROM student_mistake_patterns WHERE student_id = ?::uuid", STUDENT))
                .containsExactly(List.of(TOPIC, "CALCULATION_ERROR", 6, true, "PANIC_RUSH", at(5)));

        List<List<Object>> recommendations = rows("SELECT id::text, global_topic_uid, recommendation_type, priority, is_active,"
                + " is_shown, is_dismissed, source_mistake_id::text, created_at, updated_at, expires_at,"
                + " jsonb_array_length(action_items) FROM student_recommendations WHERE student_id = ?::uuid", STUDENT);
        assertThat(recommendations).hasSize(1);
        String recommendationId = (String) recommendations.get(0).get(0);
        assertThat(recommendations.get(0).subList(1, 12)).containsExactly(TOPIC, "PANIC_RUSH", 8, true, false, false,
                MISTAKES.get(5), at(2), at(5), at(5).plusHours(6), 3);

        assertThat(rows("SELECT event_type, recommendation_id::text, source_mistake_id::text, priority, delivered,"
                + " delivered_at, created_at FROM ui_reflex_events WHERE student_id = ?::uuid ORDER BY created_at", STUDENT))
                .containsExactly(
                        Arrays.asList("RECOMMENDATION_CREATED", recommendationId, MISTAKES.get(2), 8, false, null, at(2)),
                        Arrays.asList("RECOMMENDATION_UPDATED", recommendationId, MISTAKES.get(3), 8, false, null, at(3)),
                        Arrays.asList("RECOMMENDATION_UPDATED", recommendationId, MISTAKES.get(4), 8, false, null, at(4)),
                        Arrays.asList("RECOMMENDATION_UPDATED", recommendationId, MISTAKES.get(5), 8, false, null, at(5)));

        // the analysed mistakes and the baseline, as in the worked example's table
        List<List<Object>> analysed = rows("SELECT improvement_trend, used_adaptive_baseline, expected_duration"
                + " FROM student_mistake_analysis a JOIN student_mistakes m ON m.id = a.mistake_id"
                + " WHERE a.student_id = ?::uuid ORDER BY m.occurred_at", STUDENT);
        assertThat(analysed).extracting(row -> row.get(0)).containsExactly("insufficient_data", "insufficient_data",
                "PANIC_RUSH", "PANIC_RUSH", "PANIC_RUSH", "PANIC_RUSH");
        assertThat(analysed.get(4).get(1)).isEqualTo(false);
        assertThat(analysed.get(5).get(1)).isEqualTo(true);
        assertThat((BigDecimal) analysed.get(5).get(2)).isEqualByComparingTo("2.85");
        List<Object> baseline = rows("SELECT baseline_avg_duration, baseline_sample_count, current_avg_duration,"
                + " current_sample_count, learning_phase, adaptive_expected_duration, baseline_established_at"
                + " FROM student_baseline_performance WHERE student_id = ?::uuid", STUDENT).get(0);
        assertThat((BigDecimal) baseline.get(0)).isEqualByComparingTo("3");
        assertThat((BigDecimal) baseline.get(2)).isEqualByComparingTo("3");
        assertThat((BigDecimal) baseline.get(5)).isEqualByComparingTo("2.85");
        assertThat(baseline.subList(3, 5)).containsExactly(6, "improvement");
        assertThat(baseline.get(1)).isEqualTo(5);
        assertThat(baseline.get(6)).isEqualTo(at(4));
    }

    @Test
    @Order(2)
    void redeliveredEventKeepsTheFrontendsDeliveredMark() throws Exception {
        String eventId = (String) awaitRow("SELECT id::text FROM ui_reflex_events WHERE student_id = ?::uuid"
                + " AND event_type = 'RECOMMENDATION_CREATED'", STUDENT).get(0);
        LocalDateTime deliveredAt = LocalDateTime.parse("2025-01-06T10:40:00");
        execute("UPDATE ui_reflex_events SET delivered = true, delivered_at = ? WHERE id = ?::uuid", deliveredAt, eventId);
        Object receivedAt = rows("SELECT received_at FROM ui_reflex_events WHERE id = ?::uuid", eventId).get(0).get(0);
        assertThat(receivedAt).isNotNull();

        ConsumerRecord<byte[], byte[]> record = recordOnEventsTopic(eventId);
        RecordMetadata resent;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            resent = producer.send(new ProducerRecord<>(record.topic(), record.partition(), null, record.key(), record.value(),
                    record.headers())).get();
        }
        // the sink commits an offset only after the records before it are written
        TopicPartition partition = new TopicPartition(resent.topic(), resent.partition());
        try (Admin admin = runtime.stack().kafka().admin()) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(EVENTS_SINK_GROUP)
                        .partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > resent.offset();
            });
        }

        assertThat(rows("SELECT delivered, delivered_at, received_at, event_type, source_mistake_id::text FROM ui_reflex_events"
                + " WHERE id = ?::uuid", eventId))
                .containsExactly(List.of(true, deliveredAt, receivedAt, "RECOMMENDATION_CREATED", MISTAKES.get(2)));
    }

    @Test
    @Order(3)
    void sinksSkipRecordsOfAbortedTransactions() throws Exception {
        // the apps write in transactions; what a crash aborts must never reach a table
        String aborted = id();
        String committed = id();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "endtoend-" + id(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.UI_REFLEX_EVENTS.name(), STUDENT, event(aborted))).get();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.UI_REFLEX_EVENTS.name(), STUDENT, event(committed))).get();
            producer.commitTransaction();
        }

        // same key, same partition: once the committed one is in, the aborted one was passed over
        awaitRow("SELECT 1 FROM ui_reflex_events WHERE id = ?::uuid", committed);
        assertThat(rows("SELECT 1 FROM ui_reflex_events WHERE id = ?::uuid", aborted)).isEmpty();
    }

    @Test
    @Order(4)
    void theOpsEndpointsCountTheWorkedExampleAndReportEveryComponentHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> ready = get(http, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode components = Json.MAPPER.readTree(ready.body()).get("components");
        assertThat(components.get("analyzer").get("state").asText()).isEqualTo("RUNNING");
        assertThat(components.get("recommender").get("state").asText()).isEqualTo("RUNNING");
        assertThat(components.get("connectors").get("mistakeflow-source").asText()).isEqualTo("RUNNING");
        assertThat(components.get("connectors").get("status").asText()).isEqualTo("UP");
        assertThat(get(http, "/health/live").statusCode()).isEqualTo(200);

        String metrics = get(http, "/metrics").body();
        assertThat(metrics)
                .contains("mistakeflow_mistakes_analysed_total{status=\"PANIC_RUSH\"} 4.0")
                .contains("mistakeflow_mistakes_analysed_total{status=\"insufficient_data\"} 2.0")
                .contains("mistakeflow_recommendations_total{change=\"created\",type=\"PANIC_RUSH\"} 1.0")
                .contains("mistakeflow_recommendations_total{change=\"updated\",type=\"PANIC_RUSH\"} 3.0")
                .contains("mistakeflow_events_total{event_type=\"RECOMMENDATION_UPDATED\"} 3.0")
                .contains("mistakeflow_end_to_end_latency_seconds_count{application=\"mistakeflow-recommender\","
                        + "output=\"mistakeflow.ui-reflex-events\"} 4")
                .contains("mistakeflow_input_lag_records{application=\"mistakeflow-analyzer\","
                        + "topic=\"mistakeflow.public.student_mistakes\"}")
                .contains("mistakeflow_replication_slot_lag_bytes{slot=\"mistakeflow_slot\"}")
                .contains("kafka_stream_thread_process_total")
                .contains("jvm_memory_used_bytes");
    }

    private static HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runtime.opsUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String id) {
        return "{\"id\":\"" + id + "\",\"student_id\":\"" + STUDENT + "\",\"global_topic_uid\":\"" + TOPIC + "\","
                + "\"event_type\":\"RECOMMENDATION_UPDATED\",\"title\":\"t\",\"message\":\"m\",\"action_items\":[],"
                + "\"priority\":8,\"recommendation_id\":\"" + id() + "\",\"source_mistake_id\":\"" + id() + "\","
                + "\"delivered\":false,\"delivered_at\":null,\"created_at\":\"2025-01-06T11:00:00\"}";
    }

    /** The event's record as the recommender wrote it, read back from the topic frontends subscribe to. */
    private static ConsumerRecord<byte[], byte[]> recordOnEventsTopic(String eventId) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.UI_REFLEX_EVENTS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && new String(record.value(), java.nio.charset.StandardCharsets.UTF_8)
                            .contains("\"id\":\"" + eventId + "\"")) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static LocalDateTime at(int mistake) {
        return FIRST.plusSeconds(mistake);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static Connection connect() throws SQLException {
        return runtime.stack().postgres().connect();
    }

    private static List<Object> awaitRow(String query, Object... parameters) {
        return await().atMost(WAIT).until(() -> rows(query, parameters), found -> !found.isEmpty()).get(0);
    }

    private static void execute(String statement, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement prepared = prepare(connection, statement, parameters)) {
            prepared.executeUpdate();
        }
    }

    /** Rows as JDBC objects, timestamps as LocalDateTime (timestamptz: as Instant). */
    private static List<List<Object>> rows(String query, Object... parameters) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement prepared = prepare(connection, query, parameters);
             ResultSet result = prepared.executeQuery()) {
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                    Object value = result.getObject(column);
                    if (value instanceof Timestamp timestamp) {
                        value = "timestamptz".equals(result.getMetaData().getColumnTypeName(column))
                                ? (Object) timestamp.toInstant() : timestamp.toLocalDateTime();
                    }
                    row.add(value);
                }
                rows.add(row);
            }
            return rows;
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
