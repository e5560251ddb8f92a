package io.mistakeflow.platform.cutover;

/** A cut-over step that cannot be done as asked; the message says why, on one line. */
public final class CutoverException extends RuntimeException {

    public CutoverException(String message) {
        super(message);
    }
}
