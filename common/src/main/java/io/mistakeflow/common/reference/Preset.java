package io.mistakeflow.common.reference;

/** A row of {@code analysis_presets}, with its settings resolved against the normal values. */
public record Preset(String presetName, boolean isDefault, PresetSettings settings) {
}
