package io.mistakeflow.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mistakeflow.connectors.ConnectorDefinition;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.connectors.roles.DatabaseRole;
import io.mistakeflow.connectors.roles.RoleLogins;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The roles of {@code V5__roles.sql} on a real Postgres: each can do what its client does, and is
 * refused (SQLSTATE 42501, insufficient privilege) what it must not do.
 */
class DatabaseRolesTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final List<String> CAPTURED = List.of("student_mistakes", "mistake_types", "analysis_presets",
            "student_analysis_settings", "student_recommendations");
    private static final List<String> OUTPUTS = List.of("student_baseline_performance", "student_mistake_patterns",
            "student_mistake_analysis", "student_recommendations", "ui_reflex_events");
    private static final String EVENT = "'e0000000-0000-4000-8000-000000000001'";
    private static final String RECOMMENDATION = "'d0000000-0000-4000-8000-000000000001'";
    private static final String STUDENT = "'5b000000-0000-4000-8000-000000000001'";

    private static EmbeddedPostgres postgres;
    private static List<String> loginBeforePasswords;

    @BeforeAll
    static void migrate() throws SQLException {
        postgres = EmbeddedPostgres.start(null);
        SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        loginBeforePasswords = ownerQuery("SELECT rolname FROM pg_roles WHERE rolname LIKE 'mistakeflow\\_%' AND rolcanlogin");
        Map<DatabaseRole, String> passwords = new EnumMap<>(DatabaseRole.class);
        for (DatabaseRole role : DatabaseRole.values()) {
            passwords.put(role, "test-" + role.name());
        }
        RoleLogins.enable(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD, passwords);
        // applied again: the grants are idempotent and the logins stay
        SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        ownerExecute("INSERT INTO ui_reflex_events (id, student_id, event_type) VALUES (" + EVENT + ", " + STUDENT
                + ", 'RECOMMENDATION_CREATED')");
        ownerExecute("INSERT INTO student_recommendations (id, student_id, recommendation_type) VALUES (" + RECOMMENDATION
                + ", " + STUDENT + ", 'PANIC_RUSH')");
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theRolesCannotLogInUntilTheyHaveAPassword() throws SQLException {
        assertThat(loginBeforePasswords).isEmpty();
        assertThat(ownerQuery("SELECT rolname FROM pg_roles WHERE rolname LIKE 'mistakeflow\\_%' AND rolcanlogin ORDER BY 1"))
                .containsExactly("mistakeflow_app", "mistakeflow_cdc", "mistakeflow_sink");
        assertThat(ownerQuery("SELECT rolname FROM pg_roles WHERE rolname LIKE 'mistakeflow\\_%' AND rolsuper"))
                .isEmpty();
    }

    @Test
    void theConnectorFilesLogInAsTheirRoles() {
        assertThat(ConnectorDefinition.load(ConnectorDefinition.SOURCE).config())
                .containsEntry("database.user", DatabaseRole.CDC.roleName());
        assertThat(ConnectorDefinition.SINKS).allSatisfy(file -> assertThat(ConnectorDefinition.load(file).config())
                .containsEntry("connection.username", DatabaseRole.SINK.roleName()));
    }

    // --- the sink

    static List<String> sinks() {
        return ConnectorDefinition.SINKS;
    }

    /** The statement the JDBC sink runs for a record, twice: an insert, then the upsert of the same key. */
    @ParameterizedTest
    @MethodSource("sinks")
    void theSinkUpsertsEveryColumnItsConnectorFileWrites(String file) {
        String upsert = SinkColumns.upsert(ConnectorDefinition.load(file));

        assertThatCode(() -> {
            execute(DatabaseRole.SINK, upsert);
            execute(DatabaseRole.SINK, upsert);
        }).doesNotThrowAnyException();
    }

    /** A column added to a sink file, or to the grants, without the other fails here. */
    @ParameterizedTest
    @MethodSource("sinks")
    void theSinkMayWriteExactlyTheColumnsItsConnectorFileWrites(String file) throws SQLException {
        ConnectorDefinition sink = ConnectorDefinition.load(file);
        String table = sink.config().get("collection.name.format");
        String key = sink.config().get("primary.key.fields");
        List<String> written = List.copyOf(SinkColumns.of(sink).keySet());

        for (String privilege : List.of("INSERT", "SELECT", "UPDATE")) {
            List<String> granted = ownerQuery("SELECT column_name FROM information_schema.column_privileges"
                    + " WHERE grantee = 'mistakeflow_sink' AND table_name = '" + table + "' AND privilege_type = '" + privilege + "'");
            List<String> expected = privilege.equals("UPDATE")
                    ? written.stream().filter(column -> !column.equals(key)).toList() : written;
            assertThat(granted).as("%s on %s", privilege, table).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE ui_reflex_events SET delivered = true",
            "UPDATE ui_reflex_events SET delivered_at = now()",
            "UPDATE ui_reflex_events SET received_at = now()",
            "UPDATE student_recommendations SET is_shown = true",
            "UPDATE student_recommendations SET shown_at = now()",
            "UPDATE student_recommendations SET is_dismissed = true",
            "UPDATE student_recommendations SET dismissed_at = now()",
            "INSERT INTO ui_reflex_events (id, student_id, delivered) VALUES (gen_random_uuid(), gen_random_uuid(), true)",
            "INSERT INTO student_recommendations (id, student_id, is_dismissed) VALUES (gen_random_uuid(), gen_random_uuid(), true)",
            "DELETE FROM ui_reflex_events",
            "DELETE FROM student_baseline_performance",
            "TRUNCATE student_mistake_patterns",
            "SELECT delivered FROM ui_reflex_events",
            "SELECT is_dismissed FROM student_recommendations",
            "SELECT * FROM student_mistakes",
            "INSERT INTO student_mistakes (student_id, mistake_code) VALUES (gen_random_uuid(), 'X')",
            "UPDATE student_mistakes SET mistake_code = 'X'",
            "DELETE FROM student_mistakes",
            "UPDATE mistake_types SET severity = 1",
            "INSERT INTO mistakeflow_heartbeat (id, beat_at) VALUES (2, now())",
            "CREATE TABLE public.sink_owned (id int)"})
    void theSinkCannot(String statement) {
        assertRefused(DatabaseRole.SINK, statement);
    }

    // --- the CDC role

    @Test
    void theCdcRoleReadsTheCapturedTablesAndBeatsTheHeartbeat() {
        String heartbeat = ConnectorDefinition.load(ConnectorDefinition.SOURCE).config().get("heartbeat.action.query");

        assertThatCode(() -> {
            for (String table : CAPTURED) {
                execute(DatabaseRole.CDC, "SELECT * FROM " + table);
            }
            execute(DatabaseRole.CDC, heartbeat);
            execute(DatabaseRole.CDC, heartbeat);
        }).doesNotThrowAnyException();
    }

    @Test
    void theCdcRoleCanOpenAReplicationSlot() throws SQLException {
        execute(DatabaseRole.CDC, "SELECT pg_create_logical_replication_slot('roles_test_slot', 'pgoutput')");
        execute(DatabaseRole.CDC, "SELECT pg_drop_replication_slot('roles_test_slot')");

        assertThat(ownerQuery("SELECT rolname FROM pg_roles WHERE rolreplication AND rolname LIKE 'mistakeflow\\_%'"))
                .containsExactly("mistakeflow_cdc");
    }

    static List<String> cdcRefusals() {
        List<String> statements = new ArrayList<>();
        for (String table : CAPTURED) {
            statements.add("INSERT INTO " + table + " DEFAULT VALUES");
            String column = table.equals("mistake_types") ? "severity" : "id";
            statements.add("UPDATE " + table + " SET " + column + " = " + column);
            statements.add("DELETE FROM " + table);
            statements.add("TRUNCATE " + table);
        }
        for (String table : OUTPUTS) {
            if (!CAPTURED.contains(table)) {
                statements.add("SELECT * FROM " + table);
                statements.add("DELETE FROM " + table);
            }
        }
        statements.add("UPDATE ui_reflex_events SET delivered = true");
        statements.add("DELETE FROM mistakeflow_heartbeat");
        statements.add("CREATE TABLE public.cdc_owned (id int)");
        statements.add("CREATE PUBLICATION cdc_owned FOR ALL TABLES");
        return statements;
    }

    @ParameterizedTest
    @MethodSource("cdcRefusals")
    void theCdcRoleCannot(String statement) {
        assertRefused(DatabaseRole.CDC, statement);
    }

    // --- the gateway's role

    @Test
    void theAppRoleReadsTheOutputsAndMarksTheFrontendOwnedColumns() {
        assertThatCode(() -> {
            for (String table : OUTPUTS) {
                execute(DatabaseRole.APP, "SELECT * FROM " + table);
            }
            // what the gateway's FeedbackStore runs: lock the row, then set the mark
            executeInTransaction(DatabaseRole.APP,
                    "SELECT student_id, delivered, delivered_at FROM ui_reflex_events WHERE id = " + EVENT + " FOR UPDATE",
                    "UPDATE ui_reflex_events SET delivered = true, delivered_at = now() WHERE id = " + EVENT);
            executeInTransaction(DatabaseRole.APP,
                    "SELECT student_id, is_shown, shown_at FROM student_recommendations WHERE id = " + RECOMMENDATION + " FOR UPDATE",
                    "UPDATE student_recommendations SET is_shown = true, shown_at = now() WHERE id = " + RECOMMENDATION,
                    "UPDATE student_recommendations SET is_dismissed = true, dismissed_at = now() WHERE id = " + RECOMMENDATION);
        }).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE ui_reflex_events SET title = 'x'",
            "UPDATE ui_reflex_events SET received_at = now()",
            "UPDATE student_recommendations SET is_active = false",
            "UPDATE student_recommendations SET priority = 1",
            "UPDATE student_baseline_performance SET learning_phase = 'x'",
            "INSERT INTO ui_reflex_events (id, student_id) VALUES (gen_random_uuid(), gen_random_uuid())",
            "INSERT INTO student_recommendations (id, student_id) VALUES (gen_random_uuid(), gen_random_uuid())",
            "DELETE FROM ui_reflex_events",
            "DELETE FROM student_recommendations",
            "TRUNCATE ui_reflex_events",
            "SELECT * FROM student_mistakes",
            "INSERT INTO student_mistakes (student_id, mistake_code) VALUES (gen_random_uuid(), 'X')",
            "SELECT * FROM analysis_presets",
            "CREATE TABLE public.app_owned (id int)"})
    void theAppRoleCannot(String statement) {
        assertRefused(DatabaseRole.APP, statement);
    }

    // --- helpers

    private static void assertRefused(DatabaseRole role, String statement) {
        assertThatThrownBy(() -> execute(role, statement))
                .as("%s: %s", role.roleName(), statement)
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    private static Connection connect(DatabaseRole role) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), role.roleName(), "test-" + role.name());
    }

    private static void execute(DatabaseRole role, String sql) throws SQLException {
        try (Connection connection = connect(role); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void executeInTransaction(DatabaseRole role, String... sql) throws SQLException {
        try (Connection connection = connect(role); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String each : sql) {
                statement.execute(each);
            }
            connection.commit();
        }
    }

    private static void ownerExecute(String sql) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> ownerQuery(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /**
     * What one sink connector file writes: its typed columns, renamed, without the excluded ones;
     * and the Debezium JDBC sink's Postgres upsert for one record of it,
     * {@code INSERT INTO t (key, cols) VALUES (...) ON CONFLICT (key) DO UPDATE SET col = EXCLUDED.col}.
     */
    private static final class SinkColumns {

        private static final Map<String, String> SAMPLE = Map.of("uuid", "'a0000000-0000-4000-8000-00000000000%d'",
                "text", "'x'", "int", "1", "bool", "true", "numeric", "1.5", "timestamp", "now()::timestamp",
                "jsonb", "'{}'::jsonb");

        /** Column name to the converter's type, in the file's order. */
        static Map<String, String> of(ConnectorDefinition sink) {
            Map<String, String> config = sink.config();
            Set<String> excluded = Set.copyOf(Arrays.asList(config.getOrDefault("transforms.pipelineOwned.exclude", "").split(",")));
            Map<String, String> renames = new LinkedHashMap<>();
            for (String rename : config.getOrDefault("transforms.toColumns.renames", "").split(",")) {
                if (!rename.isBlank()) {
                    renames.put(rename.split(":")[0], rename.split(":")[1]);
                }
            }
            Map<String, String> columns = new LinkedHashMap<>();
            for (String column : config.get("value.converter.columns").split(",")) {
                String name = column.split(":")[0];
                if (!excluded.contains(name)) {
                    columns.put(renames.getOrDefault(name, name), column.split(":")[1]);
                }
            }
            return columns;
        }

        static String upsert(ConnectorDefinition sink) {
            Map<String, String> values = new LinkedHashMap<>();
            int uuids = 0;
            for (Map.Entry<String, String> column : of(sink).entrySet()) {
                values.put(column.getKey(), String.format(SAMPLE.get(column.getValue()), ++uuids % 10));
            }
            String key = sink.config().get("primary.key.fields");
            List<String> updates = values.keySet().stream().filter(column -> !column.equals(key))
                    .map(column -> column + " = EXCLUDED." + column).toList();
            return "INSERT INTO " + sink.config().get("collection.name.format") + " (" + String.join(", ", values.keySet())
                    + ") VALUES (" + String.join(", ", values.values()) + ") ON CONFLICT (" + key + ") DO UPDATE SET "
                    + String.join(", ", updates);
        }
    }
}
