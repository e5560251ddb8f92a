package io.mistakeflow.platform.benchmark;

import io.mistakeflow.analyzer.topology.AnalyzerOptions;
import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.deadletter.CollectedDeadLetters;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.platform.BatchLogging;
import io.mistakeflow.platform.DurationOption;
import io.mistakeflow.platform.UsageException;
import io.mistakeflow.platform.embedded.TemporaryDirectory;
import io.mistakeflow.platform.generate.ExampleMistakeTypes;
import io.mistakeflow.platform.generate.MistakeGenerator;
import io.mistakeflow.recommender.topology.RecommenderOptions;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import io.mistakeflow.recommender.template.TemplateCatalog;
import io.mistakeflow.recommender.LifecycleFlags;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline benchmark}: pushes synthetic mistakes through the topologies the app factories
 * build, with RocksDB stores, on one thread, no broker ({@link LocalTopologyDriver}), and prints
 * mistakes/s and the peak heap. It measures the processing cost (rules, stores, serdes), not
 * broker round trips.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Push synthetic mistakes through the production topologies and print mistakes/s.",
                "RocksDB stores, one thread, no broker; also prints the peak heap."})
public final class BenchmarkCommand implements Callable<Integer> {

    private static final int BATCH = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--mistakes", paramLabel = "N", defaultValue = "1000000", description = "Default: ${DEFAULT-VALUE}.")
    private int total;

    @Option(names = "--students", paramLabel = "N", defaultValue = "100000", description = "Default: ${DEFAULT-VALUE}.")
    private int students;

    @Option(names = "--topics", paramLabel = "N", defaultValue = "5",
            description = "Topics per student (default: ${DEFAULT-VALUE}).")
    private int topics;

    @Option(names = "--analyzer-only", description = "The analyzer alone (default: analyzer + recommender).")
    private boolean analyzerOnly;

    @Option(names = "--in-memory", description = "In-memory stores instead of RocksDB.")
    private boolean inMemory;

    @Option(names = "--end-to-end", description = {"The whole embedded pipeline: --mistakes N (default 100,000 here)"
            + " COPYed into Postgres at once, timed until the output tables stop growing."})
    private boolean endToEnd;

