package io.mistakeflow.platform.benchmark;

import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.platform.demo.ReferenceData;
import io.mistakeflow.platform.embedded.PipelineRuntime;
import io.mistakeflow.platform.generate.MistakeGenerator;
import io.mistakeflow.platform.generate.PacedInserts;
import io.mistakeflow.recommender.RecommenderSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;

/**
 * The whole embedded pipeline measured from the outside, as a user sees it.
 *
 * <p><b>Backlog</b>: N mistakes COPYed into Postgres in one transaction; from its commit, every
 * second, how far each component got: Debezium (records on the mistakes topic), the analyzer (its
 * committed position on that topic), the recommender (its committed position on the pattern
 * updates), the sinks (rows in {@code student_mistake_analysis} and {@code ui_reflex_events}).
 * Each component's rate is N over the time it took to finish; the end-to-end rate is N over the
 * time until both tables stop growing with everything in.
 *
 * <p><b>Live</b>: the generator inserts at a rate from the moment the stack is READY (so the cold
 * start is in the figures) and the latency of every event, insert committed to row in Postgres
 * ({@code received_at - created_at}; the generator's occurred_at is the insert time), is read back.
 */
final class EndToEndBenchmark {

    private static final Duration SAMPLE = Duration.ofSeconds(1);
    private static final Duration STABLE = Duration.ofSeconds(3);
    private static final Duration GIVE_UP = Duration.ofMinutes(20);

    private final PrintStream out;

    EndToEndBenchmark(PrintStream out) {
        this.out = out;
    }

    /** How far each component had got at one sample. */
    record Progress(long onMistakesTopic, long analyzerPosition, long recommenderLag, long analysisRows, long eventRows) {
    }

    void backlog(List<Mistake> mistakes, int partitions) throws Exception {
        long analysable = mistakes.stream().filter(Mistake::hasTime).count();
        try (PipelineRuntime runtime = start(partitions)) {
            long memoryBefore = ResidentMemory.bytes(runtime);
            Path csv = Files.createTempFile("mistakeflow-backlog", ".csv");
            try (Connection connection = runtime.stack().postgres().connect(); Admin admin = runtime.stack().kafka().admin()) {
                Files.writeString(csv, Csv.of(mistakes));
                connection.setAutoCommit(false);
                ((PGConnection) connection.unwrap(PGConnection.class)).getCopyAPI().copyIn(
                        "COPY student_mistakes (id, student_id, global_topic_uid, mistake_code, test_answer_id,"
                                + " time_spent_seconds, occurred_at) FROM STDIN (FORMAT csv)",
                        new StringReader(Files.readString(csv)));
                connection.commit();
                connection.setAutoCommit(true);
                long committed = System.nanoTime();
                CpuByComponent cpuAtCommit = CpuByComponent.now(runtime.stack().postgres().process());
                out.printf(Locale.ROOT, "backlog: %,d mistakes (%,d with a time) committed in one transaction%n",
                        mistakes.size(), analysable);

                long peakMemory = memoryBefore;
                double debezium = Double.NaN;
                double analyzer = Double.NaN;
                double recommender = Double.NaN;
                double analysisSink = Double.NaN;
                long lastEvents = -1;
                long stableSince = 0;
                while (true) {
                    TimeUnit.MILLISECONDS.sleep(SAMPLE.toMillis()); // sampling the run, not waiting for a result
                    double elapsed = (System.nanoTime() - committed) / 1e9;
                    Progress p = progress(admin, connection);
                    peakMemory = Math.max(peakMemory, ResidentMemory.bytes(runtime));
                    out.printf(Locale.ROOT, "  [%5.1f s] on topic %,d | analyzer %,d | recommender lag %,d | analysis rows %,d"
                                    + " | event rows %,d | resident %,d MB%n", elapsed, p.onMistakesTopic(),
                            p.analyzerPosition(), p.recommenderLag(), p.analysisRows(), p.eventRows(), peakMemory >> 20);
                    if (Double.isNaN(debezium) && p.onMistakesTopic() >= mistakes.size()) {
                        debezium = elapsed;
                    }
                    if (Double.isNaN(analyzer) && p.analyzerPosition() >= mistakes.size()) {
                        analyzer = elapsed;
                    }
                    if (Double.isNaN(analysisSink) && p.analysisRows() >= analysable) {
                        analysisSink = elapsed;
                    }
                    if (!Double.isNaN(analyzer) && Double.isNaN(recommender) && p.recommenderLag() == 0) {
                        recommender = elapsed;
                    }
                    if (p.eventRows() != lastEvents) {
                        lastEvents = p.eventRows();
                        stableSince = System.nanoTime();
                    }
                    boolean done = !Double.isNaN(analysisSink) && !Double.isNaN(recommender)
                            && System.nanoTime() - stableSince >= STABLE.toNanos();
                    if (done || elapsed > GIVE_UP.toSeconds()) {
                        double total = (stableSince - committed) / 1e9;
                        out.printf(Locale.ROOT, "result: %,d mistakes end to end in %.1f s: %,.0f mistakes/s%n",
                                mistakes.size(), total, mistakes.size() / total);
                        out.printf(Locale.ROOT, "  Debezium (all on the topic)        %s%n", rate(mistakes.size(), debezium));
                        out.printf(Locale.ROOT, "  analyzer (all consumed)            %s%n", rate(mistakes.size(), analyzer));
                        out.printf(Locale.ROOT, "  recommender (caught up)            %s%n", rate(mistakes.size(), recommender));
                        out.printf(Locale.ROOT, "  analysis sink (all rows in)        %s%n", rate(mistakes.size(), analysisSink));
                        out.printf(Locale.ROOT, "  events: %,d rows; peak resident memory (JVM + Postgres) %,d MB%n",
                                lastEvents, peakMemory >> 20);
                        printCpu(CpuByComponent.now(runtime.stack().postgres().process()).since(cpuAtCommit),
                                mistakes.size(), total);
                        return;
                    }
                }
            } finally {
                Files.deleteIfExists(csv);
            }
        }
    }

