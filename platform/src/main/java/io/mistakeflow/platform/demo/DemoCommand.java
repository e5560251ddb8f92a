package io.mistakeflow.platform.demo;

import io.mistakeflow.platform.Args;
import io.mistakeflow.platform.UsageException;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import io.mistakeflow.platform.generate.MistakeGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code ./pipeline demo}: the whole pipeline on real components in this JVM ({@link PipelineRuntime}),
 * fed by a generator that inserts realistic mistakes into Postgres, with a summary every 5 s.
 *
 * <p>Prints one {@code READY postgres=<jdbc url> kafka=<bootstrap servers>} line once everything
 * runs; until then nothing is reachable. Ctrl-C (or the end of {@code --duration}) stops the
 * generator, lets the rows in flight arrive (up to a few seconds), prints a final summary and
 * stops the apps, then the stack. With a temporary data directory the replication slot is dropped
 * on the way out and the directory deleted; with {@code --data-dir} both are kept, so the next
 * run resumes from the slot and the apps' committed offsets.
 */
public final class DemoCommand {

    private static final String HELP = String.join("\n",
            "usage: ./pipeline demo [--rate N] [--students N] [--duration 60s|5m] [--no-generate] [--data-dir DIR] [--partitions N]",
            "  --rate N         mistakes inserted per second (default 20)",
            "  --students N     students the generator spreads them over (default 50)",
            "  --duration D     stop after D (e.g. 90s, 5m, 1h; default: until Ctrl-C)",
            "  --no-generate    insert nothing: bring your own rows (connect to the printed JDBC URL, user postgres)",
            "  --data-dir DIR   keep all state in DIR, so a restart resumes where it stopped",
            "                   (default: a temporary directory deleted on exit)",
            "  --partitions N   partitions of the pipeline's topics when they are created (default 3)",
            "Settings of the apps can be overridden with PIPELINE_* variables (e.g. PIPELINE_RECOMMENDER_LANGUAGE=en).");

    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    record Options(double rate, int students, boolean generate, Duration duration, Path dataDir, int partitions) {
    }

    private final Options options;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;

