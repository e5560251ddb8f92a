package io.mistakeflow.platform.ops;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.connectors.roles.DatabaseRole;
import io.mistakeflow.connectors.roles.RoleLogins;
import io.mistakeflow.platform.ExistingFile;
import io.mistakeflow.platform.UsageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline migrate}: the schema migrations against a database (additive, idempotent),
 * then a password and LOGIN for each role whose password is configured. Role passwords are
 * settings ({@code postgres.cdc.password}, or {@code PIPELINE_POSTGRES_CDC_PASSWORD}, or either's
 * {@code _FILE} form), never options: a command line is visible to every user of the machine.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply the schema migrations to a database.",
                "Creates what is missing (tables, seeded presets, publication, heartbeat table, the roles"
                        + " mistakeflow_cdc, mistakeflow_sink, mistakeflow_app); drops and rewrites nothing.",
                "A role gets a password and LOGIN when its setting is given (postgres.cdc.password,"
                        + " postgres.sink.password, postgres.app.password, in the settings file or as"
                        + " PIPELINE_POSTGRES_*_PASSWORD[_FILE]); otherwise it is left as it was."})
public final class MigrateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "e.g. jdbc:postgresql://localhost:5432/mistakeflow")
    private String jdbcUrl;

    @Option(names = "--user", paramLabel = "U", defaultValue = "postgres",
            description = "The schema's owner; creating the roles needs a superuser (or CREATEROLE and REPLICATION)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String user;

    @Option(names = "--password", paramLabel = "P", defaultValue = "", description = "Default: none.")
    private String password;

    @Parameters(arity = "0..1", paramLabel = "settings.properties", converter = ExistingFile.class,
            description = "Settings file with the role passwords (optional).")
    private Path settings;

    @Option(names = "--connect-retries", paramLabel = "N", defaultValue = "0",
            description = {"Retry a database that cannot be reached yet (refused, or starting up) N times, "
                    + RETRY_SECONDS + " s apart, before failing (default: ${DEFAULT-VALUE}).",
                    "A container started next to its database needs this: the server may not accept connections yet."})
    private int connectRetries;

    private static final int RETRY_SECONDS = 5;

    @Override
    public Integer call() throws InterruptedException {
        if (connectRetries < 0) {
            throw new UsageException("--connect-retries must be at least 0");
        }
        SettingsSource source = SettingsSource.loadChecked(settings, System.getenv());
        Map<DatabaseRole, String> passwords = new EnumMap<>(DatabaseRole.class);
        for (DatabaseRole role : DatabaseRole.values()) {
            String rolePassword = source.get(role.passwordKey(), null);
            if (rolePassword != null) {
                passwords.put(role, rolePassword);
            }
        }
        for (int attempt = 0; ; attempt++) {
            try {
                SchemaMigrations.apply(jdbcUrl, user, password);
                break;
            } catch (RuntimeException e) {
                if (attempt >= connectRetries || !unreachable(e)) {
                    throw e;
                }
                spec.commandLine().getErr().printf("pipeline migrate: database not reachable yet (%s), retry %d of %d in %d s%n",
                        rootMessage(e), attempt + 1, connectRetries, RETRY_SECONDS);
                Thread.sleep(RETRY_SECONDS * 1_000L);
            }
        }
        RoleLogins.enable(jdbcUrl, user, password, passwords);
        PrintWriter out = spec.commandLine().getOut();
        out.println("schema up to date: " + jdbcUrl);
        for (DatabaseRole role : DatabaseRole.values()) {
            out.println(passwords.containsKey(role)
                    ? "role " + role.roleName() + ": password set, may log in"
                    : "role " + role.roleName() + ": no " + role.passwordKey() + " given, left as it was (a new role cannot log in)");
        }
        out.flush();
        return 0;
    }

    /**
     * A connection failure (SQLSTATE class 08) or a server still starting up (57P03): worth a
     * retry. A failing migration is not: it fails the same way again.
     */
    static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                String state = ((SQLException) cause).getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("57P03"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
