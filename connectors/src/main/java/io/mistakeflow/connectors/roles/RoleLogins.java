package io.mistakeflow.connectors.roles;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Lets a role log in with a password: what turns a role of the migration, created NOLOGIN, into a
 * user. The password is hashed (SCRAM, or the server's {@code password_encryption}) by the driver
 * before it is sent, so the plain text never reaches the server's statement log.
 */
public final class RoleLogins {

    private RoleLogins() {
    }

    /** Sets each role's password and LOGIN, as {@code user} (a superuser, or the roles' creator). */
    public static void enable(String jdbcUrl, String user, String password, Map<DatabaseRole, String> passwords) {
        if (passwords.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            for (Map.Entry<DatabaseRole, String> role : passwords.entrySet()) {
                enable(connection, role.getKey(), role.getValue());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the roles' passwords on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private static void enable(Connection connection, DatabaseRole role, String password) throws SQLException {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException(role.passwordKey() + " is empty");
        }
        connection.unwrap(PGConnection.class).alterUserPassword(role.roleName(), password.toCharArray(), null);
        try (Statement statement = connection.createStatement()) {
            // the name is one of ours, not input: quoting is only for the form
            statement.execute("ALTER ROLE \"" + role.roleName() + "\" LOGIN");
        }
    }
}
