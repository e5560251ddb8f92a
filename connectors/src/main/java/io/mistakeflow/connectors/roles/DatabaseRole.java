package io.mistakeflow.connectors.roles;

import java.util.Arrays;
import java.util.List;

/**
 * The database roles the migration {@code V5__roles.sql} creates, one per kind of client, each with
 * the settings key of its password. The roles come without a password (the repository holds no
 * secret); {@link RoleLogins} gives them one.
 */
public enum DatabaseRole {

    /** The Debezium source: REPLICATION, SELECT on the captured tables, the heartbeat upsert. */
    CDC("mistakeflow_cdc", "postgres.cdc.password"),
    /** The JDBC sinks: INSERT and UPDATE of the pipeline-owned columns of the output tables. */
    SINK("mistakeflow_sink", "postgres.sink.password"),
    /** The frontends' gateway: SELECT on the output tables, UPDATE of the frontend-owned columns. */
    APP("mistakeflow_app", "postgres.app.password");

    /** Every role's password key: what {@code ./pipeline migrate} reads. */
    public static final List<String> PASSWORD_KEYS = Arrays.stream(values()).map(DatabaseRole::passwordKey).toList();

    private final String roleName;
    private final String passwordKey;

    DatabaseRole(String roleName, String passwordKey) {
        this.roleName = roleName;
        this.passwordKey = passwordKey;
    }

    /** The role's name in Postgres, and the user name its clients log in with. */
    public String roleName() {
        return roleName;
    }

    public String passwordKey() {
        return passwordKey;
    }
}
