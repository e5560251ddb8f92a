package io.mistakeflow.platform.triggerera;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parity sample's tables against a database's, without the random ids the triggers gave their
 * rows: each row as its columns' Postgres text (numbers exact, jsonb parsed), a table as the sorted
 * list of its rows. Events name their recommendation by what identifies it across ids: its type and
 * created_at (with the event's own student and topic).
 */
public final class ParityTables {

    /** Numbers as written, trailing zeros included (Postgres numeric text such as 141.4000000000000000). */
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    public static final List<String> BASELINE_COLUMNS = List.of("student_id", "global_topic_uid", "baseline_avg_duration",
            "baseline_sample_count", "baseline_established_at", "current_avg_duration", "current_sample_count",
            "improvement_rate", "exam_norm_duration", "distance_to_norm", "adaptive_expected_duration", "learning_phase",
            "updated_at");
    public static final List<String> PATTERN_COLUMNS = List.of("student_id", "global_topic_uid", "dominant_mistake_code",
            "dominant_mistake_count", "mistake_distribution", "improvement_trend", "analyzed_at");
    public static final List<String> RECOMMENDATION_COLUMNS = List.of("student_id", "global_topic_uid",
            "recommendation_type", "title", "message", "action_items", "priority", "is_shown", "shown_at", "is_dismissed",
            "dismissed_at", "is_active", "source_mistake_id", "created_at", "updated_at", "expires_at");
    private static final List<String> EVENT_COLUMNS = List.of("student_id", "global_topic_uid", "event_type", "title",
            "message", "action_items", "priority", "source_mistake_id", "created_at");

    private ParityTables() {
    }

    public static List<String> expected(Path sampleDir, String table) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        switch (table) {
            case "student_baseline_performance" -> lines(sampleDir.resolve("student_baseline_performance.jsonl"))
                    .forEach(line -> rows.add(row(line, BASELINE_COLUMNS)));
            case "student_mistake_patterns" -> lines(sampleDir.resolve("student_mistake_patterns.jsonl"))
                    .forEach(line -> rows.add(row(line, PATTERN_COLUMNS)));
            case "student_recommendations" -> lines(sampleDir.resolve("student_recommendations.jsonl"))
                    .forEach(line -> rows.add(row(line, RECOMMENDATION_COLUMNS)));
            case "ui_reflex_events" -> {
                Map<Integer, String> recommendationOf = new HashMap<>();
                for (JsonNode rec : lines(sampleDir.resolve("student_recommendations.jsonl"))) {
                    recommendationOf.put(rec.get("rec_no").asInt(), rec.get("recommendation_type").asText() + " "
                            + rec.get("created_at").asText().replace('T', ' '));
                }
                for (JsonNode event : lines(sampleDir.resolve("ui_reflex_events.jsonl"))) {
                    Map<String, Object> row = row(event, EVENT_COLUMNS);
                    row.put("recommendation", recommendationOf.get(event.get("rec_no").asInt()));
                    rows.add(row);
                }
            }
            default -> throw new IllegalArgumentException("no parity table " + table);
        }
        return sorted(rows);
    }

    public static List<String> actual(Connection connection, String table) throws SQLException, IOException {
        List<String> columns = switch (table) {
            case "student_baseline_performance" -> BASELINE_COLUMNS;
            case "student_mistake_patterns" -> PATTERN_COLUMNS;
            case "student_recommendations" -> RECOMMENDATION_COLUMNS;
            case "ui_reflex_events" -> null;
            default -> throw new IllegalArgumentException("no parity table " + table);
        };
        if (columns == null) {
            StringBuilder select = new StringBuilder("SELECT ");
            for (String column : EVENT_COLUMNS) {
                select.append("e.").append(column).append("::text AS ").append(column).append(", ");
            }
            return sorted(query(connection, select.append("r.recommendation_type || ' ' || r.created_at::text AS recommendation")
                    .append(" FROM ui_reflex_events e JOIN student_recommendations r ON r.id = e.recommendation_id").toString()));
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(columns.get(i)).append("::text AS ").append(columns.get(i));
        }
        return sorted(query(connection, select.append(" FROM ").append(table).toString()));
    }

    /** What the triggers wrote back onto each mistake, per id, as the sample has it. */
    public static List<String> expectedAnalysedColumns(Path sampleDir) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode mistake : lines(sampleDir.resolve("input_mistakes.jsonl"))) {
            rows.add(row(mistake, List.of("id", "expected_duration", "time_ratio", "used_adaptive_baseline")));
        }
        return sorted(rows);
    }

    /** A parity line as the text Postgres gives for the same columns: numbers exact, timestamps with a space. */
    static Map<String, Object> row(JsonNode line, List<String> columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : columns) {
            JsonNode value = line.get(column);
            if (value == null || value.isNull()) {
                row.put(column, null);
            } else if (value.isContainerNode()) {
                row.put(column, value);
            } else if (value.isNumber()) {
                row.put(column, value.decimalValue().toPlainString());
            } else {
                String text = value.asText();
                row.put(column, text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*") ? text.replace('T', ' ') : text);
            }
        }
        return row;
    }

    public static List<Map<String, Object>> query(Connection connection, String sql) throws SQLException, IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    String text = result.getString(i);
                    boolean json = text != null && (text.startsWith("{\"") || text.startsWith("[{"));
                    row.put(result.getMetaData().getColumnLabel(i), json ? EXACT.readTree(text) : text);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Rows as text, columns in name order, rows sorted: a multiset to compare. */
    public static List<String> sorted(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> new TreeMap<>(row).toString()).sorted().toList();
    }

    public static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                rows.add(EXACT.readTree(line));
            }
        }
        return rows;
    }
}