    void live(double rate, Duration duration, int students, int partitions) throws Exception {
        try (PipelineRuntime runtime = start(partitions);
             Connection writer = runtime.stack().postgres().connect();
             Connection reader = runtime.stack().postgres().connect()) {
            Instant start = Instant.now();
            CpuByComponent cpuAtStart = CpuByComponent.now(runtime.stack().postgres().process());
            PacedInserts inserts = new PacedInserts(writer,
                    new MistakeGenerator(start.toEpochMilli(), "live-" + start, students, 3), rate);
            Thread generator = new Thread(inserts, "live-generator");
            generator.setDaemon(true);
            generator.start();
            long peakMemory = 0;
            long began = System.nanoTime();
            while (System.nanoTime() - began < duration.toNanos()) {
                TimeUnit.SECONDS.sleep(1); // sampling memory while the generator runs
                peakMemory = Math.max(peakMemory, ResidentMemory.bytes(runtime));
                if (inserts.failure() != null) {
                    throw new IllegalStateException("the generator failed", inserts.failure());
                }
            }
            inserts.stop();
            generator.join();
            TimeUnit.SECONDS.sleep(5); // what is in flight at the end belongs to the run
            try (Statement statement = reader.createStatement(); ResultSet row = statement.executeQuery(
                    "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP"
                            + " (ORDER BY ms), max(ms) FROM (SELECT extract(epoch FROM received_at - (created_at AT TIME ZONE"
                            + " 'UTC')) * 1000 AS ms FROM ui_reflex_events WHERE created_at >= '"
                            + LocalDateTime.ofInstant(start, ZoneOffset.UTC) + "') latencies")) {
                row.next();
                out.printf(Locale.ROOT, "live: %,d mistakes at %.0f/s for %d s from a cold start (READY after %.1f s)%n",
                        inserts.inserted(), rate, duration.toSeconds(), runtime.startup().total().toMillis() / 1000.0);
                out.printf(Locale.ROOT, "  latency insert -> event row over the whole run: p50 %.0f ms, p99 %.0f ms, max %.0f ms"
                        + " (%,d events)%n", row.getDouble(2), row.getDouble(3), row.getDouble(4), row.getLong(1));
                out.printf(Locale.ROOT, "  peak resident memory (JVM + Postgres) %,d MB%n", peakMemory >> 20);
            }
            printCpu(CpuByComponent.now(runtime.stack().postgres().process()).since(cpuAtStart),
                    Math.toIntExact(inserts.inserted()), (System.nanoTime() - began) / 1e9);
        }
    }

