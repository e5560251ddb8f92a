package io.mistakeflow.platform.demo;

import io.mistakeflow.platform.Cli;
import io.mistakeflow.platform.embedded.AppInstances;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import io.mistakeflow.platform.embedded.PipelineRuntime;
import io.mistakeflow.platform.embedded.Waits;
import io.mistakeflow.platform.generate.MistakeGenerator;
import io.mistakeflow.platform.generate.PacedInserts;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * One run of the demo: the whole pipeline on real components in this JVM ({@link PipelineRuntime}),
 * fed by a generator that inserts realistic mistakes into Postgres, with a summary every 5 s.
 *
 * <p>Prints one {@code READY postgres=<jdbc url> kafka=<bootstrap servers>} line once everything
 * runs; until then nothing is reachable. Ctrl-C (or the end of the duration) stops the generator,
 * lets the rows in flight arrive (up to a few seconds), prints a final summary and stops the apps,
 * then the stack. With a temporary data directory the replication slot is dropped on the way out
 * and the directory deleted; with a data directory both are kept, so the next run resumes from the
 * slot and the apps' committed offsets.
 */
final class DemoRun {

    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(90);
    /** The student the printed page link signs in as: one the generator writes mistakes for. */
    static final String PAGE_STUDENT = MistakeGenerator.studentId(0);
    private static final Duration PAGE_TOKEN_VALIDITY = Duration.ofHours(12);

    private final DemoOptions options;
    private final PrintStream out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    DemoRun(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    int run() throws InterruptedException {
        thirdPartyLogs(Level.OFF);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopFromSignal, "demo-shutdown"));
        DataDirLock lock = null;
        try {
            lock = options.dataDir() == null ? null : DataDirLock.acquire(options.dataDir());
            PipelineRuntime runtime;
            try {
                runtime = PipelineRuntime.start(new PipelineRuntime.Options(options.dataDir(), options.partitions(),
                        options.dataDir() == null, System.getenv(), options.opsPort(), options.gatewayPort(),
                        options.instances()),
                        this::seedReferenceData);
            } catch (RuntimeException e) {
                System.err.println("pipeline demo: cannot start: " + Cli.describe(e));
                return 1;
            }
            try (runtime) {
                if (stopRequested.getCount() == 0) {
                    return 130;
                }
                out.println("READY postgres=" + runtime.jdbcUrl() + " kafka=" + runtime.bootstrapServers()
                        + " gateway=" + runtime.gatewayUrl());
                out.println("  page     " + runtime.pageLink(PAGE_STUDENT, PAGE_TOKEN_VALIDITY)
                        + "   (student " + PAGE_STUDENT + ")");
                out.println("  metrics  " + runtime.opsUrl() + "/metrics   health " + runtime.opsUrl() + "/health/ready");
                if (runtime.instances() != null) {
                    out.println("  instances " + runtime.instances().describe());
                    out.println("            logs in " + runtime.instances().instances().get(0).log().getParent()
                            + "; kill -9 a pid and watch the others take over its partitions");
                }
                out.print(FirstSteps.text(runtime.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD,
                        runtime.bootstrapServers(), PAGE_STUDENT));
                out.flush();
                thirdPartyLogs(Level.ERROR);
                return serve(runtime);
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
            finished.countDown();
        }
    }

