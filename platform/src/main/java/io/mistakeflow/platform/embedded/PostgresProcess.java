package io.mistakeflow.platform.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres server running on a data directory, found through its {@code postmaster.pid}. The
 * embedded server is a process of its own in its own session (the library starts it that way), so
 * a JVM killed with {@code kill -9} leaves it running, holding the directory: the next start
 * would fail with "Connection refused" on a server it cannot start.
 */
final class PostgresProcess {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresProcess.class);
    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(15);

    private PostgresProcess() {
    }

    /** The live postmaster of {@code dataDir}, if there is one. */
    static Optional<ProcessHandle> running(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        } catch (IOException noFile) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // a stale file may name a pid the system has since given to another program
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(true));
    }

    /**
     * Stops the server left running on {@code dataDir} by a run that did not stop it (a killed
     * JVM): a fast shutdown (clients disconnected, a clean checkpoint), else a kill after which
     * the next start recovers from the WAL. Returns whether there was one.
     */
    static boolean stopOrphan(Path dataDir) {
        Optional<ProcessHandle> orphan = running(dataDir);
        if (orphan.isEmpty()) {
            return false;
        }
        ProcessHandle postmaster = orphan.get();
        LOG.info("Postgres (pid {}) left running on {} by an earlier run: stopping it", postmaster.pid(), dataDir);
        stop(postmaster);
        return true;
    }

    /** SIGINT is Postgres's fast shutdown; SIGKILL when it does not end in time. */
    static void stop(ProcessHandle postmaster) {
        List<ProcessHandle> children = postmaster.descendants().toList();
        signal(postmaster, "INT");
        if (!await(postmaster, FAST_SHUTDOWN)) {
            LOG.info("Postgres (pid {}) did not stop in {} s: killing it (the next start recovers from the WAL)",
                    postmaster.pid(), FAST_SHUTDOWN.toSeconds());
            postmaster.destroyForcibly();
            await(postmaster, FAST_SHUTDOWN);
        }
        // the server's children leave when the postmaster is gone; wait for them, they hold its memory
        children.forEach(child -> await(child, FAST_SHUTDOWN));
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill command (Windows): a normal termination request instead
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean await(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
