package io.mistakeflow.platform.simulate;

import java.nio.file.Path;

/**
 * The JSON Lines files of a simulation, with Postgres column names. Only {@code mistakes} is
 * required; without {@code presets} the three seeded presets are used (docs/behaviour.md#presets).
 */
public record SimulationInputs(Path mistakes, Path mistakeTypes, Path presets, Path studentSettings) {
}
