package io.mistakeflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mistakeflow.common.config.SettingsSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void everyDefaultWithOnlyASecret() {
        GatewaySettings settings = GatewaySettings.from(SettingsSource.of(Map.of("gateway.jwt.secret", SECRET)));

        assertThat(settings).isEqualTo(new GatewaySettings("0.0.0.0", 8080, SECRET, null, null, 100, 5, 15_000, 256,
                Duration.ofSeconds(15), Duration.ofSeconds(30), 20_000, List.of(),
                "jdbc:postgresql://localhost:5432/postgres", "postgres", "", 8, "localhost:9092", Map.of()));
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        Properties file = new Properties();
        file.putAll(Map.of("gateway.jwt.secret", SECRET, "gateway.port", "9000", "gateway.cors.origins",
                "https://a.example.com, http://localhost:5173", "gateway.heartbeat.interval", "500ms"));
        GatewaySettings settings = GatewaySettings.from(new SettingsSource(file, Map.of("PIPELINE_GATEWAY_PORT", "0")));

        assertThat(settings.port()).isZero();
        assertThat(settings.corsOrigins()).containsExactly("https://a.example.com", "http://localhost:5173");
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void theSecretCanComeFromAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");

        assertThat(GatewaySettings.from(SettingsSource.of(Map.of("gateway.jwt.secret.file", file.toString()))).jwtSecret())
                .isEqualTo(SECRET);
    }

    @Test
    void badSettingsAreRefusedWithTheKey() {
        assertThatThrownBy(() -> GatewaySettings.from(SettingsSource.of(Map.of())))
                .hasMessage("no token secret: set gateway.jwt.secret or gateway.jwt.secret.file");
        assertThatThrownBy(() -> settings(Map.of("gateway.jwt.secret", "short")))
                .hasMessage("the token secret must be at least 32 bytes for HS256");
        assertThatThrownBy(() -> settings(Map.of("gateway.jwt.secret.file", dir.resolve("none").toString())))
                .hasMessageStartingWith("setting gateway.jwt.secret: cannot read " + dir.resolve("none"));
        assertThatThrownBy(() -> settings(Map.of("gateway.jwt.secret", SECRET, "gateway.streams.per.student", "0")))
                .hasMessage("gateway.streams.per.student must be at least 1, got 0");
        assertThatThrownBy(() -> settings(Map.of("gateway.jwt.secret", SECRET, "gateway.cors.origins", "app.example.com/x")))
                .hasMessage("gateway.cors.origins: 'app.example.com/x' is not an origin such as https://app.example.com or *");
        assertThatThrownBy(() -> settings(Map.of("gateway.jwt.secret", SECRET, "gateway.heartbeat.interval", "soon")))
                .hasMessage("setting gateway.heartbeat.interval must look like 500ms, 15s, 5m, 1h or 2d, got 'soon'");
        assertThatThrownBy(() -> settings(Map.of("gateway.jwt.secret", SECRET, "gateway.port", "70000")))
                .hasMessage("gateway.port must be 0 (any free port) to 65535, got 70000");
    }

    @Test
    void printingTheSettingsNeverShowsTheSecretOrPassword() {
        GatewaySettings settings = settings(Map.of("gateway.jwt.secret", SECRET, "gateway.jdbc.password", "hunter2-password"));

        assertThat(settings.toString()).doesNotContain(SECRET).doesNotContain("hunter2").contains("port=8080");
    }

    @Test
    void embeddedSettingsPointAtTheGivenStack() {
        GatewaySettings settings = settings(GatewaySettings.embedded("localhost:1234", "jdbc:postgresql://localhost:5555/postgres",
                "postgres", "postgres", SECRET, 0));

        assertThat(settings.bootstrapServers()).isEqualTo("localhost:1234");
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5555/postgres");
        assertThat(settings.port()).isZero();
        assertThat(settings.jwtSecret()).isEqualTo(SECRET);
    }

    private static GatewaySettings settings(Map<String, String> values) {
        return GatewaySettings.from(SettingsSource.of(values));
    }
}
