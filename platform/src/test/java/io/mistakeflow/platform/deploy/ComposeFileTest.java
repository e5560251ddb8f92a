package io.mistakeflow.platform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The static check of docker-compose.yml (the build machines have no Docker engine to run it):
 * what makes a deployment reproducible, observable and keep its data.
 */
class ComposeFileTest {

    static final Path ROOT = ComposeFile.ROOT;
    /** name:tag with a version in the tag, or a digest; never latest. */
    private static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+(:[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*)?(@sha256:[0-9a-f]{64})?");

    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        compose = ComposeFile.read();
    }

    @Test
    void everyImageIsPinnedToAnExactVersion() {
        for (Map.Entry<String, JsonNode> service : services()) {
            JsonNode image = service.getValue().get("image");
            assertThat(image).as(service.getKey() + " has an image (no build: the images come from Jib)").isNotNull();
            String name = image.asText();
            assertThat(name).as(service.getKey()).matches(PINNED).doesNotEndWith(":latest")
                    .satisfiesAnyOf(n -> assertThat(n).contains("@sha256:"), n -> assertThat(n.substring(n.lastIndexOf('/') + 1)).contains(":"));
        }
    }

    @Test
    void theProjectsOwnImagesAreTheOnesJibBuildsForThisVersion() throws IOException {
        String version = projectVersion();
        Set<String> own = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> service : services()) {
            String image = service.getValue().get("image").asText();
            if (image.startsWith("mistakeflow/")) {
                assertThat(image).as(service.getKey()).endsWith(":" + version);
                own.add(image.substring("mistakeflow/".length(), image.indexOf(':')));
            }
        }
        assertThat(own).containsExactlyInAnyOrder("platform", "analyzer", "recommender", "gateway");
        for (String module : own) {
            assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml"))).as(module + "/pom.xml")
                    .contains("<image.skip>false</image.skip>");
        }
    }

    @Test
    void everyServiceHasAHealthcheckOrIsAOneShotJob() {
        for (Map.Entry<String, JsonNode> service : services()) {
            JsonNode definition = service.getValue();
            JsonNode healthcheck = definition.get("healthcheck");
            if (healthcheck == null) {
                assertThat(definition.path("restart").asText()).as(service.getKey() + ": no healthcheck, so a one-shot job")
                        .isEqualTo("no");
            } else {
                assertThat(healthcheck.get("test")).as(service.getKey()).isNotNull();
                assertThat(definition.path("restart").asText()).as(service.getKey() + " is long-running")
                        .isIn("on-failure", "unless-stopped", "always");
            }
        }
    }

    @Test
    void theAppsAreReadyWhenTheirHealthEndpointSaysSo() {
        Map<String, String> ports = Map.of("analyzer", "9401", "recommender", "9402", "gateway", "8080");
        for (Map.Entry<String, String> app : ports.entrySet()) {
            String test = compose.path("services").path(app.getKey()).path("healthcheck").path("test").toString();
            assertThat(test).as(app.getKey()).contains("/" + app.getValue()).contains("/health/ready");
        }
    }

    @Test
    void everyNamedVolumeIsUsedAndEveryStatefulServiceKeepsItsDataOnOne() {
        Set<String> declared = new LinkedHashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        Map<String, String> mounted = new HashMap<>();
        for (Map.Entry<String, JsonNode> service : services()) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(declared).as(service.getKey() + " mounts a declared volume").contains(source);
                    mounted.put(source, volume.asText().split(":")[1]);
                }
            }
        }
        assertThat(mounted.keySet()).as("every declared volume is mounted").containsExactlyInAnyOrderElementsOf(declared);
        assertThat(mounted).containsEntry("postgres-data", "/var/lib/postgresql/data")
                .containsEntry("analyzer-state", "/var/lib/mistakeflow")
                .containsEntry("recommender-state", "/var/lib/mistakeflow");
    }

    @Test
    void kafkaWritesItsLogOnItsVolume() {
        JsonNode kafka = compose.path("services").path("kafka");
        String logDirs = kafka.path("environment").path("KAFKA_LOG_DIRS").asText();
        assertThat(logDirs).as("KAFKA_LOG_DIRS (the image's default is under /tmp)").isNotBlank();
        List<String> mounts = new ArrayList<>();
        kafka.path("volumes").forEach(v -> mounts.add(v.asText()));
        for (String dir : logDirs.split(",")) {
            assertThat(mounts).as(dir + " on a named volume").anyMatch(m -> m.startsWith("kafka-data:") && dir.startsWith(m.split(":")[1]));
        }
        assertThat(kafka.path("environment").path("CLUSTER_ID").asText()).as("a fixed cluster id, so the log is reused")
                .hasSize(22);
    }

    @Test
    void postgresIsReadyOverTcpAndMigrateRetries() {
        assertThat(compose.path("services").path("postgres").path("healthcheck").path("test").toString())
                .contains("pg_isready").contains("-h 127.0.0.1");
        assertThat(compose.path("services").path("migrate").path("command").toString()).contains("--connect-retries");
    }

    @Test
    void connectorsAreRegisteredWithTheIdempotentScriptAndTheSeedIsTheDemosFile() {
        JsonNode services = compose.path("services");
        assertThat(services.path("connectors").path("volumes").toString())
                .contains("./deploy/register-connectors.sh:").contains("./connectors/src/main/resources/connectors:");
        assertThat(services.path("seed").path("volumes").toString()).contains("./connectors/src/main/resources/db/seed:/seed");
        assertThat(services.path("seed").path("entrypoint").toString()).contains("/seed/example-mistake-types.sql");
        assertThat(ROOT.resolve("connectors/src/main/resources/db/seed/example-mistake-types.sql")).exists();
    }

    @Test
    void monitoringIsAnOptionalProfileWithPrometheusAndGrafana() {
        JsonNode services = compose.path("services");
        for (String name : List.of("prometheus", "grafana")) {
            assertThat(services.path(name).path("profiles").toString()).as(name).contains("monitoring");
        }
        for (Map.Entry<String, JsonNode> service : services()) {
            if (!List.of("prometheus", "grafana").contains(service.getKey())) {
                assertThat(service.getValue().has("profiles")).as(service.getKey() + " runs without a profile").isFalse();
            }
        }
    }

    private static List<Map.Entry<String, JsonNode>> services() {
        List<Map.Entry<String, JsonNode>> services = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(services::add);
        assertThat(services).isNotEmpty();
        return services;
    }

    private static String projectVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        int artifact = pom.indexOf("<artifactId>mistakeflow-parent</artifactId>");
        int start = pom.indexOf("<version>", artifact) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start));
    }
}
