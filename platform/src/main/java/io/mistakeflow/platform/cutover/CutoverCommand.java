package io.mistakeflow.platform.cutover;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.platform.DurationOption;
import io.mistakeflow.platform.ExistingFile;
import io.mistakeflow.platform.PostgresLogin;
import io.mistakeflow.platform.UsageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline cutover}: moving a database from the trigger-era triggers to the pipeline, a
 * rollout percentage of students at a time, and back. The procedure: README, "Migrating from the
 * triggers".
 */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = {"Move a database from the trigger-era triggers to the pipeline, and back.",
                "  install  gate the triggers by a rollout percentage (feature_flags mistake_pipeline, 0 %%)",
                "  rollout  --percent N: students in buckets below N are the pipeline's",
                "  status   the flag and the gated triggers",
                "  finish   at 100 %%: drop the trigger-era triggers (uninstall brings them back)",
                "  uninstall at 0 %%: the triggers as they were"},
        subcommands = {CutoverCommand.Install.class, CutoverCommand.Rollout.class, CutoverCommand.Status.class,
                CutoverCommand.Finish.class, CutoverCommand.Uninstall.class})
public final class CutoverCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The database every step works on, as the schema's owner. */
    static final class Database {

        @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
                description = "e.g. jdbc:postgresql://localhost:5432/mistakeflow")
        String jdbcUrl;

        @Option(names = "--user", paramLabel = "U", defaultValue = "postgres",
                description = "The owner of the tables and triggers. Default: ${DEFAULT-VALUE}.")
        String user;

        @Option(names = "--password", paramLabel = "P", defaultValue = "", description = "Default: none.")
        String password;

        Connection connect() {
            try {
                return PostgresLogin.connect(jdbcUrl, user, password, "mistakeflow-cutover");
            } catch (SQLException e) {
                throw new CutoverException("cannot connect to " + jdbcUrl + ": " + e.getMessage());
            }
        }
    }

    private abstract static class Step implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Database database;

        @Override
        public final Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Connection connection = database.connect()) {
                run(new Cutover(connection), out);
            }
            out.flush();
            return 0;
        }

        abstract void run(Cutover cutover, PrintWriter out) throws Exception;

        static void printStatus(Cutover cutover, PrintWriter out) throws SQLException {
            if (!cutover.installed()) {
                out.println("cut-over not installed: the triggers analyse every student");
                return;
            }
            Cutover.Flag flag = cutover.flag();
            out.printf("%s: %s, %d %% of students analysed by the pipeline, the others by the triggers%n", Cutover.FLAG,
                    flag.enabled() ? "enabled" : "disabled", flag.enabled() ? flag.percentage() : 0);
            List<Cutover.GatedTrigger> triggers = cutover.gatedTriggers();
            if (triggers.isEmpty()) {
                out.println("no trigger-era trigger found on student_mistakes, student_mistake_patterns,"
                        + " student_baseline_performance");
            }
            for (Cutover.GatedTrigger trigger : triggers) {
                out.printf("  %s on %s: %s%n", trigger.trigger(), trigger.table(),
                        trigger.dropped() ? "dropped (uninstall restores it)" : "gated");
            }
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Gate the trigger-era triggers by the rollout (0 %% at first: the triggers still do everything),"
                    + " stamp each new mistake with its owner, mark the rows the triggers write. Idempotent."})
    static final class Install extends Step {
        @Override
        void run(Cutover cutover, PrintWriter out) throws SQLException {
            cutover.install();
            out.println("cut-over installed");
            printStatus(cutover, out);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The rollout and the gated triggers.")
    static final class Status extends Step {
        @Override
        void run(Cutover cutover, PrintWriter out) throws SQLException {
            printStatus(cutover, out);
        }
    }

    @Command(name = "rollout", mixinStandardHelpOptions = true,
            description = {"Set the share of students the pipeline analyses (their bucket, a stable hash of student_id"
                    + " 0..99, below N). Inserts into student_mistakes wait while it runs.",
                    "Raising it gives the moved students' baseline and pattern rows the pipeline's ids (their"
                            + " recommendations keep theirs: the recommender adopts them).",
                    "Lowering it first waits until the pipeline has written every output of the students handed"
                            + " back (it needs Kafka for that), since the triggers read their state from those tables."})
    static final class Rollout extends Step {

        @Option(names = "--percent", required = true, paramLabel = "N", description = "0 to 100.")
        int percent;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Kafka, to see the pipeline's consumer groups caught up (needed to lower the percentage).")
        String bootstrapServers;

        @Option(names = "--settings", paramLabel = "FILE", converter = ExistingFile.class,
                description = "kafka.* client properties (SASL, TLS), as for ./pipeline analyzer.")
        Path settings;

        @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "120s", converter = DurationOption.class,
                description = "How long to wait for the pipeline to catch up before giving up, changing nothing"
                        + " (default: ${DEFAULT-VALUE}).")
        Duration drainTimeout;

        @Override
        void run(Cutover cutover, PrintWriter out) throws Exception {
            if (percent < 0 || percent > 100) {
                throw new UsageException("--percent is 0 to 100, not " + percent);
            }
            Drain drain = (connection, from, to) -> {
                if (bootstrapServers == null) {
                    throw new UsageException("lowering the rollout needs --bootstrap-servers: the pipeline must have caught up"
                            + " with the students handed back");
                }
                SettingsSource source = SettingsSource.loadChecked(settings, System.getenv());
                return new PipelineDrain(bootstrapServers, source.kafkaProperties(), drainTimeout).await(connection, from, to);
            };
            Cutover.Rollout done = cutover.rollout(percent, drain);
            if (done.from() == done.to()) {
                out.printf("%s already at %d %%%n", Cutover.FLAG, done.to());
            } else if (done.to() > done.from()) {
                out.printf("%s: %d %% -> %d %%; %d baseline and pattern rows of the moved students took the pipeline's ids%n",
                        Cutover.FLAG, done.from(), done.to(), done.rekeyedRows());
            } else {
                out.printf("%s: %d %% -> %d %%; the pipeline caught up in %.1f s (%,d mistakes, %,d records were still on"
                                + " their way)%n", Cutover.FLAG, done.from(), done.to(), done.drain().took().toMillis() / 1000.0,
                        done.drain().mistakesWaitedFor(), done.drain().recordsWaitedFor());
            }
        }
    }

    @Command(name = "finish", mixinStandardHelpOptions = true,
            description = "At 100 %%: drop the trigger-era triggers. Their definitions are kept; uninstall brings them back.")
    static final class Finish extends Step {
        @Override
        void run(Cutover cutover, PrintWriter out) throws SQLException {
            cutover.finish();
            out.println("trigger-era triggers dropped");
            printStatus(cutover, out);
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "At 0 %%: the trigger-era triggers exactly as before install, the cut-over's functions and triggers gone.")
    static final class Uninstall extends Step {
        @Override
        void run(Cutover cutover, PrintWriter out) throws SQLException {
            cutover.uninstall();
            out.println("cut-over uninstalled: the triggers analyse every student");
        }
    }
}
