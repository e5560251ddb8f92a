package io.mistakeflow.platform.embedded;

import io.mistakeflow.analyzer.AnalyzerApp;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.config.KnownSettings;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.config.StreamsSettings;
import io.mistakeflow.gateway.GatewayServer;
import io.mistakeflow.gateway.GatewaySettings;
import io.mistakeflow.gateway.auth.DevelopmentSecret;
import io.mistakeflow.gateway.auth.DevelopmentTokens;
import io.mistakeflow.common.metrics.Health;
import io.mistakeflow.common.metrics.Observability;
import io.mistakeflow.common.metrics.OpsServer;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mistakeflow.common.streams.StreamsRunner;
import io.mistakeflow.connectors.roles.DatabaseRole;
import io.mistakeflow.recommender.RecommenderApp;
import io.mistakeflow.recommender.RecommenderSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on real components in this JVM: the {@link EmbeddedStack} (Postgres, Kafka,
 * Connect with the Debezium source and the JDBC sinks) and the two Streams apps, analyzer and
 * recommender, started against it with exactly-once processing.
 *
 * <p>Start order, each step waiting for the previous one to be healthy: the stack (connectors
 * RUNNING, source streaming from its slot); the seeded presets on their topic; the caller's
 * {@link Preparation} (e.g. reference rows that must be in the apps' global stores before the
 * first mistake); both apps RUNNING. {@link #startup()} is the time that took. Close order is the
 * reverse: the apps (a clean Streams shutdown commits and closes the stores), then the stack, then
 * the throw-away data directory if there is one.
 *
 * <p>State layout under the data directory: {@code postgres/}, {@code kafka/}, {@code connect/}
 * (the stack's) and {@code streams/analyzer}, {@code streams/recommender} (one state directory per
 * app, so either can also run as a process of its own, see {@link #appSettings}). Without a data
 * directory everything lives in a temporary directory deleted on close.
 */
public final class PipelineRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuntime.class);
    private static final Duration APPS_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REFERENCE_TIMEOUT = Duration.ofSeconds(30);
    /** JVMs starting side by side on a small machine take longer than two apps in this one. */
    private static final Duration INSTANCES_TIMEOUT = Duration.ofSeconds(180);

    /** Keys the runtime sets itself; the environment cannot move the apps off the embedded broker. */
    private static final List<String> OWN_KEYS = List.of(StreamsSettings.BOOTSTRAP_SERVERS, StreamsSettings.STATE_DIR);

    /**
     * @param dataDir where all state is kept across runs, or null for a temporary directory
     * @param partitions partitions of the pipeline's topics (only when they are created)
     * @param dropSlotOnStop see {@link EmbeddedStack.Options#dropSlotOnStop()}
     * @param env {@code PIPELINE_*} overrides of the apps' settings (e.g. {@code System.getenv()}),
     *     except the bootstrap servers and state directory, which are the runtime's
     * @param opsPort the port of /metrics and /health for the whole runtime (0: any free port)
     * @param gatewayPort the frontends' gateway's port (0: any free port; -1: no gateway)
     * @param instances instances of each app: 1 runs both apps in this JVM; more run each
     *     instance as a JVM of its own ({@link AppInstances})
     */
    public record Options(Path dataDir, int partitions, boolean dropSlotOnStop, Map<String, String> env, int opsPort,
                          int gatewayPort, int instances) {

        /** Throw-away state, 3 partitions, the apps' default settings, ops endpoints on a free port, no gateway, both apps in this JVM. */
        public static Options defaults() {
            return new Options(null, 3, true, Map.of(), 0, -1, 1);
        }

        public Options withGateway(int port) {
            return new Options(dataDir, partitions, dropSlotOnStop, env, opsPort, port, instances);
        }
    }

    /** Runs on the started stack before the apps start. */
    @FunctionalInterface
    public interface Preparation {
        void prepare(EmbeddedStack stack) throws Exception;
    }

    /** How long each start-up step took. */
    public record Startup(Duration total, Duration stack, Duration preparation, Duration apps) {
    }

    private final EmbeddedStack stack;
    private final List<StreamsRunner> apps;
    private final AppInstances instances;
    private final TemporaryDirectory temporaryDir;
    private final Startup startup;
    private final PrometheusMeterRegistry registry;
    private final OpsServer ops;
    private final GatewayServer gateway;
    private final String gatewaySecret;

    private PipelineRuntime(EmbeddedStack stack, List<StreamsRunner> apps, AppInstances instances,
                            TemporaryDirectory temporaryDir, Startup startup, PrometheusMeterRegistry registry, OpsServer ops,
                            GatewayServer gateway, String gatewaySecret) {
        this.instances = instances;
        this.gateway = gateway;
        this.gatewaySecret = gatewaySecret;
        this.stack = stack;
        this.apps = apps;
        this.temporaryDir = temporaryDir;
        this.startup = startup;
        this.registry = registry;
        this.ops = ops;
    }

    public static PipelineRuntime start(Options options, Preparation preparation) {
        long began = System.nanoTime();
        // a misspelt PIPELINE_* variable stops the start rather than being ignored
        new SettingsSource(new Properties(), options.env()).requireKnown(KnownSettings.ALL);
        TemporaryDirectory temporaryDir = null;
        if (options.dataDir() == null) {
            AbandonedRuns.sweep();
            temporaryDir = AbandonedRuns.create();
        }
        Path dataDir = options.dataDir() == null ? temporaryDir.path() : options.dataDir();
        EmbeddedStack stack = null;
        GatewayServer gateway = null;
        String gatewaySecret = null;
        List<StreamsRunner> apps = new CopyOnWriteArrayList<>();
        AppInstances instances = null;
        AtomicBoolean appsStarted = new AtomicBoolean();
        List<Health.Component> components = new CopyOnWriteArrayList<>();
        PrometheusMeterRegistry registry = Observability.prometheusRegistry();
        // up from the start: /health/ready says DOWN, with what is missing, until everything runs
        OpsServer ops = OpsServer.start(options.opsPort(), registry, () -> List.copyOf(components));
        components.add(starting(appsStarted));
        try {
            stack = EmbeddedStack.start(new EmbeddedStack.Options(dataDir, options.partitions(), options.dropSlotOnStop(),
                    options.dataDir() != null));
            components.add(stack.connectorsHealth());
            stack.bindMetrics(registry);
            long stackStarted = System.nanoTime();
            // the seeded presets come with the source's snapshot: in the apps' global store before any mistake
            TopicWait.awaitRecords(stack.bootstrapServers(), Topics.PRESETS.name(), 1, REFERENCE_TIMEOUT);
            preparation.prepare(stack);
            long prepared = System.nanoTime();

            Map<String, String> env = new HashMap<>(options.env());
            OWN_KEYS.forEach(key -> env.remove(SettingsSource.envName(key)));
            AnalyzerSettings analyzer = AnalyzerSettings.from(
                    new SettingsSource(properties(appSettings(stack.bootstrapServers(), dataDir, "analyzer")), env));
            RecommenderSettings recommender = RecommenderSettings.from(
                    new SettingsSource(properties(appSettings(stack.bootstrapServers(), dataDir, "recommender")), env));
            try (Admin admin = stack.kafka().admin()) {
                StaleMembers.remove(admin, List.of(analyzer.streams().applicationId(), recommender.streams().applicationId()));
            }
            if (options.instances() > 1) {
                // each instance's own state directory, client id and settings file: see AppInstance
                instances = AppInstances.start(options.instances(), dataDir, stack, INSTANCES_TIMEOUT);
                components.add(instances.health());
            } else {
                PipelineMetrics metrics = new PipelineMetrics(registry);
                apps.add(AnalyzerApp.start(analyzer, metrics));
                apps.add(RecommenderApp.start(recommender, metrics));
                apps.forEach(app -> components.add(app.health()));
                awaitRunning(apps, APPS_TIMEOUT);
            }
            appsStarted.set(true);
            if (options.gatewayPort() >= 0) {
                gatewaySecret = options.dataDir() == null ? DevelopmentSecret.generate()
                        : DevelopmentSecret.keptIn(options.dataDir());
                gateway = startGateway(stack, env, gatewaySecret, options.gatewayPort(), registry);
                components.add(gateway.health());
            }
            long done = System.nanoTime();

            Startup startup = new Startup(Duration.ofNanos(done - began), Duration.ofNanos(stackStarted - began),
                    Duration.ofNanos(prepared - stackStarted), Duration.ofNanos(done - prepared));
            LOG.info("Pipeline running in {} ms (stack {} ms, reference data {} ms, apps {} ms)",
                    startup.total().toMillis(), startup.stack().toMillis(), startup.preparation().toMillis(),
                    startup.apps().toMillis());
            return new PipelineRuntime(stack, apps, instances, temporaryDir, startup, registry, ops, gateway, gatewaySecret);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot start the pipeline: " + e.getMessage(), e);
            if (gateway != null) {
                gateway.close();
            }
            if (instances != null) {
                instances.close();
            }
            closeAll(apps, stack, temporaryDir, failure);
            ops.close();
            throw failure;
        }
    }

    /**
     * The gateway against this stack, signing with {@code secret}; {@code PIPELINE_GATEWAY_*}
     * variables may change its limits but not move it off the stack.
     */
    private static GatewayServer startGateway(EmbeddedStack stack, Map<String, String> env, String secret, int port,
                                              PrometheusMeterRegistry registry) {
        Map<String, String> own = GatewaySettings.embedded(stack.bootstrapServers(), stack.jdbcUrl(),
                DatabaseRole.APP.roleName(), stack.rolePassword(DatabaseRole.APP), secret, port);
        Map<String, String> gatewayEnv = new HashMap<>(env);
        own.keySet().forEach(key -> gatewayEnv.remove(SettingsSource.envName(key)));
        GatewaySettings settings = GatewaySettings.from(new SettingsSource(properties(own), gatewayEnv));
        return GatewayServer.start(settings, Clock.systemUTC(), registry);
    }

    /** The frontends' gateway, or null when the runtime runs without one. */
    public String gatewayUrl() {
        return gateway == null ? null : gateway.url();
    }

    /** A link to the gateway's page signed in as {@code studentId} with a development token. */
    public String pageLink(String studentId, Duration validFor) {
        if (gateway == null) {
            throw new IllegalStateException("this runtime runs no gateway");
        }
        return gateway.pageLink(DevelopmentTokens.issue(gatewaySecret, studentId, validFor, null, null, Instant.now()));
    }

    /** Not ready while the apps have not started; they report themselves once they have. */
    private static Health.Component starting(AtomicBoolean appsStarted) {
        return new Health.Component() {
            @Override
            public String name() {
                return "startup";
            }

            @Override
            public Health check() {
                boolean started = appsStarted.get();
                return new Health(true, started, Map.of("state", started ? "STARTED" : "STARTING"));
            }
        };
    }

    /**
     * The settings of one app against {@code bootstrapServers}: state in
     * {@code dataDir/streams/<app>}, exactly-once. The same map, written to a properties file, runs
     * the app as a process of its own ({@code ./pipeline analyzer FILE}).
     */
    public static Map<String, String> appSettings(String bootstrapServers, Path dataDir, String app) {
        return Map.of(
                StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers,
                StreamsSettings.STATE_DIR, dataDir.resolve("streams").resolve(app).toString(),
                StreamsSettings.PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2);
    }

    public EmbeddedStack stack() {
        return stack;
    }

    public String jdbcUrl() {
        return stack.jdbcUrl();
    }

    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    /** Every meter of the runtime: both apps', the pipeline's own, the JVM's, the replication slot's. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Where /metrics and /health/live, /health/ready are served. */
    public String opsUrl() {
        return ops.url();
    }

    /** How long {@link #start} took, step by step. */
    public Startup startup() {
        return startup;
    }

    /** The apps' instances when each runs as a JVM of its own, or null when both run in this JVM. */
    public AppInstances instances() {
        return instances;
    }

    /** Null while both apps run; otherwise which one stopped and in which state. */
    public String failure() {
        if (instances != null) {
            return instances.failure();
        }
        for (StreamsRunner app : apps) {
            State state = app.streams().state();
            if (!state.isRunningOrRebalancing()) {
                return app == apps.get(0) ? "analyzer is " + state : "recommender is " + state;
            }
        }
        return null;
    }

    @Override
    public void close() {
        IllegalStateException failure = new IllegalStateException("the pipeline did not stop cleanly");
        if (gateway != null) {
            try {
                gateway.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (instances != null) {
            try {
                instances.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        closeAll(apps, stack, temporaryDir, failure);
        ops.close();
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void awaitRunning(List<StreamsRunner> apps, Duration timeout) {
        Waits.until("both Streams apps RUNNING", timeout, Duration.ofMillis(20), () -> {
            for (StreamsRunner app : apps) {
                State state = app.streams().state();
                if (state == State.ERROR || state == State.PENDING_ERROR || state == State.NOT_RUNNING) {
                    throw new IllegalStateException("a Streams app stopped during start-up (" + state + ")");
                }
            }
            return apps.stream().allMatch(StreamsRunner::isRunning);
        });
    }

    /** Apps in reverse start order, then the stack, then the temporary directory; failures go to {@code primary}. */
    private static void closeAll(List<StreamsRunner> apps, EmbeddedStack stack, TemporaryDirectory temporaryDir,
                                 Exception primary) {
        for (int i = apps.size() - 1; i >= 0; i--) {
            try {
                apps.get(i).close();
            } catch (RuntimeException e) {
                primary.addSuppressed(e);
            }
        }
        if (stack != null) {
            try {
                stack.close();
            } catch (RuntimeException e) {
                primary.addSuppressed(e);
            }
        }
        if (temporaryDir != null) {
            try {
                temporaryDir.close();
            } catch (RuntimeException e) {
                primary.addSuppressed(e);
            }
        }
    }

    private static Properties properties(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }

}
