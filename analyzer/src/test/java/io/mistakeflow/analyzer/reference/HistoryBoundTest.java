package io.mistakeflow.analyzer.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.reference.PresetSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryBoundTest {

    @Test
    void theBoundIsTheLargestWindowOfAnyPreset() {
        // given
        List<PresetSettings> seeded = List.of(PresetSettings.AGGRESSIVE, PresetSettings.NORMAL, PresetSettings.SOFT);

        // when
        HistoryBound bound = HistoryBound.of(seeded);

        // then: soft's trend_window_size 7 and stuck_time_window_hours 48
        assertThat(bound).isEqualTo(new HistoryBound(7, Duration.ofHours(48)));
    }

    @Test
    void withoutPresetsTheBoundIsTheNormalValuesWhichThenApply() {
        // given
        List<PresetSettings> none = List.of();

        // when
        HistoryBound bound = HistoryBound.of(none);

        // then
        assertThat(bound).isEqualTo(new HistoryBound(5, Duration.ofHours(24)));
    }

    @Test
    void theBoundNeverFallsBelowTheNormalValuesUsedWhenAPresetIsMissing() throws Exception {
        // given: only a small preset; a student of a deleted preset falls back to the normal values
        PresetSettings small = PresetSettings.fromJson(
                Json.MAPPER.readTree("{\"trend_window_size\": 3, \"stuck_time_window_hours\": 6}"));

        // when
        HistoryBound bound = HistoryBound.of(List.of(small));

        // then
        assertThat(bound).isEqualTo(new HistoryBound(5, Duration.ofHours(24)));
    }
}
