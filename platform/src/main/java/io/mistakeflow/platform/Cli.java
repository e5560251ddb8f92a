package io.mistakeflow.platform;

import io.mistakeflow.platform.benchmark.BenchmarkCommand;
import io.mistakeflow.platform.demo.DemoCommand;
import io.mistakeflow.platform.ops.MigrateCommand;
import io.mistakeflow.platform.ops.TopicsCommand;
import io.mistakeflow.platform.simulate.SimulateCommand;
import java.util.Arrays;
import java.util.Map;

/** The {@code ./pipeline} command line: one subcommand per way of running the pipeline. */
public final class Cli {

    interface Command {
        int run(String[] args) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = Map.of(
            "demo", DemoCommand::run,
            "simulate", SimulateCommand::run,
            "analyzer", AppCommands::analyzer,
            "recommender", AppCommands::recommender,
            "benchmark", BenchmarkCommand::run,
            "migrate", MigrateCommand::run,
            "topics", TopicsCommand::run);

    private Cli() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            System.err.println(usage());
            System.exit(args.length == 0 || args[0].equals("help") || args[0].equals("--help") ? 0 : 2);
        }
        int status;
        try {
            status = COMMANDS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
        } catch (UsageException e) {
            System.err.println("pipeline " + args[0] + ": " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    static String usage() {
        return String.join("\n",
                "usage: ./pipeline <command> [options]",
                "",
                "  demo          run the whole pipeline embedded (Postgres, Kafka, Connect + Debezium, both apps)",
                "  simulate      run analyzer + recommender on JSON Lines files, no broker",
                "  analyzer      run the analyzer against a cluster (settings file + PIPELINE_* env)",
                "  recommender   run the recommender against a cluster (settings file + PIPELINE_* env)",
                "  benchmark     push synthetic mistakes through the topologies and print mistakes/s",
                "  migrate       apply the schema migrations to a database",
                "  topics        create the pipeline's topics on a cluster",
                "",
                "Run './pipeline <command> --help' for the options of one command.");
    }
}
