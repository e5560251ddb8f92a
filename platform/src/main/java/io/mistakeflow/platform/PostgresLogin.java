package io.mistakeflow.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A command's connection to a user's Postgres: the URL checked first (a usage error), and bounded
 * waits, so a database out of reach is a one-line error within seconds.
 */
public final class PostgresLogin {

    private PostgresLogin() {
    }

    public static Connection connect(String jdbcUrl, String user, String password, String applicationName)
            throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new UsageException("not a Postgres JDBC URL (jdbc:postgresql://HOST:PORT/DB): " + jdbcUrl);
        }
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "10");
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