    private DemoCommand(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static int run(String[] argv) throws Exception {
        if (argv.length > 0 && argv[0].equals("--help")) {
            System.out.println(HELP);
            return 0;
        }
        Options options = parse(argv);
        thirdPartyLogs(Level.OFF);
        return new DemoCommand(options, System.out).run();
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

    static Options parse(String[] argv) {
        Args args = Args.parse(argv, Set.of("--rate", "--students", "--duration", "--data-dir", "--partitions"),
                Set.of("--no-generate"));
        double rate;
        try {
            rate = Double.parseDouble(args.get("--rate", "20"));
        } catch (NumberFormatException e) {
            throw new UsageException("--rate must be a number, got " + args.get("--rate", ""));
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new UsageException("--rate must be above 0");
        }
        int students = args.getInt("--students", 50);
        if (students < 1) {
            throw new UsageException("--students must be at least 1");
        }
        int partitions = args.getInt("--partitions", 3);
        if (partitions < 1) {
            throw new UsageException("--partitions must be at least 1");
        }
        Duration duration = args.has("--duration") ? duration(args.get("--duration", "")) : null;
        Path dataDir = args.has("--data-dir") ? Path.of(args.get("--data-dir", "")).toAbsolutePath() : null;
        return new Options(rate, students, !args.has("--no-generate"), duration, dataDir, partitions);
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException("--duration must look like 90s, 5m or 1h, got " + text);
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.isZero()) {
            throw new UsageException("--duration must be above 0");
        }
        return duration;
    }

    private int run() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopFromSignal, "demo-shutdown"));
        DataDirLock lock = null;
        try {
            lock = options.dataDir() == null ? null : DataDirLock.acquire(options.dataDir());
            PipelineRuntime runtime;
            try {
                runtime = PipelineRuntime.start(new PipelineRuntime.Options(options.dataDir(), options.partitions(),
                        options.dataDir() == null, System.getenv()), this::seedReferenceData);
            } catch (RuntimeException e) {
                System.err.println("pipeline demo: cannot start: " + describe(e));
                return 1;
            }
            try (runtime) {
                if (stopRequested) {
                    return 130;
                }
                out.println("READY postgres=" + runtime.jdbcUrl() + " kafka=" + runtime.bootstrapServers());
                out.flush();
                thirdPartyLogs(Level.ERROR);
                return serve(runtime);
            }
        } catch (DataDirLock.UnusableException e) {
            System.err.println("pipeline demo: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("pipeline demo: stopped with an error: " + describe(e));
            return 1;
        } finally {
            if (lock != null) {
                lock.close();
            }
            finished.countDown();
        }
    }

    /** Before the apps start: the mistake_types rows the generator's codes need, captured on their topic. */
    private void seedReferenceData(EmbeddedStack stack) throws SQLException {
        if (options.generate()) {
            ReferenceData.seedMistakeTypes(stack);
        }
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
            LiveSummary summary = new LiveSummary(summaryConnection, runStart);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "demo-summary"));
            if (generator != null) {
                generator.start();
            }
            ticker.scheduleAtFixedRate(() -> printLine(summary, inserts, started),
                    SUMMARY_EVERY.toMillis(), SUMMARY_EVERY.toMillis(), TimeUnit.MILLISECONDS);

            String failure = null;
            long deadline = options.duration() == null ? Long.MAX_VALUE : started + options.duration().toNanos();
            while (!stopRequested && System.nanoTime() < deadline && failure == null) {
                Thread.sleep(100);
                failure = runtime.failure();
                if (failure == null && inserts != null && inserts.failure() != null) {
                    failure = "the generator failed: " + describe(inserts.failure());
                }
            }
            if (generator != null) {
                inserts.stop();
                generator.join();
            }
            ticker.shutdown();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            long inserted = inserts == null ? 0 : inserts.inserted();
            if (failure == null) {
                awaitDrained(summaryConnection, runStart);
            }
            out.println(LiveSummary.report(elapsed, inserted, summary.read()));
            out.printf(Locale.ROOT, "  start-up to READY       %.1f s%n", runtime.startup().total().toMillis() / 1000.0);
            if (failure != null) {
                System.err.println("pipeline demo: " + failure);
                return 1;
            }
            return 0;
        } catch (SQLException e) {
            System.err.println("pipeline demo: lost Postgres: " + describe(e));
            return 1;
        }
    }

    /** A failure that ends the demo must not leave a thread that keeps the JVM alive. */
    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void printLine(LiveSummary summary, PacedInserts inserts, long started) {
        try {
            long elapsed = Math.round((System.nanoTime() - started) / 1e9);
            out.println(LiveSummary.line(elapsed, inserts == null ? 0 : inserts.inserted(), summary.read()));
        } catch (SQLException e) {
            out.println("(no summary: " + e.getMessage() + ")");
        }
    }

    /**
     * Until every analysable mistake of this run has its analysis row and the events stop growing,
     * or {@link #DRAIN_TIMEOUT}: what is in flight when the generator stops is part of the run.
     */
    private static void awaitDrained(Connection connection, Instant runStart) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long previousEvents = -1;
        try (PreparedStatement pending = connection.prepareStatement(
                "SELECT (SELECT count(*) FROM student_mistakes m WHERE m.occurred_at >= ? AND m.time_spent_seconds > 0"
                        + "        AND NOT EXISTS (SELECT 1 FROM student_mistake_analysis a WHERE a.mistake_id = m.id)),"
                        + " (SELECT count(*) FROM ui_reflex_events)")) {
            pending.setObject(1, LocalDateTime.ofInstant(runStart, ZoneOffset.UTC));
            while (System.nanoTime() < deadline) {
                try (ResultSet row = pending.executeQuery()) {
                    row.next();
                    long events = row.getLong(2);
                    if (row.getLong(1) == 0 && events == previousEvents) {
                        return;
                    }
                    previousEvents = events;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The shutdown hook: asks the main thread to stop and waits until it has. */
    private void stopFromSignal() {
        stopRequested = true;
        try {
            finished.await(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Connection connect(PipelineRuntime runtime) throws SQLException {
        return DriverManager.getConnection(runtime.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
    }

    /** The message of the failure and of its innermost cause, on one line. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = String.valueOf(failure.getMessage());
        String cause = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String text = root == failure || top.contains(cause) ? top : top + ": " + cause;
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Two demos on one data directory would corrupt each other's state (two Postgres servers on
     * one cluster directory, two brokers on one log): the second one stops at once instead.
     */
    static final class DataDirLock implements AutoCloseable {

        static final class UnusableException extends RuntimeException {
            UnusableException(String message) {
                super(message);
            }
        }

        private final FileChannel channel;
        private final FileLock lock;

        private DataDirLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static DataDirLock acquire(Path dataDir) {
            try {
                Files.createDirectories(dataDir);
                FileChannel channel = FileChannel.open(dataDir.resolve("demo.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    throw new UnusableException("data directory " + dataDir + " is in use by another ./pipeline demo");
                }
                return new DataDirLock(channel, lock);
            } catch (IOException e) {
                String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.toString();
                throw new UnusableException("cannot use data directory " + dataDir + ": " + reason);
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
        }
    }
}
