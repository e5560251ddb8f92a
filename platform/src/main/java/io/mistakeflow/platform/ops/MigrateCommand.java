package io.mistakeflow.platform.ops;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.connectors.roles.DatabaseRole;
import io.mistakeflow.connectors.roles.RoleLogins;
import io.mistakeflow.platform.ExistingFile;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        SettingsSource source = SettingsSource.loadChecked(settings, System.getenv());
        Map<DatabaseRole, String> passwords = new EnumMap<>(DatabaseRole.class);
        for (DatabaseRole role : DatabaseRole.values()) {
            String rolePassword = source.get(role.passwordKey(), null);
            if (rolePassword != null) {
                passwords.put(role, rolePassword);
            }
        }
        SchemaMigrations.apply(jdbcUrl, user, password);
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
}
