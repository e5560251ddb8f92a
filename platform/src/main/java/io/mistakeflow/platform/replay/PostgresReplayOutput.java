package io.mistakeflow.platform.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.platform.simulate.SimulationOutput;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The five output tables in a replay's own schema, created with the live DDL. Rows go in as JSON
 * arrays through {@code json_populate_recordset}, so Postgres converts every value with the
 * column's own type (numeric text to numeric, ISO text to timestamp, objects to jsonb) exactly as
 * the sink's typed columns do. The streams (analysed mistakes, events) are written in batches as
 * they come, the tables (baselines, patterns, recommendations) at the end, in their final state.
 */
final class PostgresReplayOutput implements SimulationOutput {

    private static final int BATCH = 1_000;

    private final Connection connection;
    private final String schema;
    private final Map<OutputTable, List<String>> columns = new HashMap<>();
    private final Map<OutputTable, ArrayNode> pending = new HashMap<>();

    /** Creates the schema and tables if missing and empties the tables (a replay is written whole). */
    PostgresReplayOutput(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
        try {
            SchemaMigrations.applyOutputTables(connection, schema);
            try (Statement statement = connection.createStatement()) {
                for (OutputTable table : OutputTable.ALL) {
                    statement.execute("TRUNCATE " + schema + "." + table.name());
                    columns.put(table, columns(table));
                    pending.put(table, Json.MAPPER.createArrayNode());
                }
            }
        } catch (SQLException e) {
            throw new ReplayException("cannot create the tables of schema " + schema, e);
        }
    }

    private List<String> columns(OutputTable table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, schema);
            statement.setString(2, table.name());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    names.add(result.getString(1));
                }
            }
        }
        return names;
    }

    @Override
    public void analysed(AnalysedMistake mistake) {
        add(OutputTable.ANALYSED_MISTAKES, mistake);
    }

    @Override
    public void event(UiReflexEvent event) {
        add(OutputTable.EVENTS, event);
    }

    @Override
    public void finalState(Collection<Baseline> baselines, Collection<MistakePattern> patterns,
                           Collection<Recommendation> recommendations) {
        baselines.forEach(row -> add(OutputTable.BASELINES, row));
        patterns.forEach(row -> add(OutputTable.PATTERNS, row));
        recommendations.forEach(row -> add(OutputTable.RECOMMENDATIONS, row));
        OutputTable.ALL.forEach(this::flush);
    }

    private void add(OutputTable table, Object row) {
        ObjectNode json = Json.MAPPER.valueToTree(row);
        table.renames().forEach((field, column) -> json.set(column, json.remove(field)));
        ArrayNode rows = pending.get(table);
        rows.add(json);
        if (rows.size() >= BATCH) {
            flush(table);
        }
    }

    /** Only the columns the records carry: the others keep their defaults (received_at). */
    private void flush(OutputTable table) {
        ArrayNode rows = pending.get(table);
        if (rows.isEmpty()) {
            return;
        }
        List<String> carried = new ArrayList<>();
        for (String column : columns.get(table)) {
            if (rows.get(0).has(column)) {
                carried.add(column);
            }
        }
        String list = String.join(", ", carried);
        String qualified = schema + "." + table.name();
        String sql = "INSERT INTO " + qualified + " (" + list + ") SELECT " + list
                + " FROM json_populate_recordset(null::" + qualified + ", ?::json)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, Json.MAPPER.writeValueAsString(rows));
            insert.executeUpdate();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ReplayException("cannot write " + qualified, e);
        }
        pending.put(table, Json.MAPPER.createArrayNode());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // every batch was committed when it was written
        }
    }
}
