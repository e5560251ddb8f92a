package io.mistakeflow.platform.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.recommender.topology.RecommenderOptions;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parity sample (src/test/resources/parity-sample, see its README): 1,860 mistakes replayed
 * through the original triggers, with every table they produced. {@code ./pipeline simulate} on
 * its inputs must reproduce every row, column for column, numbers to the last digit of their
 * Postgres text. The triggers' random ids are not in the sample: recommendations are matched by
 * creation order (rec_no), events by emission order.
 */
class TriggerParityTest {

    @TempDir
    static Path out;

    private static Path sample;

    @BeforeAll
    static void simulateTheSample() throws IOException, URISyntaxException {
        sample = Path.of(TriggerParityTest.class.getResource("/parity-sample/input_mistakes.jsonl").toURI()).getParent();
        SimulationInputs inputs = new SimulationInputs(sample.resolve("input_mistakes.jsonl"),
                sample.resolve("mistake_types.jsonl"), sample.resolve("analysis_presets.jsonl"),
                sample.resolve("student_analysis_settings.jsonl"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new Simulation(inputs, RecommenderTopology.build(RecommenderOptions.inMemory()), new PrintStream(log, true, StandardCharsets.UTF_8)).run(out);
        assertThat(log.toString(StandardCharsets.UTF_8)).as("no line of the sample is rejected").isEmpty();
    }

    @Test
    void everyBaselineRowEqualsTheTriggers() throws IOException {
        assertSameRowsByKey("student_baseline_performance.jsonl", "baselines.jsonl", 145);
    }

    @Test
    void everyPatternRowEqualsTheTriggersIncludingTheJsonbKeyOrderOfTheDistribution() throws IOException {
        assertSameRowsByKey("student_mistake_patterns.jsonl", "patterns.jsonl", 145);
        Map<String, JsonNode> mine = byKey(read(out.resolve("patterns.jsonl")));
        for (JsonNode theirs : read(sample.resolve("student_mistake_patterns.jsonl"))) {
            assertThat(fieldNames(mine.get(key(theirs)).get("mistake_distribution")))
                    .containsExactlyElementsOf(fieldNames(theirs.get("mistake_distribution")));
        }
    }

    @Test
    void everyAnalysedMistakeCarriesTheTriggersExpectedDurationRatioAndStatus() throws IOException {
        List<JsonNode> inputs = read(sample.resolve("input_mistakes.jsonl"));
        List<JsonNode> trend = read(sample.resolve("per_event_trend.jsonl"));
        List<JsonNode> expected = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (trend.get(i).get("pattern_touched").booleanValue()) {
                ObjectNode row = Json.MAPPER.createObjectNode();
                row.set("id", inputs.get(i).get("id"));
                row.set("student_id", inputs.get(i).get("student_id"));
                row.set("global_topic_uid", inputs.get(i).get("global_topic_uid"));
                row.set("expected_duration", inputs.get(i).get("expected_duration"));
                row.set("time_ratio", inputs.get(i).get("time_ratio"));
                row.set("used_adaptive_baseline", inputs.get(i).get("used_adaptive_baseline"));
                row.set("improvement_trend", trend.get(i).get("improvement_trend_after"));
                expected.add(row);
            }
        }
        assertThat(expected).hasSize(1819);
        assertThat(read(out.resolve("analysed_mistakes.jsonl"))).containsExactlyElementsOf(expected);
    }

    @Test
    void everyRecommendationEqualsTheTriggersInCreationOrder() throws IOException {
        List<JsonNode> theirs = read(sample.resolve("student_recommendations.jsonl"));
        List<JsonNode> mine = read(out.resolve("recommendations.jsonl"));
        assertThat(mine).hasSize(447);
        for (int i = 0; i < theirs.size(); i++) {
            assertSameColumns(theirs.get(i), mine.get(i), "rec_no", "shown_at", "dismissed_at");
        }
    }

    @Test
    void everyEventEqualsTheTriggersInEmissionOrderAndPointsAtTheSameRecommendation() throws IOException {
        List<JsonNode> recommendations = read(out.resolve("recommendations.jsonl"));
        List<JsonNode> theirs = read(sample.resolve("ui_reflex_events.jsonl"));
        List<JsonNode> mine = read(out.resolve("ui_reflex_events.jsonl"));
        assertThat(mine).hasSize(1258);
        for (int i = 0; i < theirs.size(); i++) {
            assertSameColumns(theirs.get(i), mine.get(i), "event_no", "rec_no");
            String recommendation = recommendations.get(theirs.get(i).get("rec_no").intValue() - 1).get("id").textValue();
            assertThat(mine.get(i).get("recommendation_id").textValue()).isEqualTo(recommendation);
        }
        assertThat(mine).filteredOn(e -> e.get("event_type").textValue().equals(EventType.RECOMMENDATION_CREATED.name()))
                .hasSize(447);
    }

    private static void assertSameRowsByKey(String theirsFile, String mineFile, int rows) throws IOException {
        Map<String, JsonNode> mine = byKey(read(out.resolve(mineFile)));
        List<JsonNode> theirs = read(sample.resolve(theirsFile));
        assertThat(theirs).hasSize(rows);
        assertThat(mine).hasSize(rows);
        for (JsonNode row : theirs) {
            assertThat(mine).containsKey(key(row));
            assertSameColumns(row, mine.get(key(row)));
        }
    }

    /** Every column of the trigger row, but the ones named, has the same value (decimals with their scale). */
    private static void assertSameColumns(JsonNode theirs, JsonNode mine, String... notCompared) {
        List<String> skip = List.of(notCompared);
        for (String column : fieldNames(theirs)) {
            if (!skip.contains(column)) {
                assertThat(mine.get(column)).as("%s of %s", column, theirs).isEqualTo(theirs.get(column));
            }
        }
    }

    private static Map<String, JsonNode> byKey(List<JsonNode> rows) {
        Map<String, JsonNode> map = new HashMap<>();
        rows.forEach(row -> map.put(key(row), row));
        return map;
    }

    private static String key(JsonNode row) {
        return row.get("student_id").textValue() + "|" + row.get("global_topic_uid");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            rows.add(Json.MAPPER.readTree(line));
        }
        return rows;
    }
}
