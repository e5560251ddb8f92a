package io.mistakeflow.platform.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One Kafka node in KRaft mode, broker and controller in one, on random free ports.
 *
 * <p>Internal topics (consumer offsets, transaction state, share-group state) get replication
 * factor 1 and min ISR 1: with the defaults (3 and 2) a single node never finds a group or
 * transaction coordinator, so consumer groups and exactly-once processing would hang.
 *
 * <p>Without a data directory the logs live in a temporary directory removed on close. With one,
 * the storage is formatted on first use and the topics survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The one node's id (broker and controller). */
    public static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaConfig config;
    private volatile KafkaRaftServer server;
    private final String bootstrapServers;
    private final String saslBootstrapServers;
    private final TemporaryDirectory temporaryDir;
    private final ExitGuard exitGuard;

    private EmbeddedKafka(KafkaConfig config, KafkaRaftServer server, String bootstrapServers,
                          String saslBootstrapServers, TemporaryDirectory temporaryDir, ExitGuard exitGuard) {
        this.saslBootstrapServers = saslBootstrapServers;
        this.config = config;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.temporaryDir = temporaryDir;
        this.exitGuard = exitGuard;
    }

    /** @param dataDir where to keep the logs, or null for throw-away ones */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /**
     * With, besides the plain listener, a {@code SASL_PLAINTEXT} one ({@link #saslBootstrapServers})
     * that accepts the PLAIN mechanism for {@code users} (name to password): to run the apps the
     * way a secured cluster has them connect.
     */
    public static EmbeddedKafka startWithSasl(Path dataDir, Map<String, String> users) {
        return start(dataDir, users);
    }

    private static EmbeddedKafka start(Path dataDir, Map<String, String> saslUsers) {
        ExitGuard exitGuard = ExitGuard.install();
        BrokerLogNoise.silenceRetriedTransactionsV2Sequences();
        TemporaryDirectory temporaryDir = dataDir == null ? TemporaryDirectory.create("mistakeflow-kafka") : null;
        try {
            Path logDir = dataDir == null ? temporaryDir.path() : Files.createDirectories(dataDir);
            int brokerPort = freePort();
            int controllerPort = freePort();
            Map<String, Object> props = brokerConfig(logDir, brokerPort, controllerPort);
            int saslPort = saslUsers.isEmpty() ? -1 : freePort();
            if (!saslUsers.isEmpty()) {
                addSaslListener(props, saslPort, saslUsers);
            }
            KafkaConfig config = new KafkaConfig(props, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(config, server, "127.0.0.1:" + brokerPort,
                    saslPort < 0 ? null : "127.0.0.1:" + saslPort, temporaryDir, exitGuard);
        } catch (Exception e) {
            exitGuard.close();
            if (temporaryDir != null) {
                temporaryDir.close();
            }
            throw new IllegalStateException("cannot start embedded Kafka" + (dataDir == null ? "" : " in " + dataDir), e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SASL_PLAINTEXT (PLAIN) listener, or null without one. */
    public String saslBootstrapServers() {
        return saslBootstrapServers;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Stops the node and starts it again on the same ports and log directory, as an operator's
     * rolling restart would: clients keep their bootstrap address and reconnect. For fault tests.
     */
    public void restart() {
        server.shutdown();
        server.awaitShutdown();
        KafkaRaftServer next = new KafkaRaftServer(config, Time.SYSTEM);
        next.startup();
        server = next;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            exitGuard.close();
            if (temporaryDir != null) {
                temporaryDir.close();
            }
        }
    }

    private static Map<String, Object> brokerConfig(Path logDir, int brokerPort, int controllerPort) {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());

        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each by default: creating them is most of a cold start on a small machine
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        // no waiting for more members before the first rebalance: there is one of each app
        props.put("group.initial.rebalance.delay.ms", "0");
        // the stack creates every topic it uses; a typo should fail, not create a topic
        props.put("auto.create.topics.enable", "false");
        // the log cleaner allocates this up front (128 MB by default)
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return props;
    }

    private static void addSaslListener(Map<String, Object> props, int port, Map<String, String> users) {
        props.put("listeners", props.get("listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + port);
        props.put("advertised.listeners", props.get("advertised.listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    /** A port free right now; another process could take it before we bind, which we accept for a dev stack. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
