package io.mistakeflow.platform.embedded;

import org.apache.kafka.common.utils.Exit;

/**
 * Kafka's broker and Connect call {@code Exit.exit} / {@code Exit.halt} on fatal errors (a start-up
 * failure, a fatal fault). Inside a test or the CLI that would kill the whole JVM without a word;
 * while a guard is held those calls throw instead, so the error reaches the caller. Counted, so the
 * broker and the worker can each hold one; the last close restores Kafka's default.
 */
final class ExitGuard implements AutoCloseable {

    private static int holders;

    private boolean closed;

    private ExitGuard() {
    }

    static synchronized ExitGuard install() {
        if (holders++ == 0) {
            Exit.setExitProcedure((status, message) -> {
                throw new IllegalStateException("Kafka tried to exit the JVM with status " + status + ": " + message);
            });
            Exit.setHaltProcedure((status, message) -> {
                throw new IllegalStateException("Kafka tried to halt the JVM with status " + status + ": " + message);
            });
        }
        return new ExitGuard();
    }

    @Override
    public void close() {
        synchronized (ExitGuard.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--holders == 0) {
                Exit.resetExitProcedure();
                Exit.resetHaltProcedure();
            }
        }
    }
}
