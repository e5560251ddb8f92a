package io.mistakeflow.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throw-away runtimes whose JVM was killed: their temporary directory is never deleted and their
 * Postgres keeps running (it is a process of its own). Each such directory names its owner in
 * {@value #OWNER}; a start sweeps away those whose owner is gone.
 */
final class AbandonedRuns {

    static final String PREFIX = "mistakeflow-demo";
    static final String OWNER = "owner.pid";

    private static final Logger LOG = LoggerFactory.getLogger(AbandonedRuns.class);

    private AbandonedRuns() {
    }

    /** A new throw-away directory, owned by this process. */
    static TemporaryDirectory create() {
        TemporaryDirectory dir = TemporaryDirectory.create(PREFIX);
        try {
            Files.writeString(dir.path().resolve(OWNER), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException("cannot write " + OWNER + " in " + dir.path(), e);
        }
        return dir;
    }

    /** Stops the servers of, and deletes, every throw-away directory whose owner is no longer alive. */
    static void sweep() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (abandoned(dir)) {
                    PostgresProcess.stopOrphan(dir.resolve("postgres"));
                    TemporaryDirectory.deleteTree(dir);
                    LOG.info("Removed {}, left behind by a run that was killed", dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.info("Could not sweep abandoned runs in {}: {}", tmp, e.getMessage());
        }
    }

    private static boolean abandoned(Path dir) {
        try {
            long owner = Long.parseLong(Files.readString(dir.resolve(OWNER), StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(owner).map(process -> !process.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false; // not one of ours, or still being created
        }
    }
}
