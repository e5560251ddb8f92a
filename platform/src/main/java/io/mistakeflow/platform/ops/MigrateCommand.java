package io.mistakeflow.platform.ops;

import io.mistakeflow.connectors.SchemaMigrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pipeline migrate}: the schema migrations against a database (additive, idempotent). */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply the schema migrations to a database.",
                "Creates what is missing (tables, seeded presets, publication, heartbeat table); drops and rewrites"
                        + " nothing."})
public final class MigrateCommand implements Callable<Integer> {

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "e.g. jdbc:postgresql://localhost:5432/mistakeflow")
    private String jdbcUrl;

    @Option(names = "--user", paramLabel = "U", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}.")
    private String user;

    @Option(names = "--password", paramLabel = "P", defaultValue = "", description = "Default: none.")
    private String password;

    @Override
    public Integer call() {
        SchemaMigrations.apply(jdbcUrl, user, password);
        System.out.println("schema up to date: " + jdbcUrl);
        return 0;
    }
}
