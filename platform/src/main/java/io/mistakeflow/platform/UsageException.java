package io.mistakeflow.platform;

/**
 * A command line that parsed but cannot be run as given (a value out of range, a missing file):
 * one line on stderr and exit code 2, like a parse error.
 */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
