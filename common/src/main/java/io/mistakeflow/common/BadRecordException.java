package io.mistakeflow.common;

import java.util.Locale;

/**
 * A record that does not follow the input contract. The message is the reason the dead-letter
 * topic records; the {@link Kind} is what the metric counts it under (a handful of values, so an
 * alert can tell a broken producer from a bad field).
 */
public class BadRecordException extends RuntimeException {

    /** Why a record was rejected, in general terms. */
    public enum Kind {
        /** Not JSON at all, or truncated. */
        MALFORMED_JSON,
        /** JSON, but an array, a scalar or null instead of a row. */
        NOT_AN_OBJECT,
        /** A field the row needs is absent, null or blank. */
        MISSING_FIELD,
        /** A field is there but its value breaks the contract. */
        INVALID_VALUE,
        /** Larger than any row of the table can be. */
        TOO_LARGE;

        /** The metric tag value: {@code malformed_json}, {@code missing_field}, ... */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    public BadRecordException(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
