package io.mistakeflow.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Applies the Flyway migrations in {@code db/migration}: the captured input tables, the tables the
 * JDBC sink writes, the heartbeat table and the publication Debezium reads.
 *
 * <p>Two choices make this safe on a database that the trigger-era apps already use:
 * <ul>
 *   <li>Our history lives in its own table, {@value #HISTORY_TABLE}, so it never mixes with a
 *       {@code flyway_schema_history} the host application may keep for its own migrations.</li>
 *   <li>{@code baselineOnMigrate} with baseline version 0: a non-empty schema without our history
 *       table gets a baseline marker below V1, so V1 and every later script still run. (The default
 *       baseline version 1 would mark V1 as applied and skip it.) The scripts themselves are
 *       idempotent ({@code IF NOT EXISTS}, guarded inserts), so running V1 over the trigger-era
 *       tables adds what is missing and leaves existing tables and rows as they are.</li>
 * </ul>
 */
public final class SchemaMigrations {

    public static final String HISTORY_TABLE = "mistakeflow_schema_history";

    /**
     * The migrations that make the output tables, and only those: a replay's schema gets the live
     * DDL without the input tables, the seeded presets or the publication (V3 alters the live
     * publication, which a replay must never touch).
     */
    static final List<String> OUTPUT_TABLE_SCRIPTS = List.of("V2__output_tables.sql", "V4__event_received_at.sql");

    private SchemaMigrations() {
    }

    /** The output tables, as the migrations make them, in {@code schema} (created if missing), in one transaction. */
    public static void applyOutputTables(Connection connection, String schema) throws SQLException {
        inTransaction(connection, statement -> {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            statement.execute("SET LOCAL search_path TO " + schema);
            for (String script : OUTPUT_TABLE_SCRIPTS) {
                statement.execute(read("db/migration/" + script));
            }
        });
    }

    /** One SQL script from the classpath (e.g. {@code db/cutover/install.sql}), in one transaction. */
    public static void runScript(Connection connection, String resource) throws SQLException {
        String sql = read(resource);
        inTransaction(connection, statement -> statement.execute(sql));
    }

    private interface Work {
        void run(Statement statement) throws SQLException;
    }

    private static void inTransaction(Connection connection, Work work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            work.run(statement);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String read(String resource) {
        try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no script " + resource + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void apply(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
