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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import io.mistakeflow.common.streams.BoundedRocksDbMemory;
import io.mistakeflow.platform.benchmark.EndToEndBenchmark.ResidentMemory;
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

    @Option(names = "--rocksdb-memory", paramLabel = "BYTES", defaultValue = "67108864",
            description = {"RocksDB memory bound of the process, as rocksdb.memory.bytes (default: ${DEFAULT-VALUE});",
                    "0: RocksDB's defaults, a cache and memtables per store."})
    private long rocksdbMemory;

    @Option(names = "--end-to-end", description = {"The whole embedded pipeline: --mistakes N (default 100,000 here)"
            + " COPYed into Postgres at once, timed until the output tables stop growing."})
    private boolean endToEnd;

    @Option(names = "--live", description = "The whole embedded pipeline fed at --rate for --duration from a cold start:"
            + " latency insert -> event row.")
    private boolean live;

    @Option(names = "--restore", description = {"A cold analyzer restoring its per-key store: --students x --topics keys"
            + " of --value-bytes in the changelog on an embedded broker, --partitions partitions; keys/s and MB/s."})
    private boolean restore;

    @Option(names = "--instances", paramLabel = "N", description = {"N analyzer instances as JVMs of their own"
            + " (exactly-once, RocksDB) on an embedded broker, draining a backlog of --mistakes (default 200,000 here)"
            + " over --partitions partitions."})
    private Integer instances;

    @Option(names = "--value-bytes", paramLabel = "N", defaultValue = "600",
            description = "--restore: bytes of each state value (default: ${DEFAULT-VALUE}).")
    private int valueBytes;

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
        if (rocksdbMemory != 0 && rocksdbMemory < 1L << 20) {
            throw new UsageException("--rocksdb-memory must be 0 or at least 1048576 (1 MiB)");
        }
        BatchLogging.quiet();
        if (endToEnd || live) {
            return wholePipeline();
        }
        if (instances != null) {
            if (instances < 1 || instances > partitions) {
                throw new UsageException("--instances must be between 1 and --partitions (" + partitions + ")");
            }
            int count = spec.commandLine().getParseResult().hasMatchedOption("--mistakes") ? total : 200_000;
            int studentCount = spec.commandLine().getParseResult().hasMatchedOption("--students") ? students : 10_000;
            System.out.printf("benchmark --instances %d%n", instances);
            new InstancesBenchmark(System.out).run(instances, count, studentCount, topics, partitions);
            return 0;
        }
        if (restore) {
            System.out.printf("benchmark --restore: %,d students x %d topics%n", students, topics);
            new RestoreBenchmark(System.out).run(students, topics, valueBytes, partitions);
            return 0;
        }
        StoreSuppliers stores = inMemory ? StoreSuppliers.IN_MEMORY : StoreSuppliers.PERSISTENT;
        try (TemporaryDirectory stateDir = TemporaryDirectory.create("mistakeflow-benchmark")) {
            Result result = measure(total, students, topics, !analyzerOnly, stores, stateDir.path(), rocksdbMemory);
            System.out.printf("benchmark: %s, %s stores, one thread, no broker%n",
                    analyzerOnly ? "analyzer" : "analyzer + recommender", inMemory ? "in-memory" : "RocksDB");
            System.out.printf("  %,d mistakes (%,d students x %d topics) in %.1f s: %,.0f mistakes/s%n",
                    total, students, topics, result.seconds(), total / result.seconds());
            System.out.printf("  CPU time of the processing thread: %.1f s: %,.0f mistakes per CPU second%n",
                    result.cpuSeconds(), total / result.cpuSeconds());
            System.out.printf("  outputs: %,d records; peak heap used: %,d MB (max heap %,d MB)%n",
                    result.outputs(), result.peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            if (!inMemory) {
                // the generator draws each mistake's key uniformly from students x topics
                double space = (double) students * Math.min(topics, 8);
                long keys = Math.round(space * (1 - Math.exp(-total / space)));
                long resident = ResidentMemory.current();
                // what is not heap: RocksDB, and the JVM's own (metaspace, code, threads: about 100 MB)
                System.out.printf("  resident memory (PSS, about RSS): peak %,d MB, at the end %,d MB, of which outside the"
                                + " committed heap %,d MB; RocksDB bound %s%n",
                        result.peakResidentBytes() >> 20, resident >> 20,
                        (resident - Runtime.getRuntime().totalMemory()) >> 20,
                        rocksdbMemory == 0 ? "none (RocksDB defaults)" : String.format("%,d MB, shared cache holds %,d MB",
                                rocksdbMemory >> 20, BoundedRocksDbMemory.usage(rocksdbMemory) >> 20));
                long disk = result.stateDiskBytes();
                System.out.printf("  state on disk: %,d MB for about %,d student-topic keys: %,d bytes per key%n",
                        disk >> 20, keys, disk / Math.max(1, keys));
            }
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

    /**
     * @param cpuSeconds the driving thread's CPU time, which a busy machine does not inflate
     * @param peakResidentBytes the process's, sampled after each batch
     * @param stateDiskBytes the state directory's, after the stores closed
     */
    record Result(double seconds, double cpuSeconds, long outputs, long peakHeapBytes, long peakResidentBytes,
                  long stateDiskBytes) {
    }

    static Result measure(int total, int students, int topics, boolean withRecommender, StoreSuppliers stores,
                          Path stateDir, long rocksdbMemoryBytes) throws IOException {
        List<LocalTopologyDriver.Output> updates = new ArrayList<>();
        Result result;
        // counted as in a running app: the meters are part of the cost
        PipelineMetrics metrics = PipelineMetrics.inMemory();
        try (LocalTopologyDriver recommender = withRecommender ? new LocalTopologyDriver(
                     RecommenderTopology.build(new RecommenderOptions(stores,
                             TemplateCatalog.load(TemplateCatalog.DEFAULT_LANGUAGE), LifecycleFlags.NONE, metrics)),
                     "mistakeflow-benchmark-recommender", stateDir.resolve("recommender").toFile(), rocksdbMemoryBytes,
                     out -> { })
                     : null;
             LocalTopologyDriver analyzer = new LocalTopologyDriver(AnalyzerTopology.build(
                     new AnalyzerOptions(stores, metrics, new CollectedDeadLetters())),
                     "mistakeflow-benchmark-analyzer", stateDir.resolve("analyzer").toFile(), rocksdbMemoryBytes, out -> {
                         if (out.topic().equals(Topics.PATTERN_UPDATES.name())) {
                             updates.add(out);
                         }
                     })) {
            seedReferenceData(analyzer);
            MistakeGenerator generator = new MistakeGenerator(42, "benchmark", students, topics);
            Instant start = Instant.parse("2025-01-06T08:00:00Z");
            Runtime runtime = Runtime.getRuntime();
            long peak = 0;
            long peakResident = 0;
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
                peakResident = Math.max(peakResident, ResidentMemory.current());
            }
            long outputs = analyzer.outputs() + (recommender == null ? 0 : recommender.outputs());
            result = new Result(nanos / 1e9, cpuNanos / 1e9, outputs, peak, peakResident, 0);
        }
        return new Result(result.seconds(), result.cpuSeconds(), result.outputs(), result.peakHeapBytes(),
                result.peakResidentBytes(), directoryBytes(stateDir));
    }

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
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
