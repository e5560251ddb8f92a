package io.mistakeflow.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.connectors.SchemaMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations over a database that the trigger-era apps already use. */
class SchemaMigrationsTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws SQLException {
        postgres = EmbeddedPostgres.start(null);
        // a trigger-era database: its own tables and rows, its own Flyway history, another default preset
        execute("""
                CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50));
                INSERT INTO flyway_schema_history VALUES (1, '7');
                CREATE TABLE student_mistakes (
                    id uuid PRIMARY KEY, student_id uuid NOT NULL, global_topic_uid varchar(100),
                    mistake_code varchar(50) NOT NULL, test_answer_id uuid, time_spent_seconds int,
                    occurred_at timestamp NOT NULL DEFAULT now(),
                    expected_duration numeric, time_ratio numeric, used_adaptive_baseline boolean DEFAULT false);
                INSERT INTO student_mistakes (id, student_id, mistake_code, time_spent_seconds, occurred_at, time_ratio)
                    VALUES ('6d000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000010',
                            'TIME_OUT', 106, '2025-01-06 10:15:49', 98.6666666666666667);
                CREATE TABLE analysis_presets (
                    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), preset_name varchar(50) UNIQUE,
                    settings jsonb, is_default boolean DEFAULT false);
                INSERT INTO analysis_presets (preset_name, settings, is_default)
                    VALUES ('soft', '{"panic_ratio": 0.45}', false), ('house', '{}', true);
                """);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void migratingTwiceAddsWhatIsMissingAndKeepsWhatIsThere() throws SQLException {
        SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);

        assertThat(query("SELECT id::text, time_ratio::text, used_adaptive_baseline FROM student_mistakes"))
                .containsExactly(List.of("6d000000-0000-4000-8000-000000000001", "98.6666666666666667", false));
        // existing presets untouched; missing ones added; 'house' stays the only default
        assertThat(query("SELECT preset_name, settings->>'panic_ratio', is_default FROM analysis_presets ORDER BY preset_name"))
                .containsExactly(
                        List.of("aggressive", "0.2", false),
                        Arrays.asList("house", null, true),
                        List.of("normal", "0.3", false),
                        List.of("soft", "0.45", false));
        assertThat(query("SELECT count(*) FROM flyway_schema_history")).containsExactly(List.of(1L));
        assertThat(query("SELECT tablename FROM pg_publication_tables WHERE pubname = 'mistakeflow_publication' ORDER BY 1"))
                .containsExactly(List.of("analysis_presets"), List.of("mistake_types"), List.of("mistakeflow_heartbeat"),
                        List.of("student_analysis_settings"), List.of("student_mistakes"), List.of("student_recommendations"));
        assertThat(query("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('student_baseline_performance',"
                + " 'student_mistake_patterns', 'student_mistake_analysis', 'student_recommendations', 'ui_reflex_events')"))
                .containsExactly(List.of(5L));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<List<Object>> result = new ArrayList<>();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    row.add(rows.getObject(column));
                }
                result.add(row);
            }
            return result;
        }
    }
}
