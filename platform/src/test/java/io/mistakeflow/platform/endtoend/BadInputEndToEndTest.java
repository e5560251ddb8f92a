package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.deadletter.DeadLetter;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.platform.demo.ReferenceData;
import io.mistakeflow.platform.embedded.PipelineRuntime;
import io.mistakeflow.recommender.RecommenderSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input, produced straight to the input topics (as a learning app writing to
 * Kafka would, keyed as Debezium keys them), between good mistakes, on the real components: each
 * bad record is on the dead-letter topic once, untouched, with its reason and origin; the good
 * mistakes are analysed into Postgres; both apps keep running; the dead-letter meters count each
 * kind. The odd-but-valid records (an unknown code, an unknown preset or recommendation,
 * tombstones) are processed and set nothing aside.
 */
class BadInputEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOPIC = "TR.MAT.ALG.001";
    /**
     * The largest value the input topic takes: the broker's default limit (message.max.bytes,
     * 1 MiB + 12 bytes) for the record batch, less its overhead and this record's key. Its
     * dead-lettered copy is some 200 bytes larger, by the headers.
     */
    private static final int HUGE = 1_048_400;

    private static PipelineRuntime runtime;
    private static final String STUDENT = UUID.randomUUID().toString();

    private final List<String> goodMistakes = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private int sequence;

    /** A bad record as produced, and what its dead letter must say. */
    private record Rejected(RecordMetadata produced, String key, byte[] value, String reason, String kind,
                            String application) {
    }

    @BeforeAll
    static void start() {
        PipelineRuntime.Options defaults = PipelineRuntime.Options.defaults();
        runtime = PipelineRuntime.start(new PipelineRuntime.Options(defaults.dataDir(), defaults.partitions(),
                defaults.dropSlotOnStop(), Map.of(SettingsSource.envName(RecommenderSettings.DISMISSALS_ENABLED), "true"),
                defaults.opsPort(), defaults.gatewayPort(), 1), ReferenceData::seedMistakeTypes);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyBadRecordIsSetAsideWithItsReasonAndTheGoodMistakesAroundItAreAnalysed() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // mistakes
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, "{\"id\":\"" + UUID.randomUUID() + "\",\"student_id\":",
                    "malformed JSON: Unexpected end-of-input within/between Object entries", "malformed_json");
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, "[1,2,3]", "value is not a JSON object", "not_an_object");
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, "42", "value is not a JSON object", "not_an_object");
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, "{\"id\":\"" + UUID.randomUUID() + "\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"time_spent_seconds\":30,\"occurred_at\":\"2025-01-06T10:00:00\"}", "student_id is missing",
                    "missing_field");
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, mistake(UUID.randomUUID().toString(), "", "SIGN_ERROR", "30",
                    "\"2025-01-06T10:00:00\""), "student_id is missing", "missing_field");
            good(producer);
            bad(producer, Topics.MISTAKES, "student-10", mistake(UUID.randomUUID().toString(), "student-10", "SIGN_ERROR",
                    "30", "\"2025-01-06T10:00:00\""),
                    "student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"student-10\"", "invalid_value");
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, mistake("m-1", STUDENT, "SIGN_ERROR", "30", "\"2025-01-06T10:00:00\""),
                    "id is not a UUID (8-4-4-4-12 lower-case hex digits): \"m-1\"", "invalid_value");
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, "{\"id\":\"" + UUID.randomUUID() + "\",\"student_id\":\"" + STUDENT
                    + "\",\"mistake_code\":\"SIGN_ERROR\",\"time_spent_seconds\":30}", "occurred_at is missing",
                    "missing_field");
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, mistake(UUID.randomUUID().toString(), STUDENT, "SIGN_ERROR", "30",
                    "\"yesterday\""), "occurred_at is not an ISO-8601 timestamp or epoch microseconds: \"yesterday\"",
                    "invalid_value");
            good(producer);
            Instant committed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String future = mistake(UUID.randomUUID().toString(), STUDENT, "SIGN_ERROR", "30", "\"2125-01-06T10:00:00\"");
            rejected.add(new Rejected(send(producer, Topics.MISTAKES, STUDENT, future, committed), STUDENT,
                    future.getBytes(StandardCharsets.UTF_8), "occurred_at is more than a day after the record's timestamp "
                    + EventTime.format(committed) + ": 2125-01-06T10:00:00", "invalid_value", AnalyzerSettings.APPLICATION_ID));
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, mistake(UUID.randomUUID().toString(), STUDENT, "SIGN_ERROR", "-5",
                    "\"2025-01-06T10:00:00\""), "time_spent_seconds is negative: -5", "invalid_value");
            good(producer);
            bad(producer, Topics.MISTAKES, STUDENT, mistake(UUID.randomUUID().toString(), STUDENT, "SIGN_ERROR", "100000",
                    "\"2025-01-06T10:00:00\""), "time_spent_seconds is more than a day (86400): 100000", "invalid_value");
            good(producer);
            String valid = mistake(UUID.randomUUID().toString(), STUDENT, "SIGN_ERROR", "30", "\"2025-01-06T10:00:00\"");
            bad(producer, Topics.MISTAKES, STUDENT, valid + " ".repeat(HUGE - valid.length()),
                    "value is " + HUGE + " bytes, more than an input row may have (65536)", "too_large");
            good(producer);
            String unknownCode = UUID.randomUUID().toString();
            send(producer, Topics.MISTAKES, STUDENT, mistake(unknownCode, STUDENT, "NOT_A_CODE", "30", at()), null);
            goodMistakes.add(unknownCode);
            send(producer, Topics.MISTAKES, STUDENT, null, null);
            send(producer, Topics.MISTAKES, null, null, null);
            good(producer);

            // student settings (a compacted topic: the broker refuses records without a key)
            bad(producer, Topics.STUDENT_SETTINGS, STUDENT, "{\"student_id\":\"" + STUDENT + "\",\"preset_name\":",
                    "malformed JSON: Unexpected end-of-input within/between Object entries", "malformed_json");
            bad(producer, Topics.STUDENT_SETTINGS, "student-10", "{\"student_id\":\"student-10\",\"preset_name\":\"soft\"}",
                    "student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"student-10\"", "invalid_value");
            send(producer, Topics.STUDENT_SETTINGS, STUDENT, "{\"student_id\":\"" + STUDENT
                    + "\",\"preset_name\":\"no-such-preset\"}", null);
            good(producer);
            send(producer, Topics.STUDENT_SETTINGS, STUDENT, null, null);
            good(producer);

            // reference tables, read into global stores
            bad(producer, Topics.PRESETS, "broken-settings", "{\"preset_name\":\"broken-settings\",\"is_default\":false,"
                    + "\"settings\":[1,2,3]}", "settings is not a JSON object", "invalid_value");
            good(producer);
            bad(producer, Topics.MISTAKE_TYPES, "NO_SEVERITY", "{\"mistake_code\":\"NO_SEVERITY\",\"severity\":null}",
                    "severity is missing", "missing_field");
            good(producer);
            send(producer, Topics.PRESETS, "no-such-preset", null, null);
            send(producer, Topics.MISTAKE_TYPES, "NO_SUCH_CODE", null, null);
            good(producer);

            // the frontend's feedback (dismissals flag on)
            badFeedback(producer, STUDENT, "{not json", "malformed JSON: Unexpected character"
                    + " ('n' (code 110)): was expecting double-quote to start field name", "malformed_json");
            badFeedback(producer, "student-10", "{\"id\":\"" + UUID.randomUUID()
                    + "\",\"student_id\":\"student-10\",\"is_dismissed\":true}",
                    "student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"student-10\"", "invalid_value");
            send(producer, Topics.RECOMMENDATION_FEEDBACK, STUDENT, "{\"id\":\"" + UUID.randomUUID() + "\",\"student_id\":\""
                    + STUDENT + "\",\"is_dismissed\":true,\"dismissed_at\":\"2025-01-06T11:00:00\"}", null);
            send(producer, Topics.RECOMMENDATION_FEEDBACK, STUDENT, null, null);
            send(producer, Topics.RECOMMENDATION_FEEDBACK, null, null, null);
            good(producer);
        }

        // the good mistakes are analysed, the unknown code's among them
        await().atMost(WAIT).untilAsserted(() -> assertThat(analysedMistakes()).containsExactlyInAnyOrderElementsOf(goodMistakes));

        // each bad record is set aside once, untouched, with its reason and origin; nothing else is
        Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitDeadLetters(rejected.size());
        assertThat(deadLetters.keySet()).containsExactlyInAnyOrderElementsOf(rejected.stream().map(r -> origin(r.produced()))
                .toList());
        for (Rejected bad : rejected) {
            ConsumerRecord<String, byte[]> dead = deadLetters.get(origin(bad.produced()));
            assertThat(dead.key()).isEqualTo(bad.key());
            assertThat(dead.value()).isEqualTo(bad.value());
            assertThat(dead.timestamp()).isEqualTo(bad.produced().timestamp());
            assertThat(header(dead, DeadLetter.REASON)).isEqualTo(bad.reason());
            assertThat(header(dead, DeadLetter.APPLICATION)).isEqualTo(bad.application());
        }

        // counted by application, reason kind and source topic
        Map<List<String>, Integer> expected = new HashMap<>();
        rejected.forEach(bad -> expected.merge(List.of(bad.application(), bad.kind(), bad.produced().topic()), 1,
                Integer::sum));
        for (Map.Entry<List<String>, Integer> count : expected.entrySet()) {
            Counter counter = runtime.registry().find(PipelineMetrics.DEAD_LETTERS).tags("application",
                    count.getKey().get(0), "reason", count.getKey().get(1), "source_topic", count.getKey().get(2)).counter();
            assertThat(counter).as("dead letters %s", count.getKey()).isNotNull();
            assertThat(counter.count()).as("dead letters %s", count.getKey()).isEqualTo(count.getValue().doubleValue());
        }
        assertThat(runtime.registry().find(PipelineMetrics.DEAD_LETTERS).counters().stream()
                .mapToDouble(Counter::count).sum()).isEqualTo(rejected.size());
        assertThat(runtime.registry().scrape()).contains("mistakeflow_dead_letters_total{application=\"mistakeflow-analyzer\","
                + "reason=\"too_large\",source_topic=\"mistakeflow.public.student_mistakes\"} 1.0");

        // and both apps still run
        assertThat(runtime.failure()).isNull();
    }

    private void good(KafkaProducer<String, byte[]> producer) throws Exception {
        String id = UUID.randomUUID().toString();
        send(producer, Topics.MISTAKES, STUDENT, mistake(id, STUDENT, "CALCULATION_ERROR", "30", at()), null);
        goodMistakes.add(id);
    }

    /** The next good mistake's occurred_at: a second after the previous one. */
    private String at() {
        return "\"" + EventTime.format(Instant.parse("2025-01-06T10:00:00Z").plusSeconds(sequence++)) + "\"";
    }

    /** A bad record for the analyzer. */
    private void bad(KafkaProducer<String, byte[]> producer, Topic<String, byte[]> topic, String key, String value,
                     String reason, String kind) throws Exception {
        rejected.add(new Rejected(send(producer, topic, key, value, null), key, value.getBytes(StandardCharsets.UTF_8),
                reason, kind, AnalyzerSettings.APPLICATION_ID));
    }

    private void badFeedback(KafkaProducer<String, byte[]> producer, String key, String value, String reason,
                             String kind) throws Exception {
        rejected.add(new Rejected(send(producer, Topics.RECOMMENDATION_FEEDBACK, key, value, null), key,
                value.getBytes(StandardCharsets.UTF_8), reason, kind, RecommenderSettings.APPLICATION_ID));
    }

    /** {@code value} null: a tombstone; {@code timestamp} null: the producer's clock. */
    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, Topic<String, byte[]> topic, String key,
                                       String value, Instant timestamp) throws Exception {
        return producer.send(new ProducerRecord<>(topic.name(), null, timestamp == null ? null : timestamp.toEpochMilli(),
                key, value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static String mistake(String id, String student, String code, String seconds, String occurredAt) {
        return "{\"id\":\"" + id + "\",\"student_id\":\"" + student + "\",\"global_topic_uid\":\"" + TOPIC + "\","
                + "\"mistake_code\":\"" + code + "\",\"test_answer_id\":null,\"time_spent_seconds\":" + seconds
                + ",\"occurred_at\":" + occurredAt + "}";
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                // the broker's limit is the one under test, not the client's
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static Set<String> analysedMistakes() throws Exception {
        Set<String> ids = new TreeSet<>();
        try (Connection connection = runtime.stack().postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT mistake_id::text FROM student_mistake_analysis WHERE student_id = ?::uuid")) {
            query.setString(1, STUDENT);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** The pipeline's dead letters (the sinks' carry Connect's headers instead), by their origin. */
    private static Map<String, ConsumerRecord<String, byte[]>> awaitDeadLetters(int count) {
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            TopicPartition partition = new TopicPartition(Topics.DEAD_LETTER.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(WAIT).until(() -> {
                collect(consumer.poll(Duration.ofMillis(200)), found, duplicates);
                return found.size() >= count;
            });
            // anything written after the last expected one is there by now too: read to the end
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                collect(consumer.poll(Duration.ofMillis(200)), found, duplicates);
            }
        }
        assertThat(duplicates).as("dead letters written twice").isEmpty();
        return found;
    }

    private static void collect(Iterable<ConsumerRecord<String, byte[]>> records,
                                Map<String, ConsumerRecord<String, byte[]>> found, List<String> duplicates) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (header(record, DeadLetter.SOURCE_TOPIC) != null) {
                String origin = header(record, DeadLetter.SOURCE_TOPIC) + "-" + header(record, DeadLetter.SOURCE_PARTITION)
                        + "@" + header(record, DeadLetter.SOURCE_OFFSET);
                if (found.put(origin, record) != null) {
                    duplicates.add(origin);
                }
            }
        }
    }

    private static String origin(RecordMetadata produced) {
        return produced.topic() + "-" + produced.partition() + "@" + produced.offset();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return DeadLetter.header(record.headers(), name);
    }
}
