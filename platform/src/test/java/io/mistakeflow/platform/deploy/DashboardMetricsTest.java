package io.mistakeflow.platform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mistakeflow.analyzer.AnalyzerApp;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.metrics.Observability;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.metrics.ReplicationSlotLag;
import io.mistakeflow.common.streams.StreamsRunner;
import org.apache.kafka.streams.errors.StreamsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard's queries name only meters the processes really export: the registry is
 * built as the apps build theirs ({@link Observability}, {@link PipelineMetrics}, a
 * {@link StreamsRunner} for the client's meters and the lag gauge, the slot's gauge as the gateway
 * binds it), the production topologies count into it over the parity sample, and its Prometheus
 * scrape gives the names.
 */
class DashboardMetricsTest {

    private static final Path DASHBOARD = ComposeFileTest.ROOT.resolve("deploy/monitoring/grafana/dashboards/mistakeflow.json");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    @TempDir
    static Path stateDir;

    private static Set<String> exported;

    @BeforeAll
    static void scrapeWhatTheAppsExport() {
        PrometheusMeterRegistry registry = Observability.prometheusRegistry();
        PipelineMetrics metrics = new PipelineMetrics(registry);
        PipelineRecords.run(metrics, 400);
        // the app's own start registers the Streams client's meters and the lag gauges; with no broker
        // the global store cannot restore, so the start gives up after task.timeout.ms
        AnalyzerSettings settings = AnalyzerSettings.from(SettingsSource.of(Map.of(
                "bootstrap.servers", "127.0.0.1:1", "state.dir", stateDir.toString(), "kafka.task.timeout.ms", "500",
                "kafka.default.api.timeout.ms", "500", "kafka.request.timeout.ms", "500")));
        try {
            AnalyzerApp.start(settings, metrics).close();
        } catch (StreamsException expected) {
            // the meters are registered before the client starts
        }
        new ReplicationSlotLag("jdbc:postgresql://127.0.0.1:1/none", "none", "", ReplicationSlotLag.SLOT).bindTo(registry);
        exported = sampleNames(registry.scrape());
    }

    @Test
    void everyQueryNamesOnlyExportedMetrics() throws IOException {
        for (String expr : expressions()) {
            assertThat(metricNames(expr)).as(expr).isNotEmpty().allSatisfy(name -> assertThat(exported).contains(name));
        }
    }

    @Test
    void theDashboardShowsWhatAnOperatorNeedsAtAGlance() throws IOException {
        String all = String.join("\n", expressions());
        assertThat(all).contains("mistakeflow_mistakes_analysed_total", "by (status)")
                .contains("mistakeflow_events_total", "by (event_type)")
                .contains("mistakeflow_input_lag_records")
                .contains("mistakeflow_dead_letters_total")
                .contains("mistakeflow_end_to_end_latency_seconds_bucket")
                .contains("mistakeflow_replication_slot_lag_bytes");
    }

    @Test
    void theNameExtractionSeesAMisspeltMetric() {
        assertThat(metricNames("sum by (status) (rate(mistakeflow_mistakes_analysed[1m]))"))
                .containsExactly("mistakeflow_mistakes_analysed");
        assertThat(exported).doesNotContain("mistakeflow_mistakes_analysed");
    }

    /** The metric names of a PromQL expression: identifiers that are not functions, labels or keywords. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher token = IDENTIFIER.matcher(bare);
        while (token.find()) {
            String rest = bare.substring(token.end()).stripLeading();
            boolean function = rest.startsWith("(");
            boolean number = token.start() > 0 && Character.isDigit(bare.charAt(token.start() - 1));
            if (!function && !number && !KEYWORDS.contains(token.group().toLowerCase())) {
                names.add(token.group());
            }
        }
        return names;
    }

    private static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static List<String> expressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        assertThat(expressions).isNotEmpty();
        return expressions;
    }
}
