package io.mistakeflow.common.reference;

import java.util.List;

/** A row of {@code analysis_presets}, with its settings resolved against the normal values. */
public record Preset(String presetName, boolean isDefault, PresetSettings settings) {

    /** The three presets seeded with the schema; {@code normal} is the default. */
    public static final List<Preset> SEEDED = List.of(
            new Preset("aggressive", false, PresetSettings.AGGRESSIVE),
            new Preset("normal", true, PresetSettings.NORMAL),
            new Preset("soft", false, PresetSettings.SOFT));
}
