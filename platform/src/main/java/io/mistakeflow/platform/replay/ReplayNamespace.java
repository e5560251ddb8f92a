package io.mistakeflow.platform.replay;

import io.mistakeflow.platform.UsageException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A replay's namespace: its name and everything derived from it (the application id, the schema
 * {@code replay_NAME}), and its directory under the replay home, which holds
 * {@code namespace.properties}: the record of what the replay made, so --diff and --drop know
 * where to look and drop nothing else. The topologies run in this process with in-memory stores
 * (as simulate runs them), so a namespace has no state directory, no topics and no consumer group.
 */
final class ReplayNamespace {

    /** A Postgres identifier and a Kafka id at once: no quoting needed anywhere. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    static final String RUNNING = "running";
    static final String COMPLETE = "complete";

    private final String name;
    private final Path dir;

    private ReplayNamespace(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    static ReplayNamespace of(Path home, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("--namespace must be a lower-case letter then up to 39 lower-case letters, digits"
                    + " or _: " + name);
        }
        return new ReplayNamespace(name, home.resolve(name));
    }

    String name() {
        return name;
    }

    String applicationId() {
        return "mistakeflow-replay-" + name;
    }

    String schema() {
        return "replay_" + name;
    }

    Path dir() {
        return dir;
    }

    private Path recordFile() {
        return dir.resolve("namespace.properties");
    }

    boolean exists() {
        return Files.isRegularFile(recordFile());
    }

    /** What the namespace made; keys: source, to_postgres, user, to_files, status. */
    Properties record() {
        if (!exists()) {
            throw new UsageException("no replay namespace '" + name + "' (in " + dir.getParent() + ")");
        }
        Properties record = new Properties();
        try (Reader reader = Files.newBufferedReader(recordFile(), StandardCharsets.UTF_8)) {
            record.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recordFile(), e);
        }
        return record;
    }

    void write(Properties record) {
        try {
            Files.createDirectories(dir);
            Path temporary = dir.resolve("namespace.properties.tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                record.store(writer, "replay namespace " + name);
            }
            Files.move(temporary, recordFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + recordFile(), e);
        }
    }

    /** The namespace's directory and all in it. */
    void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
