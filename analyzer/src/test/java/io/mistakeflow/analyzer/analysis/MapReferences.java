package io.mistakeflow.analyzer.analysis;

import io.mistakeflow.analyzer.reference.HistoryBound;
import io.mistakeflow.analyzer.reference.References;
import io.mistakeflow.common.reference.PresetSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reference data held in maps, for rule tests without Kafka. */
public final class MapReferences implements References {

    public final Map<String, Integer> severities = new HashMap<>();
    public final Map<String, PresetSettings> presets = new HashMap<>(Map.of(
            "aggressive", PresetSettings.AGGRESSIVE, "normal", PresetSettings.NORMAL, "soft", PresetSettings.SOFT));
    public final Map<String, String> studentPresets = new HashMap<>();
    public String defaultPresetName = "normal";

    public static MapReferences seeded() {
        MapReferences refs = new MapReferences();
        refs.severities.putAll(Map.of("CALCULATION_ERROR", 2, "SIGN_ERROR", 2, "CARELESS_READING", 1,
                "CONCEPT_GAP", 4, "FORMULA_MISAPPLIED", 3, "UNIT_ERROR", 2, "LOGIC_ERROR", 4, "TIME_OUT", 5));
        return refs;
    }

    @Override
    public Integer severity(String mistakeCode) {
        return severities.get(mistakeCode);
    }

    @Override
    public PresetSettings defaultPreset() {
        PresetSettings preset = defaultPresetName == null ? null : presets.get(defaultPresetName);
        return preset == null ? PresetSettings.NORMAL : preset;
    }

    @Override
    public PresetSettings presetOf(String studentId) {
        String name = studentPresets.get(studentId);
        PresetSettings preset = name == null ? null : presets.get(name);
        return preset == null ? defaultPreset() : preset;
    }

    @Override
    public HistoryBound historyBound() {
        return HistoryBound.of(List.copyOf(presets.values()));
    }
}
