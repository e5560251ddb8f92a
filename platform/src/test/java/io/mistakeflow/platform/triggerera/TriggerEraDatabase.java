package io.mistakeflow.platform.triggerera;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;

/**
 * A trigger-era database for tests: {@code trigger-era/schema.sql} (the tables and a stand-in of the
 * original triggers, proven equal to them on the parity sample by {@link TriggerEraFixtureTest}),
 * and inserts the way the parity sample was made: one mistake per transaction, the triggers'
 * clock set to its occurred_at.
 */
public final class TriggerEraDatabase {

    private TriggerEraDatabase() {
    }

    /** The trigger-era tables and triggers, on an empty database. */
    public static void create(Connection connection) throws SQLException {
        try (InputStream in = TriggerEraDatabase.class.getResourceAsStream("/trigger-era/schema.sql");
             Statement statement = connection.createStatement()) {
            statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's mistake types and student settings (the presets are the schema's). */
    public static void insertReferenceRows(Connection connection, Path sampleDir) throws SQLException, IOException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO mistake_types (mistake_code, severity) VALUES (?, ?)")) {
            for (JsonNode row : ParityTables.lines(sampleDir.resolve("mistake_types.jsonl"))) {
                insert.setString(1, row.get("mistake_code").asText());
                insert.setInt(2, row.get("severity").asInt());
                insert.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO student_analysis_settings"
                + " (id, student_id, preset_name, set_at) VALUES (?::uuid, ?::uuid, ?, ?)")) {
            for (JsonNode row : ParityTables.lines(sampleDir.resolve("student_analysis_settings.jsonl"))) {
                insert.setString(1, row.get("id").asText());
                insert.setString(2, row.get("student_id").asText());
                insert.setString(3, row.get("preset_name").asText());
                insert.setTimestamp(4, Timestamp.valueOf(LocalDateTime.parse(row.get("set_at").asText())));
                insert.executeUpdate();
            }
        }
    }

    /** One mistake (a line of input_mistakes.jsonl), committed alone, with now() = its occurred_at. */
    public static void insertMistake(Connection connection, JsonNode mistake) throws SQLException {
        String occurredAt = mistake.get("occurred_at").asText();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement clock = connection.prepareStatement("SELECT set_config('trigger_era.clock', ?, true)");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO student_mistakes (id, student_id,"
                     + " global_topic_uid, mistake_code, test_answer_id, time_spent_seconds, occurred_at)"
                     + " VALUES (?::uuid, ?::uuid, ?, ?, ?::uuid, ?, ?)")) {
            clock.setString(1, occurredAt.replace('T', ' ') + "+00");
            clock.execute();
            insert.setString(1, mistake.get("id").asText());
            insert.setString(2, mistake.get("student_id").asText());
            insert.setString(3, text(mistake, "global_topic_uid"));
            insert.setString(4, mistake.get("mistake_code").asText());
            insert.setString(5, text(mistake, "test_answer_id"));
            if (mistake.get("time_spent_seconds").isNull()) {
                insert.setNull(6, Types.INTEGER);
            } else {
                insert.setInt(6, mistake.get("time_spent_seconds").asInt());
            }
            insert.setTimestamp(7, Timestamp.valueOf(LocalDateTime.parse(occurredAt)));
            insert.executeUpdate();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
