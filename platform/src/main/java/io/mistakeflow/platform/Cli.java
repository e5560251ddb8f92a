package io.mistakeflow.platform;

import io.mistakeflow.platform.apps.AnalyzerCommand;
import io.mistakeflow.platform.apps.RecommenderCommand;
import io.mistakeflow.platform.benchmark.BenchmarkCommand;
import io.mistakeflow.platform.cutover.CutoverCommand;
import io.mistakeflow.platform.demo.DemoCommand;
import io.mistakeflow.platform.gateway.GatewayBenchmarkCommand;
import io.mistakeflow.platform.gateway.GatewayCommand;
import io.mistakeflow.platform.gateway.TokenCommand;
import io.mistakeflow.platform.ops.MigrateCommand;
import io.mistakeflow.platform.ops.TopicsCommand;
import io.mistakeflow.platform.replay.ReplayCommand;
import io.mistakeflow.platform.simulate.SimulateCommand;
import io.mistakeflow.platform.tail.TailCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ./pipeline} command line: one subcommand per way of running the pipeline.
 *
 * <p>Exit codes: 0 done, 1 the command failed, 2 the command line is wrong. Errors are one line on
 * stderr, {@code pipeline <command>: <what went wrong>}; {@code --debug} adds the stack trace. Help
 * ({@code -h}, {@code --help}) goes to stdout.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "The mistake-analysis pipeline: Debezium -> Kafka Streams (analyzer, recommender) -> Postgres.",
        subcommands = {DemoCommand.class, SimulateCommand.class, AnalyzerCommand.class, RecommenderCommand.class,
                GatewayCommand.class, TokenCommand.class, BenchmarkCommand.class, GatewayBenchmarkCommand.class,
                MigrateCommand.class, TopicsCommand.class, TailCommand.class, ReplayCommand.class, CutoverCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run './pipeline <command> --help' for the options of one command."})
public final class Cli implements Callable<Integer> {

    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print its stack trace too.")
    private boolean debug;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The whole command line with its error handling; {@code args} only tells whether --debug was given. */
    public static CommandLine commandLine(String[] args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new Cli());
        cli.setParameterExceptionHandler((failure, ignored) -> usageError(failure, debug));
        cli.setExecutionExceptionHandler((failure, command, parsed) -> {
            PrintWriter err = command.getErr();
            if (debug) {
                failure.printStackTrace(err);
            }
            err.println(command.getCommandSpec().qualifiedName() + ": " + describe(failure));
            err.flush();
            return failure instanceof UsageException ? USAGE : FAILURE;
        });
        return cli;
    }

    /** No command: the list of commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    private static int usageError(ParameterException failure, boolean debug) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        if (debug) {
            failure.printStackTrace(err);
        }
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + usageMessage(failure));
        err.println("Run '" + (name.startsWith("pipeline") ? "./" + name : name) + " --help' for the options.");
        err.flush();
        return USAGE;
    }

    private static String usageMessage(ParameterException failure) {
        if (!(failure instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return failure.getMessage();
        }
        String argument = unmatched.getUnmatched().get(0);
        List<String> suggestions = unmatched.getSuggestions();
        String hint = suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)";
        boolean hasCommands = !failure.getCommandLine().getSubcommands().isEmpty();
        if (unmatched.isUnknownOption()) {
            return "unknown option '" + argument + "'" + hint;
        }
        return (hasCommands ? "unknown command '" : "unexpected argument '") + argument + "'" + hint;
    }

    /** The message of a failure and of its innermost cause, on one line. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String cause = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String text = root == failure || top.contains(cause) ? top : top + ": " + cause;
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    /** The version of the build, from the jar's manifest (none when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"mistakeflow " + (version == null ? "(development build)" : version)};
        }
    }
}
