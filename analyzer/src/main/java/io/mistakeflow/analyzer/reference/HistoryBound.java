package io.mistakeflow.analyzer.reference;

import io.mistakeflow.common.reference.PresetSettings;
import java.time.Duration;
import java.util.Collection;

/**
 * How much of a key's history Rule 2 can ever need: the newest {@code windowSize} mistakes with a
 * known code (the largest trend_window_size of any preset) and, besides them, the mistakes with
 * unknown codes that are newer than the oldest of those and within {@code timeWindow} (the largest
 * stuck_time_window_hours) of the newest mistake.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#bounded-history}.
 */
public record HistoryBound(int windowSize, Duration timeWindow) {

    public static HistoryBound of(Collection<PresetSettings> presets) {
        int size = PresetSettings.NORMAL.trendWindowSize();
        int hours = PresetSettings.NORMAL.stuckTimeWindowHours();
        for (PresetSettings preset : presets) {
            size = Math.max(size, preset.trendWindowSize());
            hours = Math.max(hours, preset.stuckTimeWindowHours());
        }
        return new HistoryBound(size, Duration.ofHours(hours));
    }
}
