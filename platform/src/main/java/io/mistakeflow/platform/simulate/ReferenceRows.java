package io.mistakeflow.platform.simulate;

import java.util.List;

/**
 * The reference rows a run loads before its mistakes, latest row per key.
 *
 * @param presets null: the three seeded presets (docs/behaviour.md#presets)
 */
public record ReferenceRows(List<InputRow> mistakeTypes, List<InputRow> presets, List<InputRow> studentSettings) {
}
