package io.mistakeflow.platform.benchmark;

import io.mistakeflow.analyzer.topology.AnalyzerOptions;
import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.analyzer.topology.MistakeProcessor;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.platform.Args;
import io.mistakeflow.platform.BatchLogging;
import io.mistakeflow.platform.generate.MistakeGenerator;
import io.mistakeflow.recommender.RecommenderTopology;
import io.mistakeflow.recommender.recommendation.ActiveRecommendations;
import io.mistakeflow.recommender.recommendation.PatternUpdateProcessor;
import io.mistakeflow.recommender.recommendation.RecommendationSinks;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code ./pipeline benchmark}: pushes synthetic mistakes through the production processors with
 * RocksDB stores on one thread, no broker, and prints mistakes/s and the peak heap. It measures
 * the processing cost (rules, stores, serdes), not broker round trips; see {@link ProcessorHarness}.
 */
public final class BenchmarkCommand {

    private static final String HELP = String.join("\n",
            "usage: ./pipeline benchmark [--mistakes N] [--students N] [--topics N] [--analyzer-only] [--in-memory]",
            "  defaults: 1,000,000 mistakes over 100,000 students x 5 topics, analyzer + recommender, RocksDB stores");

    private static final int BATCH = 10_000;

    private BenchmarkCommand() {
    }

    public static int run(String[] argv) throws IOException {
        if (Args.helpAsked(argv, HELP)) {
            return 0;
        }
        BatchLogging.quiet();
        Args args = Args.parse(argv, Set.of("--mistakes", "--students", "--topics"), Set.of("--analyzer-only", "--in-memory"));
        int total = args.getInt("--mistakes", 1_000_000);
        int students = args.getInt("--students", 100_000);
        int topics = args.getInt("--topics", 5);
        boolean withRecommender = !args.has("--analyzer-only");
        StoreSuppliers stores = args.has("--in-memory") ? StoreSuppliers.IN_MEMORY : StoreSuppliers.PERSISTENT;
        Path stateDir = Files.createTempDirectory("mistakeflow-benchmark");
        try {
            Result result = measure(total, students, topics, withRecommender, stores, stateDir);
            System.out.printf("benchmark: %s, %s stores, one thread, no broker%n",
                    withRecommender ? "analyzer + recommender" : "analyzer",
                    stores == StoreSuppliers.IN_MEMORY ? "in-memory" : "RocksDB");
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

    static Result measure(int total, int students, int topics, boolean withRecommender, StoreSuppliers stores,
                          Path stateDir) throws IOException {
        AnalyzerOptions options = new AnalyzerOptions(stores);
        try (ProcessorHarness<byte[]> analyzer = new ProcessorHarness<>("mistakeflow-benchmark-analyzer",
                     stateDir.resolve("analyzer").toFile(), new MistakeProcessor(), analyzerSinks(), List.of(
                     AnalyzerTopology.topicStateStore(options), AnalyzerTopology.studentSettingsStore(options),
                     AnalyzerTopology.referenceStore(AnalyzerTopology.MISTAKE_TYPES_STORE),
                     AnalyzerTopology.referenceStore(AnalyzerTopology.PRESETS_STORE)));
             ProcessorHarness<PatternUpdate> recommender = withRecommender ? recommender(stores, stateDir) : null) {
            seedReferenceData(analyzer);
            Serde<PatternUpdate> updates = Topics.PATTERN_UPDATES.valueSerde();
            MistakeGenerator generator = new MistakeGenerator(42, "benchmark", students, topics);
            Instant start = Instant.parse("2025-01-06T08:00:00Z");
            Runtime runtime = Runtime.getRuntime();
            long peak = 0;
            long nanos = 0;
            List<Record<String, byte[]>> batch = new ArrayList<>(BATCH);
            for (int done = 0; done < total; done += batch.size()) {
                batch.clear();
                for (int i = done; i < Math.min(total, done + BATCH); i++) {
                    Mistake mistake = generator.next(start.plusSeconds(i));
                    batch.add(new Record<>(mistake.studentId(), Json.MAPPER.writeValueAsBytes(mistake),
                            mistake.occurredAt().toEpochMilli()));
                }
                long began = System.nanoTime();
                for (Record<String, byte[]> record : batch) {
                    for (CapturedForward<?, ?> out : analyzer.process(Topics.MISTAKES.name(), record)) {
                        if (recommender != null && out.record().value() instanceof PatternUpdate update) {
                            // the recommender reads the update back from its topic
                            byte[] bytes = updates.serializer().serialize(Topics.PATTERN_UPDATES.name(), update);
                            PatternUpdate read = updates.deserializer().deserialize(Topics.PATTERN_UPDATES.name(), bytes);
                            recommender.process(Topics.PATTERN_UPDATES.name(),
                                    new Record<>(update.studentId(), read, record.timestamp()));
                        }
                    }
                }
                nanos += System.nanoTime() - began;
                peak = Math.max(peak, runtime.totalMemory() - runtime.freeMemory());
            }
            long outputs = analyzer.outputs() + (recommender == null ? 0 : recommender.outputs());
            return new Result(nanos / 1e9, outputs, peak);
        }
    }

    private static ProcessorHarness<PatternUpdate> recommender(StoreSuppliers stores, Path stateDir) {
        RecommendationSinks sinks = new RecommendationSinks(RecommenderTopology.RECOMMENDATIONS_SINK,
                RecommenderTopology.UI_REFLEX_EVENTS_SINK);
        return new ProcessorHarness<>("mistakeflow-benchmark-recommender", stateDir.resolve("recommender").toFile(),
                new PatternUpdateProcessor(TemplateCatalog.load(TemplateCatalog.DEFAULT_LANGUAGE), false, sinks),
                Map.of(RecommenderTopology.RECOMMENDATIONS_SINK, serializer(Topics.RECOMMENDATIONS),
                        RecommenderTopology.UI_REFLEX_EVENTS_SINK, serializer(Topics.UI_REFLEX_EVENTS)),
                List.of(ActiveRecommendations.storeBuilder(stores)));
    }

    private static Map<String, Serializer<Object>> analyzerSinks() {
        return Map.of(
                AnalyzerTopology.BASELINES_SINK, serializer(Topics.BASELINES),
                AnalyzerTopology.PATTERNS_SINK, serializer(Topics.PATTERNS),
                AnalyzerTopology.ANALYSED_MISTAKES_SINK, serializer(Topics.ANALYSED_MISTAKES),
                AnalyzerTopology.PATTERN_UPDATES_SINK, serializer(Topics.PATTERN_UPDATES),
                AnalyzerTopology.DEAD_LETTER_SINK, serializer(Topics.DEAD_LETTER));
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> serializer(Topic<String, ?> topic) {
        return (Serializer<Object>) topic.valueSerde().serializer();
    }

    private static void seedReferenceData(ProcessorHarness<byte[]> analyzer) throws IOException {
        KeyValueStore<String, byte[]> types = analyzer.store(AnalyzerTopology.MISTAKE_TYPES_STORE);
        for (int i = 0; i < MistakeGenerator.KNOWN_CODES.size(); i++) {
            String code = MistakeGenerator.KNOWN_CODES.get(i);
            types.put(code, Json.MAPPER.writeValueAsBytes(new MistakeType(code, MistakeGenerator.SEVERITIES[i])));
        }
        KeyValueStore<String, byte[]> presets = analyzer.store(AnalyzerTopology.PRESETS_STORE);
        for (Preset preset : Preset.SEEDED) {
            presets.put(preset.presetName(), Json.MAPPER.writeValueAsBytes(preset));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
