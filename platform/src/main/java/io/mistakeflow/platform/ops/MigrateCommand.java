package io.mistakeflow.platform.ops;

import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.platform.UsageException;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./pipeline migrate}: the schema migrations against a database (additive, idempotent). */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply the schema migrations to a database.",
                "Creates what is missing (tables, seeded presets, publication, heartbeat table); drops and rewrites"
                        + " nothing."})
public final class MigrateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "e.g. jdbc:postgresql://localhost:5432/mistakeflow")
    private String jdbcUrl;

    @Option(names = "--user", paramLabel = "U", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}.")
    private String user;

    @Option(names = "--password", paramLabel = "P", defaultValue = "", description = "Default: none.")
    private String password;

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
        spec.commandLine().getOut().println("schema up to date: " + jdbcUrl);
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
