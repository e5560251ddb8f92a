package io.mistakeflow.common.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The parameters of a preset ({@code analysis_presets.settings}). Decimals keep the scale they were
 * written with ({@code 0.90} stays {@code 0.90}) because the triggers computed in Postgres
 * {@code numeric}, where the scale shows in every result. A key missing from a preset's settings
 * takes the value of {@link #NORMAL}. {@code stuckRepeatThreshold}, {@code trendPastCount},
 * {@code improvementRewardMultiplier} and {@code worseningSafetyMultiplier} are carried but used by
 * no rule, as in the triggers.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#presets}.
 */
public record PresetSettings(
        BigDecimal panicRatio,
        BigDecimal panicAbsoluteMin,
        BigDecimal panicAbsoluteMax,
        int stuckRepeatThreshold,
        int stuckTimeWindowHours,
        int trendWindowSize,
        int trendRecentCount,
        int trendPastCount,
        BigDecimal trendSignificanceThreshold,
        BigDecimal improvementRewardMultiplier,
        BigDecimal worseningSafetyMultiplier,
        int minimumDataForTrend,
        int baselineTestCount,
        BigDecimal improvementTargetRatio,
        boolean useAdaptiveBaseline) {

    /** The seeded {@code normal} preset: the default, and the fallback for every missing key. */
    public static final PresetSettings NORMAL = new PresetSettings(
            new BigDecimal("0.3"), new BigDecimal("5"), new BigDecimal("180"), 3, 24, 5, 2, 3,
            new BigDecimal("0.3"), new BigDecimal("1.5"), new BigDecimal("0.7"), 3, 5, new BigDecimal("0.95"), true);

    public static final PresetSettings AGGRESSIVE = new PresetSettings(
            new BigDecimal("0.2"), new BigDecimal("3"), new BigDecimal("120"), 3, 12, 5, 2, 3,
            new BigDecimal("0.2"), new BigDecimal("1.8"), new BigDecimal("0.6"), 2, 3, new BigDecimal("0.90"), true);

    public static final PresetSettings SOFT = new PresetSettings(
            new BigDecimal("0.4"), new BigDecimal("8"), new BigDecimal("240"), 4, 48, 7, 3, 4,
            new BigDecimal("0.5"), new BigDecimal("1.3"), new BigDecimal("0.8"), 4, 7, new BigDecimal("0.97"), true);

    /** Reads a settings object; missing or null keys take the normal value. */
    public static PresetSettings fromJson(JsonNode settings) {
        Reader r = new Reader(settings);
        PresetSettings n = NORMAL;
        return new PresetSettings(
                r.decimal("panic_ratio", n.panicRatio),
                r.decimal("panic_absolute_min", n.panicAbsoluteMin),
                r.decimal("panic_absolute_max", n.panicAbsoluteMax),
                r.integer("stuck_repeat_threshold", n.stuckRepeatThreshold),
                r.integer("stuck_time_window_hours", n.stuckTimeWindowHours),
                r.integer("trend_window_size", n.trendWindowSize),
                r.integer("trend_recent_count", n.trendRecentCount),
                r.integer("trend_past_count", n.trendPastCount),
                r.decimal("trend_significance_threshold", n.trendSignificanceThreshold),
                r.decimal("improvement_reward_multiplier", n.improvementRewardMultiplier),
                r.decimal("worsening_safety_multiplier", n.worseningSafetyMultiplier),
                r.integer("minimum_data_for_trend", n.minimumDataForTrend),
                r.integer("baseline_test_count", n.baselineTestCount),
                r.decimal("improvement_target_ratio", n.improvementTargetRatio),
                r.bool("use_adaptive_baseline", n.useAdaptiveBaseline));
    }

    private record Reader(JsonNode node) {
        private JsonNode field(String name) {
            JsonNode value = node == null ? null : node.get(name);
            return value == null || value.isNull() ? null : value;
        }

        BigDecimal decimal(String name, BigDecimal fallback) {
            JsonNode value = field(name);
            return value == null ? fallback : new BigDecimal(value.asText());
        }

        int integer(String name, int fallback) {
            JsonNode value = field(name);
            return value == null ? fallback : new BigDecimal(value.asText()).intValueExact();
        }

        boolean bool(String name, boolean fallback) {
            JsonNode value = field(name);
            return value == null ? fallback : value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText());
        }
    }
}
