package io.mistakeflow.platform.gateway;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.gateway.GatewayServer;
import io.mistakeflow.gateway.GatewaySettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline gateway [settings.properties]}: the gateway alone against an external cluster
 * and database (settings as in {@link GatewaySettings}; {@code PIPELINE_*} environment variables
 * win). Runs until it is stopped (SIGTERM, Ctrl-C), then closes its streams and connections.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run the frontends' gateway (SSE per student, acknowledgements, the page) against a cluster and database.")
public final class GatewayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "settings.properties", description = "gateway settings; PIPELINE_* env wins")
    private Path settingsFile;

    /** Runs the command on its own (the benchmark starts the gateway as a process of its own this way). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        GatewaySettings settings;
        try {
            settings = GatewaySettings.from(SettingsSource.loadChecked(settingsFile, System.getenv()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            spec.commandLine().getErr().println("pipeline gateway: " + e.getMessage());
            return 2;
        }
        GatewayServer gateway;
        try {
            gateway = GatewayServer.start(settings);
        } catch (RuntimeException e) {
            // Kafka or Postgres out of reach, the port taken: a line, not a trace
            spec.commandLine().getErr().println("pipeline gateway: cannot start: " + e.getMessage()
                    + (e.getCause() == null || e.getCause().getMessage() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        spec.commandLine().getOut().println("READY gateway=" + gateway.url());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
