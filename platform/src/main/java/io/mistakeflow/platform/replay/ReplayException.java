package io.mistakeflow.platform.replay;

/** An expected failure of a replay (a source out of reach, a missing table): one line, exit code 1. */
final class ReplayException extends RuntimeException {

    ReplayException(String message) {
        super(message);
    }

    ReplayException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
