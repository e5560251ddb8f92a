package io.mistakeflow.common.analysis;

/** The statuses of Rule 2 (docs/behaviour.md#rule-2-patterns), spelled as the triggers wrote them into {@code improvement_trend}. */
public enum PatternStatus {
    insufficient_data,
    PANIC_RUSH,
    STUCK_LOOP,
    STUCK_SLOW,
    improving,
    worsening,
    stable
}
