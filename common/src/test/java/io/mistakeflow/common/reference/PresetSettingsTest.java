package io.mistakeflow.common.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.json.Json;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PresetSettingsTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void theSeededAggressiveSettingsReadAsTheAggressiveColumn() throws Exception {
        // given
        JsonNode seeded = json("{\"panic_ratio\": 0.2, \"trend_past_count\": 3, \"trend_window_size\": 5,"
                + " \"panic_absolute_max\": 120, \"panic_absolute_min\": 3, \"trend_recent_count\": 2,"
                + " \"baseline_test_count\": 3, \"use_adaptive_baseline\": true, \"minimum_data_for_trend\": 2,"
                + " \"stuck_repeat_threshold\": 3, \"stuck_time_window_hours\": 12,"
                + " \"improvement_target_ratio\": 0.90, \"worsening_safety_multiplier\": 0.6,"
                + " \"trend_significance_threshold\": 0.2, \"improvement_reward_multiplier\": 1.8}");

        // when
        PresetSettings settings = PresetSettings.fromJson(seeded);

        // then
        assertThat(settings).isEqualTo(PresetSettings.AGGRESSIVE);
    }

    @Test
    void theSeededSoftSettingsReadAsTheSoftColumn() throws Exception {
        // given
        JsonNode seeded = json("{\"panic_ratio\": 0.4, \"trend_past_count\": 4, \"trend_window_size\": 7,"
                + " \"panic_absolute_max\": 240, \"panic_absolute_min\": 8, \"trend_recent_count\": 3,"
                + " \"baseline_test_count\": 7, \"use_adaptive_baseline\": true, \"minimum_data_for_trend\": 4,"
                + " \"stuck_repeat_threshold\": 4, \"stuck_time_window_hours\": 48,"
                + " \"improvement_target_ratio\": 0.97, \"worsening_safety_multiplier\": 0.8,"
                + " \"trend_significance_threshold\": 0.5, \"improvement_reward_multiplier\": 1.3}");

        // when
        PresetSettings settings = PresetSettings.fromJson(seeded);

        // then
        assertThat(settings).isEqualTo(PresetSettings.SOFT);
    }

    @Test
    void missingSettingsAreTheNormalColumn() {
        // given
        JsonNode none = null;

        // when
        PresetSettings settings = PresetSettings.fromJson(none);

        // then
        assertThat(settings).isEqualTo(PresetSettings.NORMAL);
    }

    @Test
    void aMissingKeyTakesTheNormalValue() throws Exception {
        // given
        JsonNode partial = json("{\"baseline_test_count\": 3}");

        // when
        PresetSettings settings = PresetSettings.fromJson(partial);

        // then
        assertThat(settings.baselineTestCount()).isEqualTo(3);
        assertThat(settings.panicAbsoluteMin()).isEqualByComparingTo("5");
        assertThat(settings.stuckTimeWindowHours()).isEqualTo(24);
        assertThat(settings.improvementTargetRatio()).isEqualTo(new BigDecimal("0.95"));
    }

    @Test
    void aNullValueTakesTheNormalValue() throws Exception {
        // given
        JsonNode withNull = json("{\"trend_window_size\": null}");

        // when
        PresetSettings settings = PresetSettings.fromJson(withNull);

        // then
        assertThat(settings.trendWindowSize()).isEqualTo(5);
    }

    @Test
    void aDecimalKeepsTheScaleItWasWrittenWith() throws Exception {
        // given
        JsonNode written = json("{\"improvement_target_ratio\": 0.90}");

        // when
        PresetSettings settings = PresetSettings.fromJson(written);

        // then
        assertThat(settings.improvementTargetRatio().toPlainString()).isEqualTo("0.90");
    }

    @Test
    void numbersWrittenAsTextAreRead() throws Exception {
        // given
        JsonNode textual = json("{\"panic_ratio\": \"0.25\", \"trend_window_size\": \"6\"}");

        // when
        PresetSettings settings = PresetSettings.fromJson(textual);

        // then
        assertThat(settings.panicRatio()).isEqualTo(new BigDecimal("0.25"));
        assertThat(settings.trendWindowSize()).isEqualTo(6);
    }

    @Test
    void adaptiveBaselineCanBeTurnedOffWithABooleanOrItsText() throws Exception {
        // given
        JsonNode asBoolean = json("{\"use_adaptive_baseline\": false}");
        JsonNode asText = json("{\"use_adaptive_baseline\": \"false\"}");

        // when
        PresetSettings fromBoolean = PresetSettings.fromJson(asBoolean);
        PresetSettings fromText = PresetSettings.fromJson(asText);

        // then
        assertThat(fromBoolean.useAdaptiveBaseline()).isFalse();
        assertThat(fromText.useAdaptiveBaseline()).isFalse();
    }
}
