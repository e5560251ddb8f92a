package io.mistakeflow.platform.embedded;

import io.mistakeflow.common.config.SettingsSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One instance of an app as a JVM of its own, started the way it is deployed:
 * {@code java -cp <this classpath> io.mistakeflow.platform.Cli analyzer|recommender FILE}, the
 * file being {@link PipelineRuntime#appSettings} with a state directory of its own
 * ({@code streams/<app>-<n>}) and a Kafka client id naming it, so the consumer group's members
 * say which instance holds which partitions ({@link InstanceAssignments}). Output goes to a log
 * file. A kill is a real one: open transactions and group memberships are left behind.
 */
public final class AppInstance {

    /** Heap of an instance: the state is off-heap in RocksDB ({@code rocksdb.memory.bytes}). */
    static final String HEAP = "-Xmx384m";
    /** Client ids of Streams' clients start with the app's {@code client.id}. */
    static final String CLIENT_ID = "client.id";

    private final String app;
    private final int number;
    private final Process process;
    private final Path log;

    private AppInstance(String app, int number, Process process, Path log) {
        this.app = app;
        this.number = number;
        this.process = process;
        this.log = log;
    }

    /**
     * @param app {@code analyzer} or {@code recommender}
     * @param number the instance's number, from 1; names its state directory, client id and files
     * @param extra settings besides the runtime's own (e.g. {@code num.standby.replicas}); a
     *     {@code PIPELINE_*} variable inherited from this process still wins over them
     */
    public static AppInstance start(String app, int number, Path dataDir, String bootstrapServers,
                                    Map<String, String> extra) {
        String name = app + "-" + number;
        Map<String, String> own = new TreeMap<>(PipelineRuntime.appSettings(bootstrapServers, dataDir, name));
        own.put(SettingsSource.KAFKA_PREFIX + CLIENT_ID, name);
        own.put("ops.port", "-1");
        Map<String, String> settings = new TreeMap<>(extra);
        settings.putAll(own);
        try {
            Path dir = Files.createDirectories(dataDir.resolve("instances"));
            Path file = dir.resolve(name + ".properties");
            Properties properties = new Properties();
            properties.putAll(settings);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(out, "instance " + name + " of the embedded pipeline");
            }
            Path log = dir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    HEAP, "-cp", System.getProperty("java.class.path"), "io.mistakeflow.platform.Cli", app, file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // these keys are the runtime's: an inherited PIPELINE_* variable would win over them
            own.keySet().forEach(key -> builder.environment().remove(SettingsSource.envName(key)));
            return new AppInstance(app, number, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@code analyzer-1}: also its client id. */
    public String name() {
        return app + "-" + number;
    }

    public String app() {
        return app;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no commit, no close. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(30);
    }

    /** SIGTERM: the app closes its client cleanly (commits, closes the stores), then SIGKILL after a minute. */
    public void stop() {
        process.destroy();
        if (!awaitExit(60)) {
            kill();
        }
    }

    /** The log's last {@code lines} lines, for a failure message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + name() + " (" + log + "):\n"
                    + all.subList(Math.max(0, all.size() - lines), all.size()).stream().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "--- " + name() + ": no log: " + e.getMessage();
        }
    }

    private boolean awaitExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
