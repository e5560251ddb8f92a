package io.mistakeflow.platform.benchmark;

import io.mistakeflow.analyzer.AnalyzerApp;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.common.TopicCreation;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.config.StreamsSettings;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StreamsRunner;
import io.mistakeflow.common.streams.StudentPartitioner;
import io.mistakeflow.platform.embedded.EmbeddedKafka;
import io.mistakeflow.platform.embedded.TemporaryDirectory;
import io.mistakeflow.platform.embedded.Waits;
import io.mistakeflow.platform.generate.MistakeGenerator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./pipeline benchmark --restore}: how fast a cold analyzer instance (empty state
 * directory) restores its per-key store from the changelog. The changelog is filled with one
 * record per (student, topic) key, values of a given size (the state's serialized size: see the
 * README's Capacity section), on an embedded broker; then the analyzer starts and the time to
 * ready (RUNNING, no store restoring) is measured.
 */
final class RestoreBenchmark {

    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(30);

    private final PrintStream out;

    RestoreBenchmark(PrintStream out) {
        this.out = out;
    }

    void run(int students, int topics, int valueBytes, int partitions) throws Exception {
        String changelog = AnalyzerSettings.APPLICATION_ID + "-" + AnalyzerTopology.STUDENT_TOPIC_STATE_STORE + "-changelog";
        long keys = (long) students * topics;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null); TemporaryDirectory state = TemporaryDirectory.create("mistakeflow-restore")) {
            try (Admin admin = kafka.admin()) {
                TopicCreation.createAll(admin, partitions, (short) 1);
                admin.createTopics(List.of(new NewTopic(changelog, partitions, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            }
            long fillStarted = System.nanoTime();
            long bytes = fill(kafka.bootstrapServers(), changelog, students, topics, valueBytes);
            out.printf(Locale.ROOT, "  changelog %s: %,d keys, %,d MB written in %.1f s%n", changelog, keys, bytes >> 20,
                    (System.nanoTime() - fillStarted) / 1e9);

            AnalyzerSettings settings = AnalyzerSettings.from(SettingsSource.of(Map.of(
                    StreamsSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    StreamsSettings.STATE_DIR, state.path().toString())));
            long started = System.nanoTime();
            try (StreamsRunner analyzer = AnalyzerApp.start(settings, PipelineMetrics.inMemory())) {
                Waits.until("the analyzer restored and RUNNING", RESTORE_TIMEOUT, Duration.ofMillis(100),
                        () -> analyzer.health().check().ready());
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf(Locale.ROOT, "  cold analyzer, %d partitions, one thread: start to ready %.1f s:"
                                + " %,.0f keys/s, %.1f MB/s (start-up included)%n", partitions, seconds, keys / seconds,
                        bytes / seconds / (1 << 20));
            }
        }
    }

    /** One record per key, keyed as the store keys them ({@code student|=topic}), partitioned by student. */
    private static long fill(String bootstrapServers, String topic, int students, int topics, int valueBytes) {
        SplittableRandom random = new SplittableRandom(42);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            SendFailures failed = new SendFailures();
            int partitions = producer.partitionsFor(topic).size();
            for (int s = 0; s < students; s++) {
                String student = MistakeGenerator.studentId(s);
                // the changelog is partitioned as the input: by student
                int partition = StudentPartitioner.partitionOf(student, partitions);
                for (int t = 0; t < topics; t++) {
                    byte[] key = (student + "|=TR.TOPIC." + t).getBytes(StandardCharsets.UTF_8);
                    byte[] value = new byte[valueBytes];
                    random.nextBytes(value);
                    producer.send(new ProducerRecord<>(topic, partition, key, value), failed);
                    bytes += key.length + value.length;
                }
            }
            producer.flush();
            failed.check();
        }
        return bytes;
    }
}
