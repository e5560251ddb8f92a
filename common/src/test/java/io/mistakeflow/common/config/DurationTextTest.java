package io.mistakeflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsEveryUnitAndSecondsWithoutOne() {
        assertThat(DurationText.parse("x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("x", "15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DurationText.parse("x", "15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DurationText.parse("x", " 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("x", "2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void namesTheSettingWhenTheTextIsNoDuration() {
        assertThatThrownBy(() -> DurationText.parse("--ttl", "an hour"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--ttl must look like 500ms, 15s, 5m, 1h or 2d, got 'an hour'");
        assertThatThrownBy(() -> DurationText.parse("--ttl", "-5s")).hasMessageContaining("got '-5s'");
    }

    @Test
    void settingsReadDurationsWithTheirFallback() {
        SettingsSource source = SettingsSource.of(Map.of("gateway.heartbeat.interval", "250ms"));
        assertThat(source.getDuration("gateway.heartbeat.interval", Duration.ofSeconds(15))).isEqualTo(Duration.ofMillis(250));
        assertThat(source.getDuration("absent", Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(15));
    }
}
