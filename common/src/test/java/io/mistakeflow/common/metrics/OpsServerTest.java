package io.mistakeflow.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mistakeflow.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Health.Component> components = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private OpsServer server;

    @BeforeEach
    void start() {
        server = OpsServer.start(0, registry, () -> components);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void metricsAreInThePrometheusTextFormat() throws Exception {
        // given
        new PipelineMetrics(registry).mistakeAnalysed("PANIC_RUSH");

        // when
        HttpResponse<String> response = get("/metrics");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("mistakeflow_mistakes_analysed_total{status=\"PANIC_RUSH\"} 1.0");
    }

    @Test
    void readyOnlyWhenEveryComponentIsReadyWithEachComponentsState() throws Exception {
        // given
        components.add(component("analyzer", new Health(true, true, Map.of("state", "RUNNING"))));
        components.add(component("recommender", new Health(true, false, Map.of("state", "REBALANCING"))));

        // when
        HttpResponse<String> ready = get("/health/ready");
        HttpResponse<String> live = get("/health/live");

        // then
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(ready.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("components").get("analyzer").get("status").asText()).isEqualTo("UP");
        assertThat(body.get("components").get("recommender").get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("components").get("recommender").get("state").asText()).isEqualTo("REBALANCING");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(live.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void aWedgedComponentFailsLiveness() throws Exception {
        // given
        components.add(component("analyzer", new Health(false, false, Map.of("state", "ERROR"))));

        // when / then
        assertThat(get("/health/live").statusCode()).isEqualTo(503);
    }

    @Test
    void aComponentWhoseCheckThrowsIsDownWithTheReason() throws Exception {
        // given
        components.add(new Health.Component() {
            @Override
            public String name() {
                return "connectors";
            }

            @Override
            public Health check() {
                throw new IllegalStateException("worker gone");
            }
        });

        // when
        HttpResponse<String> ready = get("/health/ready");

        // then
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(ready.body()).get("components").get("connectors").get("error").asText())
                .isEqualTo("worker gone");
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Health.Component component(String name, Health health) {
        return new Health.Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check() {
                return health;
            }
        };
    }
}
