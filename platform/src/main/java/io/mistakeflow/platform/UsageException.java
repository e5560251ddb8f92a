package io.mistakeflow.platform;

/** A command line that cannot be run as given; printed without a stack trace. */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
