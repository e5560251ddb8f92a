package io.mistakeflow.common.reference;

/** A row of {@code mistake_types}: severity 1 (light) .. 5 (heavy). */
public record MistakeType(String mistakeCode, int severity) {

    /** The severity of a code missing from {@code mistake_types}. */
    public static final int UNKNOWN_SEVERITY = 3;
}