    /**
     * The demo runs a database, a broker, Connect and two apps in one terminal: their WARN lines
     * (a state directory under /tmp, a client closed twice on shutdown...) are expected here and
     * would bury the summary. Ours stay at INFO. Until READY everyone else is silent: a failed
     * start is reported in one line with its cause; after READY their errors show.
     */
    private static void thirdPartyLogs(Level level) {
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, level);
        Configurator.setLevel("io.mistakeflow", Level.INFO);
    }

    /**
     * Before the apps start: example mistake_types rows (the generator's codes), captured on their
     * topic, so that rows a user inserts form patterns too. Existing rows keep their severities.
     */
    private void seedReferenceData(EmbeddedStack stack) throws SQLException {
        ReferenceData.seedMistakeTypes(stack);
    }

    /** Generates (unless told not to) and summarises until Ctrl-C, the duration, or a failure. */
    private int serve(PipelineRuntime runtime) throws InterruptedException {
        Instant runStart = Instant.now();
        long started = System.nanoTime();
        try (Connection generatorConnection = connect(runtime); Connection summaryConnection = connect(runtime)) {
            PacedInserts inserts = options.generate() ? new PacedInserts(generatorConnection,
                    new MistakeGenerator(runStart.toEpochMilli(), "demo-" + runStart, options.students(), 3),
                    options.rate()) : null;
            Thread generator = inserts == null ? null : daemon(inserts, "demo-generator");
            LiveSummary summary = new LiveSummary(summaryConnection, runtime.registry());
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "demo-summary"));
            if (generator != null) {
                generator.start();
            }
            ticker.scheduleAtFixedRate(() -> printLine(summary, runtime.instances(), started),
                    SUMMARY_EVERY.toMillis(), SUMMARY_EVERY.toMillis(), TimeUnit.MILLISECONDS);

            String failure = awaitEnd(runtime, inserts, started);
            if (generator != null) {
                inserts.stop();
                generator.join();
            }
            ticker.shutdown();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            if (failure == null) {
                awaitDrained(summaryConnection, runStart);
            }
            out.println(LiveSummary.report(elapsed, summary.read()));
            out.printf(Locale.ROOT, "  start-up to READY       %.1f s%n", runtime.startup().total().toMillis() / 1000.0);
            if (failure != null) {
                System.err.println("pipeline demo: " + failure);
                return 1;
            }
            return 0;
        } catch (SQLException e) {
            System.err.println("pipeline demo: lost Postgres: " + Cli.describe(e));
            return 1;
        }
    }

    /** Until Ctrl-C or the end of the duration (null), or what went wrong. */
    private String awaitEnd(PipelineRuntime runtime, PacedInserts inserts, long started) throws InterruptedException {
        long deadline = options.duration() == null ? Long.MAX_VALUE : started + options.duration().toNanos();
        while (!stopRequested.await(100, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            String failure = runtime.failure();
            if (failure == null && inserts != null && inserts.failure() != null) {
                failure = "the generator failed: " + Cli.describe(inserts.failure());
            }
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** A failure that ends the demo must not leave a thread that keeps the JVM alive. */
    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void printLine(LiveSummary summary, AppInstances instances, long started) {
        try {
            long elapsed = Math.round((System.nanoTime() - started) / 1e9);
            out.println(instances == null ? LiveSummary.line(elapsed, summary.read())
                    : LiveSummary.line(elapsed, summary.read(), instances.describe()));
        } catch (SQLException e) {
            out.println("(no summary: " + e.getMessage() + ")");
        }
    }

    /**
     * Until every analysable mistake of this run has its analysis row and the events stop growing,
     * or {@link #DRAIN_TIMEOUT}: what is in flight when the generator stops is part of the run.
     */
    private static void awaitDrained(Connection connection, Instant runStart) throws SQLException {
        AtomicLong previousEvents = new AtomicLong(-1);
        try (PreparedStatement pending = connection.prepareStatement(
                "SELECT (SELECT count(*) FROM student_mistakes m WHERE m.occurred_at >= ? AND m.time_spent_seconds > 0"
                        + "        AND NOT EXISTS (SELECT 1 FROM student_mistake_analysis a WHERE a.mistake_id = m.id)),"
                        + " (SELECT count(*) FROM ui_reflex_events)")) {
            pending.setObject(1, LocalDateTime.ofInstant(runStart, ZoneOffset.UTC));
            Waits.until("the rows in flight", DRAIN_TIMEOUT, Duration.ofMillis(500), () -> {
                try (ResultSet row = pending.executeQuery()) {
                    row.next();
                    long events = row.getLong(2);
                    return row.getLong(1) == 0 && events == previousEvents.getAndSet(events);
                }
            });
        } catch (IllegalStateException notDrained) {
            // the summary says what did arrive
        }
    }

    /** The shutdown hook: asks the main thread to stop and waits until it has. */
    private void stopFromSignal() {
        stopRequested.countDown();
        try {
            finished.await(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Connection connect(PipelineRuntime runtime) throws SQLException {
        return DriverManager.getConnection(runtime.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
    }
}
