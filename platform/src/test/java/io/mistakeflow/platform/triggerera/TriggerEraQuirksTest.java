package io.mistakeflow.platform.triggerera;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the parity sample does not exercise, on the stand-in triggers: docs/behaviour.md's worked
 * example, and a null global_topic_uid, which in the triggers matched nothing ("= NULL"), so each
 * such mistake made fresh baseline and pattern rows and never got past insufficient_data.
 */
class TriggerEraQuirksTest {

    private static final String STUDENT = "00000000-0000-4000-8000-000000000001";
    private static final LocalDateTime START = LocalDateTime.parse("2025-01-06T10:00:00");

    private static EmbeddedPostgres postgres;
    private static Connection connection;

    @BeforeAll
    static void start() throws SQLException {
        postgres = EmbeddedPostgres.start(null);
        connection = postgres.connect();
        TriggerEraDatabase.create(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO mistake_types VALUES ('CALCULATION_ERROR', 2), ('CONCEPT_GAP', 4)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        connection.close();
        postgres.close();
    }

    @Test
    void theWorkedExampleGivesTheDocumentedRows() throws SQLException {
        List<Object> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            insert(i + 1, "TR.MAT.ALG.001", "CALCULATION_ERROR", 3, START.plusSeconds(i));
            statuses.add(value("SELECT improvement_trend FROM student_mistake_patterns WHERE global_topic_uid = 'TR.MAT.ALG.001'"));
        }

        assertThat(statuses).containsExactly("insufficient_data", "insufficient_data",
                "PANIC_RUSH", "PANIC_RUSH", "PANIC_RUSH", "PANIC_RUSH");
        assertThat(value("SELECT string_agg(concat_ws('/', expected_duration, used_adaptive_baseline), ' ' ORDER BY occurred_at)"
                + " FROM student_mistakes WHERE global_topic_uid = 'TR.MAT.ALG.001'"))
                .isEqualTo("f f f f f 2.850000000000000000/t");
        assertThat(value("SELECT concat_ws(' ', baseline_avg_duration, baseline_sample_count, current_avg_duration,"
                + " current_sample_count, learning_phase, adaptive_expected_duration) FROM student_baseline_performance"
                + " WHERE global_topic_uid = 'TR.MAT.ALG.001'"))
                .isEqualTo("3.0000000000000000 5 3.0000000000000000 6 improvement 2.850000000000000000");
        assertThat(value("SELECT string_agg(event_type, ' ' ORDER BY created_at) FROM ui_reflex_events"
                + " WHERE global_topic_uid = 'TR.MAT.ALG.001'"))
                .isEqualTo("RECOMMENDATION_CREATED RECOMMENDATION_UPDATED RECOMMENDATION_UPDATED RECOMMENDATION_UPDATED");
        assertThat(value("SELECT concat_ws(' ', count(*), min(priority), min(expires_at)) FROM student_recommendations"
                + " WHERE global_topic_uid = 'TR.MAT.ALG.001'"))
                .isEqualTo("1 8 2025-01-06 16:00:05");
    }

    @Test
    void aNullTopicGetsFreshRowsEveryTimeAndNeverARecommendation() throws SQLException {
        for (int i = 0; i < 3; i++) {
            insert(101 + i, null, "CONCEPT_GAP", 60, START.plusHours(1).plusSeconds(i));
        }

        assertThat(value("SELECT string_agg(concat_ws('/', baseline_sample_count, learning_phase), ' ')"
                + " FROM student_baseline_performance WHERE global_topic_uid IS NULL"))
                .isEqualTo("1/baseline 1/baseline 1/baseline");
        assertThat(value("SELECT string_agg(concat_ws('/', mistake_distribution::text, improvement_trend), ' ')"
                + " FROM student_mistake_patterns WHERE global_topic_uid IS NULL"))
                .isEqualTo("{\"CONCEPT_GAP\": 1}/insufficient_data {\"CONCEPT_GAP\": 1}/insufficient_data"
                        + " {\"CONCEPT_GAP\": 1}/insufficient_data");
        assertThat(value("SELECT count(*) FROM student_recommendations WHERE global_topic_uid IS NULL")).isEqualTo(0L);
    }

    private static void insert(int n, String topic, String code, int seconds, LocalDateTime at) throws SQLException {
        ObjectNode mistake = Json.MAPPER.createObjectNode()
                .put("id", String.format("6d000000-0000-4000-8000-%012d", n))
                .put("student_id", STUDENT)
                .put("global_topic_uid", topic)
                .put("mistake_code", code)
                .put("time_spent_seconds", seconds)
                .put("occurred_at", at.toString());
        mistake.putNull("test_answer_id");
        TriggerEraDatabase.insertMistake(connection, mistake);
    }

    private static Object value(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getObject(1);
        }
    }
}
