package io.mistakeflow.platform.triggerera;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stand-in of the trigger-era triggers (trigger-era/schema.sql) equals the original on the
 * parity sample: its 1,860 mistakes inserted one at a time in occurred_at order with the clock at
 * each occurred_at, as the sample was made, give exactly the sample's tables. The cut-over tests
 * may therefore take the stand-in for the triggers.
 */
class TriggerEraFixtureTest {

    private static EmbeddedPostgres postgres;
    private static Connection connection;
    private static Path sample;

    @BeforeAll
    static void replayTheSampleThroughTheTriggers() throws Exception {
        sample = Path.of(TriggerEraFixtureTest.class.getResource("/parity-sample/input_mistakes.jsonl").toURI()).getParent();
        postgres = EmbeddedPostgres.start(null);
        connection = postgres.connect();
        TriggerEraDatabase.create(connection);
        TriggerEraDatabase.insertReferenceRows(connection, sample);
        for (JsonNode mistake : ParityTables.lines(sample.resolve("input_mistakes.jsonl"))) {
            TriggerEraDatabase.insertMistake(connection, mistake);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        postgres.close();
    }

    @Test
    void theSchemasPresetsAreTheSamples() throws Exception {
        List<String> actual = ParityTables.sorted(ParityTables.query(connection,
                "SELECT preset_name, is_default::text AS is_default, settings::text AS settings FROM analysis_presets"));
        List<java.util.Map<String, Object>> expected = new java.util.ArrayList<>();
        for (JsonNode preset : ParityTables.lines(sample.resolve("analysis_presets.jsonl"))) {
            expected.add(ParityTables.row(preset, List.of("preset_name", "is_default", "settings")));
        }
        assertThat(actual).containsExactlyElementsOf(ParityTables.sorted(expected));
    }

    @Test
    void baselinesEqualTheSample() throws Exception {
        assertThat(ParityTables.actual(connection, "student_baseline_performance")).hasSize(145)
                .containsExactlyElementsOf(ParityTables.expected(sample, "student_baseline_performance"));
    }

    @Test
    void patternsEqualTheSample() throws Exception {
        assertThat(ParityTables.actual(connection, "student_mistake_patterns")).hasSize(145)
                .containsExactlyElementsOf(ParityTables.expected(sample, "student_mistake_patterns"));
    }

    @Test
    void recommendationsEqualTheSample() throws Exception {
        assertThat(ParityTables.actual(connection, "student_recommendations")).hasSize(447)
                .containsExactlyElementsOf(ParityTables.expected(sample, "student_recommendations"));
    }

    @Test
    void eventsEqualTheSample() throws Exception {
        assertThat(ParityTables.actual(connection, "ui_reflex_events")).hasSize(1_258)
                .containsExactlyElementsOf(ParityTables.expected(sample, "ui_reflex_events"));
    }

    @Test
    void theWriteBackColumnsEqualTheSample() throws Exception {
        assertThat(ParityTables.sorted(ParityTables.query(connection, "SELECT id::text AS id,"
                + " expected_duration::text AS expected_duration, time_ratio::text AS time_ratio,"
                + " used_adaptive_baseline::text AS used_adaptive_baseline FROM student_mistakes")))
                .containsExactlyElementsOf(ParityTables.expectedAnalysedColumns(sample));
    }
}