    /** What each component cost: CPU seconds, per mistake, and the share of the machine's cores. */
    private void printCpu(Map<String, Double> seconds, int mistakes, double wallSeconds) {
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        out.printf(Locale.ROOT, "  CPU from the commit on: %.1f s (%.0f us per mistake; %.2f of %d cores busy on"
                + " average)%n", total, total * 1e6 / mistakes, total / wallSeconds, Runtime.getRuntime().availableProcessors());
        seconds.forEach((component, spent) -> out.printf(Locale.ROOT, "    %-22s %7.1f s  %6.0f us per mistake  %4.0f %%%n",
                component, spent, spent * 1e6 / mistakes, total == 0 ? 0 : 100 * spent / total));
    }

    private static PipelineRuntime start(int partitions) {
        PipelineRuntime.Options defaults = PipelineRuntime.Options.defaults();
        return PipelineRuntime.start(new PipelineRuntime.Options(null, partitions, true, System.getenv(),
                defaults.opsPort(), -1, 1), ReferenceData::seedMistakeTypes);
    }

    private static Progress progress(Admin admin, Connection connection) throws Exception {
        return new Progress(
                endOffsets(admin, Topics.MISTAKES.name()),
                committed(admin, AnalyzerSettings.APPLICATION_ID, Topics.MISTAKES.name()),
                endOffsets(admin, Topics.PATTERN_UPDATES.name())
                        - committed(admin, RecommenderSettings.APPLICATION_ID, Topics.PATTERN_UPDATES.name()),
                count(connection, "student_mistake_analysis"),
                count(connection, "ui_reflex_events"));
    }

    /** Records on a topic written without transactions: its end offsets are its records. */
    private static long endOffsets(Admin admin, String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(
                "SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String rate(long records, double seconds) {
        return Double.isNaN(seconds) ? "did not finish"
                : String.format(Locale.ROOT, "%6.1f s  %,8.0f mistakes/s", seconds, records / seconds);
    }

    /** Mistakes as COPY's csv: empty for null. */
    static final class Csv {
        private Csv() {
        }

        static String of(List<Mistake> mistakes) {
            StringBuilder csv = new StringBuilder(mistakes.size() * 160);
            for (Mistake m : mistakes) {
                csv.append(m.id()).append(',').append(m.studentId()).append(',')
                        .append(m.globalTopicUid() == null ? "" : quote(m.globalTopicUid())).append(',')
                        .append(quote(m.mistakeCode())).append(',')
                        .append(m.testAnswerId() == null ? "" : m.testAnswerId()).append(',')
                        .append(m.timeSpentSeconds() == null ? "" : m.timeSpentSeconds()).append(',')
                        .append(LocalDateTime.ofInstant(m.occurredAt(), ZoneOffset.UTC)).append('\n');
            }
            return csv.toString();
        }

        private static String quote(String text) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
    }

    /**
     * Resident memory of this JVM and of its Postgres server's processes (Linux; 0 elsewhere), as
     * proportional set sizes: Postgres's shared buffers are counted once, not once per process.
     */
    static final class ResidentMemory {
        private ResidentMemory() {
        }

        static long bytes(PipelineRuntime runtime) {
            long total = of(ProcessHandle.current().pid());
            ProcessHandle postgres = runtime.stack().postgres().process().orElse(null);
            if (postgres != null) {
                total += of(postgres.pid());
                total += postgres.descendants().mapToLong(child -> of(child.pid())).sum();
            }
            return total;
        }

        /** This JVM's. */
        static long current() {
            return of(ProcessHandle.current().pid());
        }

        static long of(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }
    }
}
