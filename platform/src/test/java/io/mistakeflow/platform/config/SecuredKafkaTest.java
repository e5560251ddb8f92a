package io.mistakeflow.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.analyzer.AnalyzerApp;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.TopicCreation;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.common.streams.StreamsRunner;
import io.mistakeflow.platform.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apps against a secured listener: SASL/PLAIN, configured only through the generic
 * {@code kafka.*} settings (as {@code PIPELINE_KAFKA_SECURITY_PROTOCOL} and friends would).
 */
class SecuredKafkaTest {

    private static final String STUDENT = "00000000-0000-4000-8000-0000000000aa";
    private static final String MISTAKE = "6d000000-0000-4000-8000-0000000000aa";

    @TempDir
    static Path state;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.startWithSasl(null, Map.of("analyzer", "analyzer-secret"));
        try (Admin admin = kafka.admin()) {
            TopicCreation.createAll(admin, 1, (short) 1);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theAnalyzerProcessesMistakesOverSaslPlain() throws Exception {
        // given: reference data and one mistake, written over the plain listener
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (Preset preset : Preset.SEEDED) {
                producer.send(new ProducerRecord<>(Topics.PRESETS.name(), preset.presetName(),
                        Json.MAPPER.writeValueAsBytes(preset))).get();
            }
            producer.send(new ProducerRecord<>(Topics.MISTAKES.name(), STUDENT, ("{\"id\":\"" + MISTAKE
                    + "\",\"student_id\":\"" + STUDENT + "\",\"global_topic_uid\":\"TR.MAT.ALG.001\","
                    + "\"mistake_code\":\"CALCULATION_ERROR\",\"time_spent_seconds\":3,"
                    + "\"occurred_at\":\"2025-01-06T10:00:00\"}").getBytes(StandardCharsets.UTF_8))).get();
        }

        // when: the analyzer connects to the SASL listener with its credentials
        AnalyzerSettings settings = AnalyzerSettings.from(SettingsSource.of(Map.of(
                "bootstrap.servers", kafka.saslBootstrapServers(),
                "state.dir", state.toString(),
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"analyzer\" password=\"analyzer-secret\";")));
        try (StreamsRunner analyzer = AnalyzerApp.start(settings, PipelineMetrics.inMemory())) {
            // then
            List<JsonNode> analysed = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "secured-kafka-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
                consumer.subscribe(List.of(Topics.ANALYSED_MISTAKES.name()));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> analysed.add(read(record.value())));
                    return !analysed.isEmpty();
                });
            }
            assertThat(analysed).hasSize(1);
            assertThat(analysed.get(0).get("id").asText()).isEqualTo(MISTAKE);
            assertThat(analysed.get(0).get("improvement_trend").asText()).isEqualTo("insufficient_data");
            assertThat(analyzer.isRunning()).isTrue();
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
