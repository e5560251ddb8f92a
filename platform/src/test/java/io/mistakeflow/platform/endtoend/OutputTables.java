package io.mistakeflow.platform.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The five tables the sinks write, read back as JSON ({@code to_jsonb} of each row) and compared
 * with {@code Simulation}'s files for the same input: same ids, same values. Numbers compare as
 * their exact decimal text (scale included: the sink must keep every digit), timestamps as
 * {@link LocalDateTime}, jsonb columns structurally. Columns the records do not carry (the
 * frontend's shown_at, dismissed_at, the database's received_at) are not compared.
 */
public final class OutputTables {

    /** A sink table, its key column, and the simulation file with the same rows (keyed by {@code id}). */
    public record Table(String name, String keyColumn, String simulationFile) {
    }

    static final List<Table> ALL = List.of(
            new Table("student_baseline_performance", "id", "baselines.jsonl"),
            new Table("student_mistake_patterns", "id", "patterns.jsonl"),
            new Table("student_mistake_analysis", "mistake_id", "analysed_mistakes.jsonl"),
            new Table("student_recommendations", "id", "recommendations.jsonl"),
            new Table("ui_reflex_events", "id", "ui_reflex_events.jsonl"));

    private OutputTables() {
    }

    /** table name -> key -> row, from the simulation's output directory. */
    public static Map<String, Map<String, JsonNode>> simulated(Path outDir) throws IOException {
        Map<String, Map<String, JsonNode>> tables = new LinkedHashMap<>();
        for (Table table : ALL) {
            Map<String, JsonNode> rows = new TreeMap<>();
            for (String line : Files.readAllLines(outDir.resolve(table.simulationFile()), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode row = Json.MAPPER.readTree(line);
                    if (rows.put(row.get("id").asText(), row) != null) {
                        throw new IllegalStateException(table.simulationFile() + " has id " + row.get("id") + " twice");
                    }
                }
            }
            tables.put(table.name(), rows);
        }
        return tables;
    }

    /** table name -> key -> row, as Postgres holds them now. */
    public static Map<String, Map<String, JsonNode>> inPostgres(Connection connection) throws SQLException, IOException {
        Map<String, Map<String, JsonNode>> tables = new LinkedHashMap<>();
        for (Table table : ALL) {
            Map<String, JsonNode> rows = new TreeMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT to_jsonb(t)::text FROM " + table.name() + " t")) {
                while (result.next()) {
                    JsonNode row = Json.MAPPER.readTree(result.getString(1));
                    rows.put(row.get(table.keyColumn()).asText(), row);
                }
            }
            tables.put(table.name(), rows);
        }
        return tables;
    }

    /**
     * Every difference between the tables and the simulation, at most {@code limit} per table:
     * missing or extra keys, and each column of a simulated row whose value differs.
     */
    public static List<String> differences(Map<String, Map<String, JsonNode>> expected, Map<String, Map<String, JsonNode>> actual,
                                    int limit) {
        List<String> differences = new ArrayList<>();
        for (Table table : ALL) {
            Map<String, JsonNode> want = expected.get(table.name());
            Map<String, JsonNode> have = actual.get(table.name());
            List<String> found = new ArrayList<>();
            if (want.size() != have.size()) {
                found.add(table.name() + ": " + have.size() + " rows, simulation has " + want.size());
            }
            TreeSet<String> missing = new TreeSet<>(want.keySet());
            missing.removeAll(have.keySet());
            TreeSet<String> extra = new TreeSet<>(have.keySet());
            extra.removeAll(want.keySet());
            missing.forEach(key -> found.add(table.name() + ": missing " + key));
            extra.forEach(key -> found.add(table.name() + ": not in the simulation " + key));
            for (Map.Entry<String, JsonNode> row : want.entrySet()) {
                JsonNode actualRow = have.get(row.getKey());
                if (actualRow == null) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> field : row.getValue().properties()) {
                    String column = field.getKey().equals("id") ? table.keyColumn() : field.getKey();
                    Object wanted = normalise(field.getValue());
                    Object got = normalise(actualRow.get(column));
                    if (!Objects.equals(wanted, got)) {
                        found.add(table.name() + " " + row.getKey() + " " + column + ": " + got + ", simulation " + wanted);
                    }
                }
            }
            differences.addAll(found.subList(0, Math.min(limit, found.size())));
            if (found.size() > limit) {
                differences.add(table.name() + ": ... " + (found.size() - limit) + " more");
            }
        }
        return differences;
    }

    public static Map<String, Integer> counts(Map<String, Map<String, JsonNode>> tables) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        tables.forEach((name, rows) -> counts.put(name, rows.size()));
        return counts;
    }

    /**
     * A comparable value: numbers as exact decimal text, date-times as LocalDateTime, objects as
     * sorted maps (jsonb keeps its own key order), arrays as lists.
     */
    static Object normalise(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue().toPlainString();
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.length() >= 19 && text.charAt(10) == 'T') {
                try {
                    return LocalDateTime.parse(text);
                } catch (DateTimeParseException notATime) {
                    return text;
                }
            }
            return text;
        }
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            node.properties().forEach(field -> fields.put(field.getKey(), normalise(field.getValue())));
            return fields;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(normalise(item)));
            return items;
        }
        return node.asText();
    }
}
