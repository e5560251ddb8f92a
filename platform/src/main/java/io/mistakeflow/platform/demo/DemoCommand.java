package io.mistakeflow.platform.demo;

import io.mistakeflow.platform.DurationOption;
import io.mistakeflow.platform.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pipeline demo}: the whole pipeline on real components in this JVM, fed by a generator,
 * with a summary every 5 s ({@link DemoRun}). This class is the command line only.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole pipeline embedded, fed with realistic mistakes, until Ctrl-C.",
                "Postgres, Kafka, Connect + Debezium and both apps run in this JVM; prints"
                        + " READY postgres=<jdbc url> kafka=<bootstrap> gateway=<http url> once everything runs,"
                        + " then a link to the frontends' page."},
        footer = {"", "Settings of the apps can be overridden with PIPELINE_* variables (e.g. PIPELINE_RECOMMENDER_LANGUAGE=en)."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--rate", paramLabel = "N", defaultValue = "20",
            description = "Mistakes inserted per second (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--students", paramLabel = "N", defaultValue = "50",
            description = "Students the generator spreads them over (default: ${DEFAULT-VALUE}).")
    private int students;

    @Option(names = "--duration", paramLabel = "D", converter = DurationOption.class,
            description = "Stop after D (e.g. 90s, 5m, 1h; default: until Ctrl-C).")
    private Duration duration;

    @Option(names = "--no-generate",
            description = "Insert nothing: bring your own rows (connect to the printed JDBC URL, user postgres).")
    private boolean noGenerate;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = {"Keep all state in DIR, so a restart resumes where it stopped",
                    "(default: a temporary directory deleted on exit)."})
    private Path dataDir;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of the pipeline's topics when they are created (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--ops-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of /metrics and /health/live, /health/ready (default: any free port).")
    private int opsPort;

    @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the frontends' gateway and its page (default: any free port).")
    private int gatewayPort;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = {"Instances of each app (default: ${DEFAULT-VALUE}, both apps in this JVM). More run each",
                    "instance as a JVM of its own, so one can be killed (kill -9 PID) and the others take over;",
                    "the summary shows each instance's pid and partitions."})
    private int instances;

    @Override
    public Integer call() throws InterruptedException {
        return new DemoRun(options(), System.out).run();
    }

    DemoOptions options() {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new UsageException("--rate must be above 0");
        }
        if (students < 1) {
            throw new UsageException("--students must be at least 1");
        }
        if (duration != null && duration.isZero()) {
            throw new UsageException("--duration must be above 0");
        }
        if (partitions < 1) {
            throw new UsageException("--partitions must be at least 1");
        }
        if (instances < 1) {
            throw new UsageException("--instances must be at least 1");
        }
        if (instances > partitions) {
            throw new UsageException("--instances " + instances + " is more than --partitions " + partitions
                    + ": the extra instances would hold no partition");
        }
        return new DemoOptions(rate, students, !noGenerate, duration,
                dataDir == null ? null : dataDir.toAbsolutePath(), partitions, opsPort, gatewayPort, instances);
    }
}
