package io.mistakeflow.platform;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the command line as a user types it: its exit status and what it printed to stdout and stderr. */
public record CliRun(int status, String out, String err) {

    public static CliRun of(String... argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine(argv);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(argv);
        return new CliRun(status, out.toString(), err.toString());
    }
}
