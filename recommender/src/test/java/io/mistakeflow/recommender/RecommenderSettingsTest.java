package io.mistakeflow.recommender;

import io.mistakeflow.common.streams.StoreSuppliers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.recommender.topology.RecommenderDriver;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RecommenderSettingsTest {

    @Test
    void byDefaultTheRecommenderIsTheSpecInTurkishWithExactlyOnce() {
        // when
        RecommenderSettings settings = RecommenderSettings.from(SettingsSource.of(Map.of()));

        // then
        assertThat(settings.language()).isEqualTo("tr");
        assertThat(settings.flags()).isEqualTo(LifecycleFlags.NONE);
        assertThat(settings.streams().applicationId()).isEqualTo("mistakeflow-recommender");
        assertThat(settings.streams().processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        // given
        Properties file = new Properties();
        file.setProperty("recommender.language", "tr");
        file.setProperty("recommender.expiry.enabled", "true");
        Map<String, String> env = Map.of(
                "PIPELINE_RECOMMENDER_LANGUAGE", "en",
                "PIPELINE_RECOMMENDER_PATTERN_CHANGED_ENABLED", "true");

        // when
        RecommenderSettings settings = RecommenderSettings.from(new SettingsSource(file, env));

        // then
        assertThat(settings.language()).isEqualTo("en");
        assertThat(settings.flags()).isEqualTo(new LifecycleFlags(true, false, true));
    }

    @Test
    void aFlagThatIsNotABooleanIsRefused() {
        SettingsSource source = SettingsSource.of(Map.of("recommender.dismissals.enabled", "yes"));

        assertThatThrownBy(() -> RecommenderSettings.from(source))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recommender.dismissals.enabled");
    }

    @Test
    void theEnglishCatalogIsSelectedByConfiguration() {
        // given
        RecommenderSettings settings =
                RecommenderSettings.from(SettingsSource.of(Map.of("recommender.language", "en")));

        try (RecommenderDriver recommender = RecommenderDriver.start(RecommenderTopology.build(settings.options(StoreSuppliers.IN_MEMORY, PipelineMetrics.inMemory())))) {
            // when
            recommender.update(RecommenderDriver.TOPIC, PatternStatus.PANIC_RUSH,
                    Instant.parse("2025-01-06T10:00:00Z"), "m1");

            // then
            var event = recommender.events.readValue();
            assertThat(event.title()).isEqualTo("⏱️ Rush Mode Detected");
            assertThat(event.actionItems().get(0)).containsExactly(
                    Map.entry("action", "slow_down"), Map.entry("duration_sec", 60),
                    Map.entry("label", "Breathe for 60 seconds"));
        }
    }
}
