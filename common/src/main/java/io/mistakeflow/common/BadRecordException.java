package io.mistakeflow.common;

/** A record that does not follow the input contract; the reason goes to the dead-letter topic. */
public class BadRecordException extends RuntimeException {

    public BadRecordException(String reason) {
        super(reason);
    }

    public BadRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
