package io.mistakeflow.platform.ops;

import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.platform.Args;
import java.util.Set;

/** {@code ./pipeline migrate}: the schema migrations against a database (additive, idempotent). */
public final class MigrateCommand {

    private static final String HELP = String.join("\n",
            "usage: ./pipeline migrate --jdbc-url URL [--user U] [--password P]",
            "Creates what is missing (tables, seeded presets, publication, heartbeat table); drops and rewrites nothing.");

    private MigrateCommand() {
    }

    public static int run(String[] argv) {
        if (Args.helpAsked(argv, HELP)) {
            return 0;
        }
        Args args = Args.parse(argv, Set.of("--jdbc-url", "--user", "--password"), Set.of());
        String url = args.required("--jdbc-url");
        SchemaMigrations.apply(url, args.get("--user", "postgres"), args.get("--password", ""));
        System.out.println("schema up to date: " + url);
        return 0;
    }
}
