package io.mistakeflow.platform.benchmark;

import io.mistakeflow.analyzer.AnalyzerApp;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.common.TopicCreation;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.platform.embedded.AppInstance;
import io.mistakeflow.platform.embedded.EmbeddedKafka;
import io.mistakeflow.platform.embedded.InstanceAssignments;
import io.mistakeflow.platform.embedded.TemporaryDirectory;
import io.mistakeflow.platform.embedded.Waits;
import io.mistakeflow.platform.generate.ExampleMistakeTypes;
import io.mistakeflow.platform.generate.MistakeGenerator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./pipeline benchmark --instances N}: a backlog of mistakes on the mistakes topic of an
 * embedded broker, then N analyzer instances, each a JVM of its own ({@link AppInstance}, as
 * deployed: exactly-once, RocksDB), timed from the moment they hold every partition to the moment
 * their committed offsets reach the end of the topic. Mistakes/s with one and with two instances
 * tell how the analyzer scales out (on this machine: how two JVMs share its cores).
 */
final class InstancesBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final PrintStream out;

    InstancesBenchmark(PrintStream out) {
        this.out = out;
    }

    void run(int instances, int mistakes, int students, int topics, int partitions) throws Exception {
        String topic = Topics.MISTAKES.name();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null);
             TemporaryDirectory dir = TemporaryDirectory.create("mistakeflow-instances");
             Admin admin = kafka.admin()) {
            TopicCreation.createAll(admin, partitions, (short) 1);
            backlog(kafka.bootstrapServers(), mistakes, students, topics);
            List<AppInstance> started = new CopyOnWriteArrayList<>();
            // Ctrl-C must not leave the instances running
            Thread killer = new Thread(() -> started.forEach(AppInstance::kill), "instances-kill");
            Runtime.getRuntime().addShutdownHook(killer);
            try {
                for (int number = 1; number <= instances; number++) {
                    started.add(AppInstance.start(AnalyzerApp.NAME, number, dir.path(), kafka.bootstrapServers(), Map.of()));
                }
                Waits.until(instances + " analyzer instances holding every partition", TIMEOUT, Duration.ofMillis(100),
                        () -> {
                            var held = InstanceAssignments.of(admin, AnalyzerSettings.APPLICATION_ID, topic);
                            return held.size() == instances && InstanceAssignments.union(held.values()).size() == partitions;
                        });
                long began = System.nanoTime();
                Map<TopicPartition, Long> end = admin.listOffsets(partitionsOf(topic, partitions).stream()
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                Waits.until("the backlog processed", TIMEOUT, Duration.ofMillis(200), () -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            AnalyzerSettings.APPLICATION_ID).partitionsToOffsetAndMetadata().get();
                    return end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue());
                });
                double seconds = (System.nanoTime() - began) / 1e9;
                out.printf(Locale.ROOT, "  %d analyzer instance(s), %d partitions: %,d mistakes in %.1f s: %,.0f mistakes/s"
                        + " (%,.0f per instance)%n", instances, partitions, mistakes, seconds, mistakes / seconds,
                        mistakes / seconds / instances);
                for (AppInstance instance : started) {
                    out.printf(Locale.ROOT, "  %s: resident memory (PSS) %,d MB (heap at most %s)%n", instance.name(),
                            EndToEndBenchmark.ResidentMemory.of(instance.pid()) >> 20, "384 MB");
                }
                changelog(admin, partitions);
            } finally {
                started.forEach(AppInstance::kill);
                Runtime.getRuntime().removeShutdownHook(killer);
            }
        }
    }

    /**
     * The per-key store's changelog as the broker holds it: every update so far (compaction has not
     * run on the active segment), so bytes per record is the size of one state value with its key
     * and record overhead, what a compacted changelog holds per key.
     */
    private void changelog(Admin admin, int partitions) throws Exception {
        String changelog = AnalyzerSettings.APPLICATION_ID + "-" + AnalyzerTopology.STUDENT_TOPIC_STATE_STORE + "-changelog";
        long bytes = 0;
        for (var dir : admin.describeLogDirs(List.of(EmbeddedKafka.NODE_ID)).allDescriptions().get()
                .get(EmbeddedKafka.NODE_ID).values()) {
            for (var replica : dir.replicaInfos().entrySet()) {
                if (replica.getKey().topic().equals(changelog)) {
                    bytes += replica.getValue().size();
                }
            }
        }
        long records = admin.listOffsets(partitionsOf(changelog, partitions).stream()
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get().values().stream()
                .mapToLong(info -> info.offset()).sum();
        out.printf(Locale.ROOT, "  changelog %s: %,d records, %,d MB: %,d bytes per record (transaction markers"
                + " included)%n", changelog, records, bytes >> 20, bytes / Math.max(1, records));
    }

    private static List<TopicPartition> partitionsOf(String topic, int partitions) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }

    /** Reference data and the mistakes as flat rows keyed by student, as Debezium writes them. */
    private void backlog(String bootstrapServers, int mistakes, int students, int topics) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (MistakeType type : ExampleMistakeTypes.all()) {
                producer.send(new ProducerRecord<>(Topics.MISTAKE_TYPES.name(), bytes(type.mistakeCode()),
                        Json.MAPPER.writeValueAsBytes(type)));
            }
            for (Preset preset : Preset.SEEDED) {
                producer.send(new ProducerRecord<>(Topics.PRESETS.name(), bytes(preset.presetName()),
                        Json.MAPPER.writeValueAsBytes(preset)));
            }
            producer.flush();
            SendFailures failed = new SendFailures();
            MistakeGenerator generator = new MistakeGenerator(42, "instances", students, topics);
            Instant start = Instant.parse("2025-01-06T08:00:00Z");
            long started = System.nanoTime();
            for (int i = 0; i < mistakes; i++) {
                Mistake mistake = generator.next(start.plusSeconds(i));
                // the record time is the commit time, after the mistake happened
                producer.send(new ProducerRecord<>(Topics.MISTAKES.name(), null, mistake.occurredAt().toEpochMilli() + 1_000,
                        bytes(mistake.studentId()), Json.MAPPER.writeValueAsBytes(mistake)), failed);
            }
            producer.flush();
            failed.check();
            out.printf(Locale.ROOT, "  backlog: %,d mistakes (%,d students x %d topics) on %s in %.1f s%n", mistakes,
                    students, topics, Topics.MISTAKES.name(), (System.nanoTime() - started) / 1e9);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
