package io.mistakeflow.common.reference;

/**
 * A row of {@code student_analysis_settings}: which preset a student uses. {@code custom_settings}
 * is stored by the apps that write the table but used by no rule (as in the triggers).
 */
public record StudentSettings(String studentId, String presetName) {
}
