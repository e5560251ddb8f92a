package io.mistakeflow.platform.replay;

import io.mistakeflow.common.Rows;
import io.mistakeflow.common.config.KnownSettings;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.platform.BatchLogging;
import io.mistakeflow.platform.DurationOption;
import io.mistakeflow.platform.ExistingFile;
import io.mistakeflow.platform.UsageException;
import io.mistakeflow.platform.simulate.OutputFiles;
import io.mistakeflow.platform.simulate.ReferenceRows;
import io.mistakeflow.platform.simulate.Simulation;
import io.mistakeflow.platform.simulate.SimulationOutput;
import io.mistakeflow.recommender.RecommenderSettings;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline replay}: a bounded run of the production topologies over the history in Kafka
 * or Postgres, into a namespace: its own files or its own schema, never a live topic, group or
 * table. Also {@code --diff} (the namespace's tables against live) and {@code --drop}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay the mistake history through analyzer + recommender into a namespace, away from live state.",
                "  ./pipeline replay --namespace N (--from-kafka HOST:PORT | --from-postgres JDBC_URL)"
                        + " (--to-files DIR | --to-postgres JDBC_URL)... [what-if options]",
                "  ./pipeline replay --namespace N --diff [--diff-out F]",
                "  ./pipeline replay --namespace N --drop",
                "The results equal ./pipeline simulate on the same rows. --to-postgres writes schema replay_N."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--namespace", required = true, paramLabel = "NAME",
            description = "The replay's name: lower-case letters, digits, _. Application id mistakeflow-replay-NAME,"
                    + " schema replay_NAME.")
    private String namespace;

    @Option(names = "--from-kafka", paramLabel = "HOST:PORT",
            description = "Read the input topics from the beginning up to their end offsets when the replay starts.")
    private String fromKafka;

    @Option(names = "--from-postgres", paramLabel = "JDBC_URL",
            description = "Read student_mistakes (and the reference tables) ordered by (occurred_at, id), in pages.")
    private String fromPostgres;

    @Option(names = "--since", paramLabel = "TIME", description = "Only mistakes with occurred_at at or after TIME"
            + " (ISO-8601, UTC), e.g. 2025-01-06T00:00:00.")
    private String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only mistakes with occurred_at before TIME.")
    private String until;

    @Option(names = "--presets", paramLabel = "F", converter = ExistingFile.class,
            description = "What-if: analysis_presets rows (JSON Lines) instead of the source's.")
    private Path presets;

    @Option(names = "--student-settings", paramLabel = "F", converter = ExistingFile.class,
            description = "What-if: student_analysis_settings rows instead of the source's.")
    private Path studentSettings;

    @Option(names = "--mistake-types", paramLabel = "F", converter = ExistingFile.class,
            description = "What-if: mistake_types rows instead of the source's.")
    private Path mistakeTypes;

    @Option(names = "--to-files", paramLabel = "DIR", description = "Write simulate's five JSON Lines files into DIR.")
    private Path toFiles;

    @Option(names = "--to-postgres", paramLabel = "JDBC_URL",
            description = "Write the five output tables into schema replay_NAME of this database (same DDL as live).")
    private String toPostgres;

    @Option(names = "--language", paramLabel = "tr|en", description = "Template language (default: tr, or --settings').")
    private String language;

    @Option(names = "--flags", paramLabel = "LIST", split = ",",
            description = "Lifecycle flags to turn on: expiry, dismissals, pattern-changed.")
    private List<String> flags = new ArrayList<>();

    @Option(names = "--settings", paramLabel = "FILE", converter = ExistingFile.class,
            description = "Recommender settings and kafka.* client properties (SASL, TLS), as for ./pipeline recommender.")
    private Path settings;

    @Option(names = "--user", paramLabel = "U", defaultValue = "postgres", description = "Postgres user. Default: ${DEFAULT-VALUE}.")
    private String user;

    @Option(names = "--password", paramLabel = "P", defaultValue = "", description = "Postgres password. Default: none.")
    private String password;

    @Option(names = "--force", description = "Replay into a namespace that already holds a complete replay (it is rewritten).")
    private boolean force;

    @Option(names = "--diff", description = "Compare the namespace's tables with the live ones and print the counts.")
    private boolean diff;

    @Option(names = "--diff-out", paramLabel = "F", description = "With --diff: write every key that is not equal on both sides"
            + " to F (JSON Lines: table, kind, key).")
    private Path diffOut;

    @Option(names = "--live-schema", paramLabel = "SCHEMA", defaultValue = "public",
            description = "With --diff: the schema of the live tables. Default: ${DEFAULT-VALUE}.")
    private String liveSchema;

    @Option(names = "--drop", description = "Remove everything the namespace made (its schema, its five files, its record) and"
            + " nothing else.")
    private boolean drop;

    @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "5s", converter = DurationOption.class,
            description = "When stdout is not a terminal, a progress line this often. Default: ${DEFAULT-VALUE}.")
    private Duration progressEvery;

    @Option(names = "--replay-home", paramLabel = "DIR",
            description = "Where namespaces keep their record. Default: ~/.mistakeflow/replays.")
    private Path replayHome;

    @Override
    public Integer call() throws Exception {
        BatchLogging.quiet();
        ReplayNamespace space = ReplayNamespace.of(replayHome != null ? replayHome
                : Path.of(System.getProperty("user.home"), ".mistakeflow", "replays"), namespace);
        PrintWriter out = spec.commandLine().getOut();
        if (diff && drop) {
            throw new UsageException("--diff and --drop cannot be given together");
        }
        if (diff) {
            return diff(space, out);
        }
        if (drop) {
            return drop(space, out);
        }
        return replay(space, out);
    }

    private int replay(ReplayNamespace space, PrintWriter out) throws IOException {
        if ((fromKafka == null) == (fromPostgres == null)) {
            throw new UsageException("give one source: --from-kafka HOST:PORT or --from-postgres JDBC_URL");
        }
        if (toFiles == null && toPostgres == null) {
            throw new UsageException("give an output: --to-files DIR and/or --to-postgres JDBC_URL");
        }
        ReplayWindow window = new ReplayWindow(ReplayWindow.parseTime("--since", since), ReplayWindow.parseTime("--until", until));
        boolean resuming = false;
        if (space.exists()) {
            Properties previous = space.record();
            resuming = ReplayNamespace.RUNNING.equals(previous.getProperty("status"));
            if (!resuming && !force) {
                throw new UsageException("namespace '" + space.name() + "' already holds a replay (from "
                        + previous.getProperty("source") + "); --force to replay into it again, or --drop it first");
            }
        }
        ReferenceRows whatIf = new ReferenceRows(ReferenceFiles.read(mistakeTypes, Rows::mistakeType),
                ReferenceFiles.read(presets, Rows::preset), ReferenceFiles.read(studentSettings, Rows::studentSettings));
        SettingsSource source = settingsSource();
        RecommenderSettings recommender = RecommenderSettings.from(source);

        try (ReplaySource input = fromKafka != null
                ? new KafkaReplaySource(fromKafka, source.kafkaProperties(), space.applicationId(), window)
                : new PostgresReplaySource(fromPostgres, user, password, window)) {
            List<SimulationOutput> outputs = new ArrayList<>();
            Connection target = toPostgres == null ? null : ReplayDatabase.connect(toPostgres, user, password);
            try {
                // every source and target answered: only now does the namespace exist
                Properties record = new Properties();
                record.setProperty("source", input.describe());
                record.setProperty("status", ReplayNamespace.RUNNING);
                record.setProperty("started_at", EventTime.format(Instant.now()));
                if (toPostgres != null) {
                    record.setProperty("to_postgres", toPostgres);
                    record.setProperty("user", user);
                    record.setProperty("schema", space.schema());
                }
                if (toFiles != null) {
                    record.setProperty("to_files", toFiles.toAbsolutePath().toString());
                }
                space.write(record);
                if (resuming) {
                    out.println("replay " + space.name() + ": the last run was interrupted; replaying again from the first mistake");
                }
                if (toFiles != null) {
                    outputs.add(new OutputFiles(toFiles));
                }
                if (target != null) {
                    outputs.add(new PostgresReplayOutput(target, space.schema()));
                    target = null; // the output closes it
                }
                long total = input.total();
                ReplayProgress progress = new ReplayProgress(out, "replay " + space.name(), total,
                        System.console() != null, progressEvery);
                Thread interrupted = new Thread(() -> {
                    out.println();
                    out.printf(Locale.ROOT, "replay %s: interrupted after %,d of %,d mistakes; run the same command again"
                            + " to resume%n", space.name(), progress.done(), total);
                    out.flush();
                });
                Runtime.getRuntime().addShutdownHook(interrupted);
                Simulation.Summary summary;
                try (SimulationOutput all = SimulationOutput.all(outputs)) {
                    summary = ReplayRun.run(input, whatIf, RecommenderTopology.build(
                                    recommender.options(StoreSuppliers.IN_MEMORY, PipelineMetrics.inMemory())),
                            all, progress, new PrintStream(System.err, true, StandardCharsets.UTF_8));
                } finally {
                    Runtime.getRuntime().removeShutdownHook(interrupted);
                }
                record.setProperty("status", ReplayNamespace.COMPLETE);
                record.setProperty("finished_at", EventTime.format(Instant.now()));
                record.setProperty("mistakes", Long.toString(summary.mistakes()));
                space.write(record);
                printSummary(out, space, input.describe(), summary, progress.seconds());
                return 0;
            } finally {
                if (target != null) {
                    closeQuietly(target);
                }
            }
        }
    }

    private void printSummary(PrintWriter out, ReplayNamespace space, String from, Simulation.Summary summary, double seconds) {
        out.printf(Locale.ROOT, "replay %s: %,d mistakes from %s in %.1f s (%,d mistakes/s), %,d bad rows skipped%n",
                space.name(), summary.mistakes(), from, seconds, Math.round(summary.mistakes() / Math.max(seconds, 1e-3)),
                summary.badLines());
        out.printf(Locale.ROOT, "  %,d baselines, %,d patterns, %,d recommendations%n", summary.baselines(),
                summary.patterns(), summary.recommendations());
        if (toFiles != null) {
            out.println("  files:    " + toFiles);
        }
        if (toPostgres != null) {
            out.println("  postgres: schema " + space.schema() + " at " + toPostgres
                    + "  (./pipeline replay --namespace " + space.name() + " --diff)");
        }
        out.flush();
    }

    private int diff(ReplayNamespace space, PrintWriter out) throws SQLException, IOException {
        Properties record = space.record();
        String url = record.getProperty("to_postgres");
        if (url == null) {
            throw new UsageException("namespace '" + space.name() + "' wrote no tables (it had no --to-postgres): nothing to diff");
        }
        if (!liveSchema.matches("[a-z_][a-z0-9_]*")) {
            throw new UsageException("--live-schema must be a plain lower-case identifier: " + liveSchema);
        }
        try (Connection connection = ReplayDatabase.connect(url, record.getProperty("user", user), password)) {
            connection.setReadOnly(true);
            TableDiff tables = new TableDiff(connection, liveSchema, space.schema());
            List<TableDiff.Result> results = new ArrayList<>();
            for (OutputTable table : OutputTable.ALL) {
                results.add(tables.compare(table));
            }
            DiffReport.print(out, space.schema(), liveSchema, results);
            if (diffOut != null) {
                long keys = 0;
                try (BufferedWriter writer = Files.newBufferedWriter(diffOut, StandardCharsets.UTF_8)) {
                    for (OutputTable table : OutputTable.ALL) {
                        keys += tables.writeDifferingKeys(table, writer);
                    }
                }
                out.printf(Locale.ROOT, "%,d keys that differ -> %s%n", keys, diffOut);
            }
        }
        out.flush();
        return 0;
    }

    private int drop(ReplayNamespace space, PrintWriter out) throws SQLException, IOException {
        Properties record = space.record();
        List<String> removed = new ArrayList<>();
        String url = record.getProperty("to_postgres");
        if (url != null) {
            try (Connection connection = ReplayDatabase.connect(url, record.getProperty("user", user), password);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + space.schema() + " CASCADE");
            }
            removed.add("schema " + space.schema());
        }
        String files = record.getProperty("to_files");
        if (files != null) {
            Path dir = Path.of(files);
            int deleted = 0;
            for (String name : OutputFiles.NAMES) {
                deleted += Files.deleteIfExists(dir.resolve(name)) ? 1 : 0;
            }
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // nothing left to tidy
            }
            removed.add(deleted + " files in " + dir);
        }
        space.delete();
        removed.add("record in " + space.dir());
        out.println("dropped namespace " + space.name() + ": " + String.join(", ", removed));
        out.flush();
        return 0;
    }

    /** The --settings file (checked like an app's), with --language and --flags over it. */
    private SettingsSource settingsSource() {
        Properties properties = new Properties();
        if (settings != null) {
            try (Reader reader = Files.newBufferedReader(settings, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read settings file " + settings, e);
            }
        }
        Map<String, String> overrides = new HashMap<>();
        if (language != null) {
            if (!language.equals("tr") && !language.equals("en")) {
                throw new UsageException("--language must be tr or en: " + language);
            }
            overrides.put(RecommenderSettings.LANGUAGE, language);
        }
        for (String flag : flags) {
            overrides.put(switch (flag) {
                case "expiry" -> RecommenderSettings.EXPIRY_ENABLED;
                case "dismissals" -> RecommenderSettings.DISMISSALS_ENABLED;
                case "pattern-changed" -> RecommenderSettings.PATTERN_CHANGED_ENABLED;
                default -> throw new UsageException("--flags takes expiry, dismissals, pattern-changed: " + flag);
            }, "true");
        }
        properties.putAll(overrides);
        // the command line wins over the environment for what it names
        Map<String, String> env = new HashMap<>(System.getenv());
        overrides.keySet().forEach(key -> env.remove(SettingsSource.envName(key)));
        SettingsSource source = new SettingsSource(properties, env);
        source.requireKnown(KnownSettings.ALL);
        return source;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing was written on it
        }
    }
}