    @Option(names = "--live", description = "The whole embedded pipeline fed at --rate for --duration from a cold start:"
            + " latency insert -> event row.")
    private boolean live;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "1000", description = "--live: mistakes/s (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "60s", converter = DurationOption.class,
            description = "--live: how long (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "--end-to-end, --live: partitions of the pipeline's topics (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Override
    public Integer call() throws Exception {
        if (total < 1 || students < 1 || topics < 1) {
            throw new UsageException("--mistakes, --students and --topics must be at least 1");
        }
        BatchLogging.quiet();
        if (endToEnd || live) {
            return wholePipeline();
        }
        StoreSuppliers stores = inMemory ? StoreSuppliers.IN_MEMORY : StoreSuppliers.PERSISTENT;
        try (TemporaryDirectory stateDir = TemporaryDirectory.create("mistakeflow-benchmark")) {
            Result result = measure(total, students, topics, !analyzerOnly, stores, stateDir.path());
            System.out.printf("benchmark: %s, %s stores, one thread, no broker%n",
                    analyzerOnly ? "analyzer" : "analyzer + recommender", inMemory ? "in-memory" : "RocksDB");
            System.out.printf("  %,d mistakes (%,d students x %d topics) in %.1f s: %,.0f mistakes/s%n",
                    total, students, topics, result.seconds(), total / result.seconds());
            System.out.printf("  CPU time of the processing thread: %.1f s: %,.0f mistakes per CPU second%n",
                    result.cpuSeconds(), total / result.cpuSeconds());
            System.out.printf("  outputs: %,d records; peak heap used: %,d MB (max heap %,d MB)%n",
                    result.outputs(), result.peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
        return 0;
    }

    private int wholePipeline() throws Exception {
        if (endToEnd && live) {
            throw new UsageException("--end-to-end and --live are two different runs: choose one");
        }
        EndToEndBenchmark benchmark = new EndToEndBenchmark(System.out);
        if (live) {
            benchmark.live(rate, duration, Math.min(students, 1_000), partitions);
            return 0;
        }
        // the topology benchmark's default of a million is long for a whole pipeline on a laptop
        int count = spec.commandLine().getParseResult().hasMatchedOption("--mistakes") ? total : 100_000;
        MistakeGenerator generator = new MistakeGenerator(42, "backlog", Math.max(1, count / 30), 3);
        Instant start = Instant.parse("2025-01-06T08:00:00Z");
        List<Mistake> mistakes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mistakes.add(generator.next(start.plusSeconds(i)));
        }
        benchmark.backlog(mistakes, partitions);
        return 0;
    }

    /** {@code cpuSeconds}: the driving thread's CPU time, which a busy machine does not inflate. */
    record Result(double seconds, double cpuSeconds, long outputs, long peakHeapBytes) {
    }

    static Result measure(int total, int students, int topics, boolean withRecommender, StoreSuppliers stores,
                          Path stateDir) throws IOException {
        List<LocalTopologyDriver.Output> updates = new ArrayList<>();
        // counted as in a running app: the meters are part of the cost
        PipelineMetrics metrics = PipelineMetrics.inMemory();
        try (LocalTopologyDriver recommender = withRecommender ? new LocalTopologyDriver(
                     RecommenderTopology.build(new RecommenderOptions(stores,
                             TemplateCatalog.load(TemplateCatalog.DEFAULT_LANGUAGE), LifecycleFlags.NONE, metrics)),
                     "mistakeflow-benchmark-recommender", stateDir.resolve("recommender").toFile(), out -> { })
                     : null;
             LocalTopologyDriver analyzer = new LocalTopologyDriver(AnalyzerTopology.build(
                     new AnalyzerOptions(stores, metrics, new CollectedDeadLetters())),
                     "mistakeflow-benchmark-analyzer", stateDir.resolve("analyzer").toFile(), out -> {
                         if (out.topic().equals(Topics.PATTERN_UPDATES.name())) {
                             updates.add(out);
                         }
                     })) {
            seedReferenceData(analyzer);
            MistakeGenerator generator = new MistakeGenerator(42, "benchmark", students, topics);
            Instant start = Instant.parse("2025-01-06T08:00:00Z");
            Runtime runtime = Runtime.getRuntime();
            long peak = 0;
            long nanos = 0;
            long cpuNanos = 0;
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            List<Mistake> batch = new ArrayList<>(BATCH);
            List<byte[]> rows = new ArrayList<>(BATCH);
            for (int done = 0; done < total; done += batch.size()) {
                batch.clear();
                rows.clear();
                for (int i = done; i < Math.min(total, done + BATCH); i++) {
                    Mistake mistake = generator.next(start.plusSeconds(i));
                    batch.add(mistake);
                    rows.add(Json.MAPPER.writeValueAsBytes(mistake));
                }
                long began = System.nanoTime();
                long cpuBegan = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < batch.size(); i++) {
                    Mistake mistake = batch.get(i);
                    analyzer.pipe(Topics.MISTAKES.name(), mistake.studentId().getBytes(StandardCharsets.UTF_8),
                            rows.get(i), mistake.occurredAt().toEpochMilli());
                    if (recommender != null) {
                        // the recommender reads the updates back from their topic
                        for (LocalTopologyDriver.Output update : updates) {
                            recommender.pipe(update.topic(), update.key(), update.value(), update.timestamp());
                        }
                    }
                    updates.clear();
                }
                nanos += System.nanoTime() - began;
                cpuNanos += cpu.getCurrentThreadCpuTime() - cpuBegan;
                peak = Math.max(peak, runtime.totalMemory() - runtime.freeMemory());
            }
            long outputs = analyzer.outputs() + (recommender == null ? 0 : recommender.outputs());
            return new Result(nanos / 1e9, cpuNanos / 1e9, outputs, peak);
        }
    }

    private static void seedReferenceData(LocalTopologyDriver analyzer) throws IOException {
        for (MistakeType type : ExampleMistakeTypes.all()) {
            analyzer.load(Topics.MISTAKE_TYPES.name(), type.mistakeCode(), Json.MAPPER.writeValueAsBytes(type));
        }
        for (Preset preset : Preset.SEEDED) {
            analyzer.load(Topics.PRESETS.name(), preset.presetName(), Json.MAPPER.writeValueAsBytes(preset));
        }
    }
}
