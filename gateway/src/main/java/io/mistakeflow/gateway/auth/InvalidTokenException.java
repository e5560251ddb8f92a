package io.mistakeflow.gateway.auth;

/** A request's token is missing or not acceptable; the message says which rule it broke (sent to the caller). */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message);
    }
}
