package io.mistakeflow.platform.benchmark;

import io.mistakeflow.analyzer.topology.AnalyzerOptions;
import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.platform.Args;
import io.mistakeflow.platform.generate.MistakeGenerator;
import io.mistakeflow.recommender.RecommenderOptions;
import io.mistakeflow.recommender.RecommenderTopology;
import io.mistakeflow.recommender.template.TemplateCatalog;
import io.mistakeflow.common.mistake.Mistake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * {@code ./pipeline benchmark}: pushes synthetic mistakes through the production topologies with
 * RocksDB stores on one thread, no broker, and prints mistakes/s and the peak heap. It measures
 * the processing cost of the topologies (rules, stores, serdes), not the broker round trips.
 */
public final class BenchmarkCommand {

    private static final String HELP = String.join("\n",
            "usage: ./pipeline benchmark [--mistakes N] [--students N] [--topics N] [--analyzer-only]",
            "  defaults: 1,000,000 mistakes over 100,000 students x 5 topics, analyzer + recommender");

    private static final int DRAIN_EVERY = 5_000;

    private BenchmarkCommand() {
    }

    public static int run(String[] argv) throws IOException {
        if (argv.length > 0 && argv[0].equals("--help")) {
            System.out.println(HELP);
            return 0;
        }
        Args args = Args.parse(argv, Set.of("--mistakes", "--students", "--topics"), Set.of("--analyzer-only"));
        int total = args.getInt("--mistakes", 1_000_000);
        int students = args.getInt("--students", 100_000);
        int topics = args.getInt("--topics", 5);
        Topology recommenderTopology = args.has("--analyzer-only") ? null
                : RecommenderTopology.build(RecommenderOptions.SPEC_ONLY, TemplateCatalog.load(TemplateCatalog.DEFAULT_LANGUAGE),
                        BenchmarkStores.ROCKSDB_FLUSHED_ON_CLOSE);
        Path stateDir = Files.createTempDirectory("mistakeflow-benchmark");
        try {
            Result result = measure(total, students, topics, recommenderTopology, stateDir);
            System.out.printf("benchmark: %s, RocksDB stores, one thread%n",
                    recommenderTopology == null ? "analyzer" : "analyzer + recommender");
            System.out.printf("  %,d mistakes (%,d students x %d topics) in %.1f s: %,.0f mistakes/s%n",
                    total, students, topics, result.seconds(), total / result.seconds());
            System.out.printf("  outputs: %,d records; peak heap used: %,d MB (max heap %,d MB)%n",
                    result.outputs(), result.peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            deleteTree(stateDir);
        }
        return 0;
    }

    record Result(double seconds, long outputs, long peakHeapBytes) {
    }

    static Result measure(int total, int students, int topics, Topology recommenderTopology, Path stateDir)
            throws IOException {
        try (TopologyTestDriver analyzer = new TopologyTestDriver(
                AnalyzerTopology.build(new AnalyzerOptions(BenchmarkStores.ROCKSDB_FLUSHED_ON_CLOSE)), config(stateDir, "analyzer"));
             TopologyTestDriver recommender = recommenderTopology == null ? null
                     : new TopologyTestDriver(recommenderTopology, config(stateDir, "recommender"))) {
            TestInputTopic<String, byte[]> types = raw(analyzer, Topics.MISTAKE_TYPES.name());
            for (int i = 0; i < MistakeGenerator.KNOWN_CODES.size(); i++) {
                String code = MistakeGenerator.KNOWN_CODES.get(i);
                types.pipeInput(code, Json.MAPPER.writeValueAsBytes(new MistakeType(code, MistakeGenerator.SEVERITIES[i])));
            }
            TestInputTopic<String, byte[]> presets = raw(analyzer, Topics.PRESETS.name());
            for (Preset preset : Preset.SEEDED) {
                presets.pipeInput(preset.presetName(), Json.MAPPER.writeValueAsBytes(preset));
            }
            TestInputTopic<String, byte[]> mistakes = raw(analyzer, Topics.MISTAKES.name());
            List<TestOutputTopic<String, byte[]>> analyzerOut = new ArrayList<>();
            for (String topic : List.of(Topics.BASELINES.name(), Topics.PATTERNS.name(), Topics.ANALYSED_MISTAKES.name(),
                    Topics.DEAD_LETTER.name())) {
                analyzerOut.add(rawOut(analyzer, topic));
            }
            TestOutputTopic<String, byte[]> updates = rawOut(analyzer, Topics.PATTERN_UPDATES.name());
            TestInputTopic<String, byte[]> updatesIn = recommender == null ? null : raw(recommender, Topics.PATTERN_UPDATES.name());
            List<TestOutputTopic<String, byte[]>> recommenderOut = new ArrayList<>();
            if (recommender != null) {
                recommenderOut.add(rawOut(recommender, Topics.RECOMMENDATIONS.name()));
                recommenderOut.add(rawOut(recommender, Topics.UI_REFLEX_EVENTS.name()));
            }

            MistakeGenerator generator = new MistakeGenerator(42, "benchmark", students, topics);
            Instant start = Instant.parse("2025-01-06T08:00:00Z");
            long outputs = 0;
            long peak = 0;
            Runtime runtime = Runtime.getRuntime();
            long began = System.nanoTime();
            for (int i = 0; i < total; i++) {
                Mistake mistake = generator.next(start.plusSeconds(i));
                mistakes.pipeInput(mistake.studentId(), Json.MAPPER.writeValueAsBytes(mistake), mistake.occurredAt());
                if (i % DRAIN_EVERY == DRAIN_EVERY - 1 || i == total - 1) {
                    for (TestRecord<String, byte[]> update : updates.readRecordsToList()) {
                        outputs++;
                        if (updatesIn != null) {
                            updatesIn.pipeInput(update);
                        }
                    }
                    outputs += drain(analyzerOut) + drain(recommenderOut);
                    peak = Math.max(peak, runtime.totalMemory() - runtime.freeMemory());
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            return new Result(seconds, outputs, peak);
        }
    }

    private static long drain(List<TestOutputTopic<String, byte[]>> topics) {
        long n = 0;
        for (TestOutputTopic<String, byte[]> topic : topics) {
            n += topic.readRecordsToList().size();
        }
        return n;
    }

    private static TestInputTopic<String, byte[]> raw(TopologyTestDriver driver, String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    private static TestOutputTopic<String, byte[]> rawOut(TopologyTestDriver driver, String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Properties config(Path stateDir, String app) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "mistakeflow-benchmark-" + app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "benchmark:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
