package io.mistakeflow.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.platform.Cli;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./pipeline migrate} with role passwords from a settings file, on a real Postgres. */
class MigrateCommandTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgres.start(null);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theRolesWhosePasswordsAreGivenMayLogInWithAHashedPassword(@TempDir Path dir) throws Exception {
        // given: one password in the file, one in a file named by the file (as a mounted secret), none for the CDC role
        Path secret = Files.writeString(dir.resolve("sink-password"), "sink-secret-from-a-file\n");
        Path settings = Files.writeString(dir.resolve("migrate.properties"),
                "postgres.app.password=app-secret\npostgres.sink.password.file=" + secret + "\n");

        // when
        StringWriter out = new StringWriter();
        CommandLine cli = Cli.commandLine(new String[] {"migrate"});
        cli.setOut(new PrintWriter(out, true));
        int status = cli.execute("migrate", "--jdbc-url", postgres.jdbcUrl(), "--user", EmbeddedPostgres.USER,
                "--password", EmbeddedPostgres.PASSWORD, settings.toString());

        // then
        assertThat(status).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "schema up to date: " + postgres.jdbcUrl(),
                "role mistakeflow_cdc: no postgres.cdc.password given, left as it was (a new role cannot log in)",
                "role mistakeflow_sink: password set, may log in",
                "role mistakeflow_app: password set, may log in");
        assertThat(query("SELECT rolname || ' ' || rolcanlogin || ' ' || coalesce(left(rolpassword, 13), 'none')"
                + " FROM pg_authid WHERE rolname LIKE 'mistakeflow\\_%' ORDER BY rolname"))
                .containsExactly("mistakeflow_app true SCRAM-SHA-256", "mistakeflow_cdc false none",
                        "mistakeflow_sink true SCRAM-SHA-256");
    }

    private static List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
