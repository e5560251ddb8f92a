package io.mistakeflow.platform.embedded;

import io.mistakeflow.connectors.ConnectorDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A Kafka Connect standalone worker inside this JVM, driven through the herder's Java API (no REST
 * server: nothing outside the process needs it, and it saves a port and start-up time).
 *
 * <p>Plugins are found with {@code plugin.discovery=service_load} (the default scan of the whole
 * classpath costs seconds and a lot of memory) and without {@code plugin.path}, so there is no
 * plugin isolation: the build keeps the connectors' dependencies converged. Source offsets go to a
 * file, so a kept data directory resumes where it stopped.
 *
 * <p>The connector files' {@code ${env:NAME}} placeholders are resolved by {@link MapConfigProvider}
 * from the map given to {@link #start}.
 */
public final class EmbeddedConnect implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final StandaloneHerder herder;
    private final ExitGuard exitGuard;

    private EmbeddedConnect(StandaloneHerder herder, ExitGuard exitGuard) {
        this.herder = herder;
        this.exitGuard = exitGuard;
    }

    /**
     * @param offsetsFile where source offsets are kept (created if missing)
     * @param env the values of the connector files' {@code ${env:NAME}} placeholders
     */
    public static EmbeddedConnect start(String bootstrapServers, Path offsetsFile, Map<String, String> env) {
        ExitGuard exitGuard = ExitGuard.install();
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        try {
            Files.createDirectories(offsetsFile.toAbsolutePath().getParent());
            Map<String, String> props = workerConfig(bootstrapServers, offsetsFile, env);
            Plugins plugins = new Plugins(props);
            plugins.compareAndSwapWithDelegatingLoader();
            StandaloneConfig config = new StandaloneConfig(props);
            FileOffsetBackingStore offsets = new FileOffsetBackingStore(
                    plugins.newInternalConverter(true, JsonConverter.class.getName(), Map.of("schemas.enable", "false")));
            offsets.configure(config);
            // newPlugins, not the overloaded newPlugin, whose other overloads need maven-artifact to compile
            ConnectorClientConfigOverridePolicy policy = plugins.newPlugins(
                    List.of(config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG)), config,
                    ConnectorClientConfigOverridePolicy.class).get(0);
            Worker worker = new Worker("embedded", Time.SYSTEM, plugins, config, offsets, policy);
            StandaloneHerder herder = new StandaloneHerder(worker, config.kafkaClusterId(), policy);
            herder.start();
            herder.ready();
            return new EmbeddedConnect(herder, exitGuard);
        } catch (Exception e) {
            exitGuard.close();
            throw new IllegalStateException("cannot start the embedded Connect worker", e);
        } finally {
            Plugins.compareAndSwapLoaders(callerLoader);
        }
    }

    /** Creates the connector, or replaces its config if it exists. */
    public void put(ConnectorDefinition connector) {
        // the REST layer copies the name into the config; the herder API expects it there
        Map<String, String> config = new HashMap<>(connector.config());
        config.put("name", connector.name());
        FutureCallback<Object> done = new FutureCallback<>();
        herder.putConnectorConfig(connector.name(), config, true, (error, created) -> done.onCompletion(error, created));
        try {
            done.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("connector " + connector.name() + " was refused: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("connector " + connector.name() + " was not created within " + REQUEST_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating connector " + connector.name(), e);
        }
    }

    /** Stops the connector's tasks until {@link #resume}; returns when they are PAUSED. */
    public void pause(String connector, Duration timeout) throws InterruptedException {
        herder.pauseConnector(connector);
        awaitState(connector, "PAUSED", timeout);
    }

    /** Restarts a paused connector's tasks; returns when they are RUNNING. */
    public void resume(String connector, Duration timeout) throws InterruptedException {
        herder.resumeConnector(connector);
        awaitState(connector, "RUNNING", timeout);
    }

    private void awaitState(String connector, String state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConnectorStateInfo status = herder.connectorStatus(connector);
            if (state.equals(status.connector().state()) && !status.tasks().isEmpty()
                    && status.tasks().stream().allMatch(task -> state.equals(task.state()))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(connector + " not " + state + " after " + timeout + ": " + describe(List.of(connector)));
            }
            Thread.sleep(50);
        }
    }

    public ConnectorStateInfo status(String connector) {
        return herder.connectorStatus(connector);
    }

    /**
     * RUNNING when the connector and all its tasks are; otherwise what is not, e.g.
     * {@code task 0 FAILED}, or {@code UNKNOWN} for a connector the worker does not have.
     */
    public String state(String connector) {
        ConnectorStateInfo status;
        try {
            status = herder.connectorStatus(connector);
        } catch (RuntimeException unknown) {
            return "UNKNOWN";
        }
        if (!"RUNNING".equals(status.connector().state())) {
            return status.connector().state();
        }
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            if (!"RUNNING".equals(task.state())) {
                return "task " + task.id() + " " + task.state();
            }
        }
        return status.tasks().isEmpty() ? "NO TASKS" : "RUNNING";
    }

    /** Waits until each connector and all its tasks are RUNNING; fails fast on a FAILED one, with its trace. */
    public void awaitRunning(Collection<String> connectors, Duration timeout) {
        Waits.until("connectors RUNNING", timeout, Duration.ofMillis(50),
                () -> connectors.stream().allMatch(this::running), () -> describe(List.copyOf(connectors)));
    }

    /** Throws, with the trace, if the connector or one of its tasks FAILED. */
    public void checkNotFailed(String connector) {
        running(connector);
    }

    private boolean running(String connector) {
        ConnectorStateInfo status;
        try {
            status = herder.connectorStatus(connector);
        } catch (RuntimeException notKnownYet) {
            return false;
        }
        List<ConnectorStateInfo.AbstractState> states = new ArrayList<>(status.tasks());
        states.add(status.connector());
        for (ConnectorStateInfo.AbstractState state : states) {
            if ("FAILED".equals(state.state())) {
                throw new IllegalStateException("connector " + connector + " FAILED:\n" + state.trace());
            }
        }
        return !status.tasks().isEmpty() && states.stream().allMatch(state -> "RUNNING".equals(state.state()));
    }

    private String describe(List<String> connectors) {
        StringBuilder text = new StringBuilder();
        for (String name : connectors) {
            try {
                ConnectorStateInfo status = herder.connectorStatus(name);
                text.append(name).append(' ').append(status.connector().state()).append(" tasks ")
                        .append(status.tasks().stream().map(ConnectorStateInfo.AbstractState::state).toList()).append("; ");
            } catch (RuntimeException e) {
                text.append(name).append(" unknown; ");
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        try {
            herder.stop();
        } finally {
            exitGuard.close();
        }
    }

    private static Map<String, String> workerConfig(String bootstrapServers, Path offsetsFile, Map<String, String> env) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("plugin.discovery", "service_load");
        props.put(StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG, offsetsFile.toString());
        // Debezium acknowledges WAL to the slot only after Connect flushed the offsets: keep that short
        props.put("offset.flush.interval.ms", "1000");
        props.put("task.shutdown.graceful.timeout.ms", "3000");
        // worker defaults; every connector file sets its own converters
        props.put("key.converter", StringConverter.class.getName());
        props.put("value.converter", JsonConverter.class.getName());
        props.put("config.providers", "env");
        props.put("config.providers.env.class", MapConfigProvider.class.getName());
        env.forEach((name, value) -> props.put("config.providers.env.param." + name, value));
        return props;
    }
}
