package io.mistakeflow.connectors;

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

    private SchemaMigrations() {
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
