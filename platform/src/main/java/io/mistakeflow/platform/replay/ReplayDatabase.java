package io.mistakeflow.platform.replay;

import io.mistakeflow.platform.PostgresLogin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Connections of a replay: bounded waits, so a database out of reach is a one-line error within seconds. */
final class ReplayDatabase {

    private ReplayDatabase() {
    }

    static Connection connect(String jdbcUrl, String user, String password) {
        try {
            return PostgresLogin.connect(jdbcUrl, user, password, "mistakeflow-replay");
        } catch (SQLException e) {
            throw new ReplayException("cannot reach Postgres at " + jdbcUrl, e);
        }
    }

    static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, schema + "." + table);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }
}
