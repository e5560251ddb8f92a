package io.mistakeflow.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.config.KnownSettings;
import io.mistakeflow.connectors.roles.DatabaseRole;
import io.mistakeflow.gateway.GatewaySettings;
import io.mistakeflow.recommender.RecommenderSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The list of every settings key stays the union of what each process reads, and the README documents each. */
class KnownSettingsTest {

    @Test
    void theKnownKeysAreExactlyTheKeysTheProcessesRead() {
        Set<String> read = new TreeSet<>();
        read.addAll(AnalyzerSettings.KEYS);
        read.addAll(RecommenderSettings.KEYS);
        read.addAll(GatewaySettings.KEYS);
        read.addAll(DatabaseRole.PASSWORD_KEYS);

        assertThat(new TreeSet<>(KnownSettings.ALL)).isEqualTo(read);
    }

    @Test
    void theReadmeConfigurationTablesListEveryKey() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String configuration = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Operating"));

        assertThat(KnownSettings.ALL).allSatisfy(key -> assertThat(configuration).contains("| `" + key + "` |"));
    }
}
