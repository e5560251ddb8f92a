package io.mistakeflow.common.analysis;

/** The statuses of SPEC Rule 2, spelled as the triggers wrote them into {@code improvement_trend}. */
public enum PatternStatus {
    insufficient_data,
    PANIC_RUSH,
    STUCK_LOOP,
    STUCK_SLOW,
    improving,
    worsening,
    stable
}
