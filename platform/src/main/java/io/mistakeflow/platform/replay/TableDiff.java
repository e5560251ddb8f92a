package io.mistakeflow.platform.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mistakeflow.common.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One output table of a replay's schema against the same table in the live schema, compared in
 * the database (a full join on the table's diff key, rows compared as {@code to_jsonb} without the
 * columns a replay does not own). jsonb compares numbers by value and objects regardless of key
 * order, so 0.90 equals 0.9 here; the parity tests check the digits.
 */
final class TableDiff {

    /** The counts for one table and, for a status column, how many rows moved from one status to another. */
    record Result(String table, long equal, long differing, long onlyLive, long onlyReplay, List<StatusMove> moves) {
    }

    record StatusMove(String live, String replay, long rows) {
    }

    private final Connection connection;
    private final String liveSchema;
    private final String replaySchema;

    TableDiff(Connection connection, String liveSchema, String replaySchema) {
        this.connection = connection;
        this.liveSchema = liveSchema;
        this.replaySchema = replaySchema;
    }

    Result compare(OutputTable table) throws SQLException {
        String joined = joined(table);
        long[] counts = new long[4];
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT"
                     + " count(*) FILTER (WHERE l_present AND r_present AND l_doc = r_doc),"
                     + " count(*) FILTER (WHERE l_present AND r_present AND l_doc <> r_doc),"
                     + " count(*) FILTER (WHERE r_present IS NULL),"
                     + " count(*) FILTER (WHERE l_present IS NULL) FROM (" + joined + ") j")) {
            result.next();
            for (int i = 0; i < 4; i++) {
                counts[i] = result.getLong(i + 1);
            }
        }
        List<StatusMove> moves = new ArrayList<>();
        if (table.status() != null) {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT l_doc->>'" + table.status() + "', r_doc->>'"
                         + table.status() + "', count(*) FROM (" + joined + ") j WHERE l_present AND r_present"
                         + " AND (l_doc->>'" + table.status() + "') IS DISTINCT FROM (r_doc->>'" + table.status() + "')"
                         + " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")) {
                while (result.next()) {
                    moves.add(new StatusMove(result.getString(1), result.getString(2), result.getLong(3)));
                }
            }
        }
        return new Result(table.name(), counts[0], counts[1], counts[2], counts[3], moves);
    }

    /** Every key of {@code table} that is not equal on both sides, one JSON line each: table, kind, key. */
    long writeDifferingKeys(OutputTable table, BufferedWriter out) throws SQLException, IOException {
        String keys = table.diffKey().stream().map(k -> "coalesce(l_" + k + ", r_" + k + ")::text")
                .collect(Collectors.joining(", "));
        long written = 0;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT CASE WHEN r_present IS NULL THEN 'only_live'"
                     + " WHEN l_present IS NULL THEN 'only_replay' ELSE 'differing' END, " + keys
                     + " FROM (" + joined(table) + ") j WHERE l_present IS NULL OR r_present IS NULL OR l_doc <> r_doc"
                     + " ORDER BY 2")) {
            while (result.next()) {
                ObjectNode line = Json.MAPPER.createObjectNode();
                line.put("table", table.name());
                line.put("kind", result.getString(1));
                ObjectNode key = line.putObject("key");
                for (int i = 0; i < table.diffKey().size(); i++) {
                    key.put(table.diffKey().get(i), result.getString(i + 2));
                }
                out.write(Json.MAPPER.writeValueAsString(line));
                out.newLine();
                written++;
            }
        }
        return written;
    }

    /**
     * Live (l_) and replay (r_) side by side: key columns, a presence flag, the compared document.
     * Joined on the key as a jsonb array: a null topic matches a null topic, and unlike IS NOT
     * DISTINCT FROM, jsonb equality can drive a full join.
     */
    private String joined(OutputTable table) {
        String dropped = table.notCompared().isEmpty() ? ""
                : " - ARRAY[" + table.notCompared().stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")) + "]";
        return "SELECT * FROM " + side(liveSchema, table, "l", dropped) + " FULL JOIN "
                + side(replaySchema, table, "r", dropped) + " ON l.l_key = r.r_key";
    }

    private static String side(String schema, OutputTable table, String prefix, String dropped) {
        String keys = table.diffKey().stream().map(k -> "t." + k + " AS " + prefix + "_" + k).collect(Collectors.joining(", "));
        String key = table.diffKey().stream().map(k -> "t." + k).collect(Collectors.joining(", ", "jsonb_build_array(", ")"));
        return "(SELECT " + keys + ", " + key + " AS " + prefix + "_key, true AS " + prefix + "_present, to_jsonb(t)" + dropped + " AS " + prefix + "_doc FROM "
                + schema + "." + table.name() + " t) " + prefix;
    }
}
