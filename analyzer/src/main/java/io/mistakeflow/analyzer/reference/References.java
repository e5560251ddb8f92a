package io.mistakeflow.analyzer.reference;

import io.mistakeflow.common.reference.PresetSettings;

/** What the rules read of the reference tables, as they are when a mistake is analysed. */
public interface References {

    /** The severity of a code in {@code mistake_types}, or null when the code is not there. */
    Integer severity(String mistakeCode);

    /** The default preset's settings (Rule 1); the normal values when there is no default preset. */
    PresetSettings defaultPreset();

    /** The student's effective preset (Rule 2): their preset, else the default, else normal. */
    PresetSettings presetOf(String studentId);

    /** The largest trend window and time window of any preset: what a key's history must answer. */
    HistoryBound historyBound();
}
