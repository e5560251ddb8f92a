package io.mistakeflow.platform.embedded;

import io.mistakeflow.connectors.ConnectorDefinition;
import io.mistakeflow.common.metrics.ReplicationSlotLag;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.connectors.roles.DatabaseRole;
import io.mistakeflow.connectors.roles.RoleLogins;
import io.mistakeflow.common.metrics.Health;
import io.micrometer.core.instrument.MeterRegistry;
import io.mistakeflow.common.TopicCreation;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-component stack in one JVM: Postgres (logical decoding on), one Kafka node, the schema
 * migrations, the pipeline's topics, and a Connect worker running the Debezium source and the JDBC
 * sinks from the {@code connectors/} files. {@link #start} returns when the source is streaming
 * from its replication slot and every connector task is RUNNING.
 *
 * <p>Stop order is the reverse: Connect first (the source lets go of the slot, the sinks commit),
 * then Kafka, then Postgres.
 *
 * <p>The replication slot: with a kept data directory the slot stays with the database, which is
 * what lets the next start resume without losing a row. But a slot that nobody reads holds WAL for
 * ever, so if the directory's database may be started without this stack, ask for
 * {@link Options#dropSlotOnStop}: a clean stop then drops {@value #SLOT} after Connect let go of
 * it. Connect's stored offsets are kept, so the next start creates a new slot and streams on
 * without a new snapshot; anything written to the database while it had no slot is not captured.
 *
 * <p>Database roles: the source connects as {@code mistakeflow_cdc}, the sinks as
 * {@code mistakeflow_sink}, and {@link #rolePassword} gives the gateway's {@code mistakeflow_app}
 * its login (see {@link DatabaseRole}). Each start gives the roles new random passwords: nothing
 * outside this JVM logs in as them, and Connect resolves the connector files' placeholders anew
 * at every start, so no password needs keeping. The owner ({@link #jdbcUser}) is what learning
 * apps and tests use.
 */
public final class EmbeddedStack implements AutoCloseable {

    /** The Debezium source's replication slot (see {@code connectors/mistakeflow-source.json}). */
    public static final String SLOT = ReplicationSlotLag.SLOT;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
    private static final Duration CONNECTORS_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param dataDir where Postgres, Kafka and the Connect offsets keep their state across runs,
     *     or null for throw-away state
     * @param partitions partitions of every student-partitioned topic (see {@link io.mistakeflow.common.Topic})
     * @param dropSlotOnStop drop the replication slot on a clean stop (see the class comment)
     * @param durable Postgres commits survive a crash (fsync on): for a data directory a user keeps
     */
    public record Options(Path dataDir, int partitions, boolean dropSlotOnStop, boolean durable) {

        public static Options defaults() {
            return new Options(null, 3, false, false);
        }

        public Options withDataDir(Path dir) {
            return new Options(dir, partitions, dropSlotOnStop, durable);
        }

        public Options withPartitions(int count) {
            return new Options(dataDir, count, dropSlotOnStop, durable);
        }

        public Options withDropSlotOnStop(boolean drop) {
            return new Options(dataDir, partitions, drop, durable);
        }

        public Options withDurable(boolean crashSafe) {
            return new Options(dataDir, partitions, dropSlotOnStop, crashSafe);
        }
    }

    private final Options options;
    private final EmbeddedPostgres postgres;
    private final EmbeddedKafka kafka;
    private final TemporaryDirectory connectDir;
    private final EmbeddedConnect connect;
    private final Map<DatabaseRole, String> rolePasswords;

    private EmbeddedStack(Options options, EmbeddedPostgres postgres, EmbeddedKafka kafka, TemporaryDirectory connectDir,
                          EmbeddedConnect connect, Map<DatabaseRole, String> rolePasswords) {
        this.options = options;
        this.rolePasswords = rolePasswords;
        this.postgres = postgres;
        this.kafka = kafka;
        this.connectDir = connectDir;
        this.connect = connect;
    }

    public static EmbeddedStack start(Options options) {
        Path dataDir = options.dataDir();
        long started = System.nanoTime();
        List<AutoCloseable> running = new ArrayList<>();
        Map<DatabaseRole, String> rolePasswords = randomPasswords();
        try {
            // Postgres (+ migrations) and Kafka (+ topics) do not need each other: side by side
            CompletableFuture<EmbeddedPostgres> postgresStart = CompletableFuture.supplyAsync(
                    () -> startPostgres(dataDir == null ? null : dataDir.resolve("postgres"), options.durable(), rolePasswords));
            CompletableFuture<EmbeddedKafka> kafkaStart = CompletableFuture.supplyAsync(
                    () -> startKafka(dataDir == null ? null : dataDir.resolve("kafka"), options.partitions()));
            // wait for both before looking at either, so a failure of one never leaks the other
            CompletableFuture.allOf(postgresStart, kafkaStart).exceptionally(failure -> null).join();
            for (CompletableFuture<? extends AutoCloseable> start : List.of(postgresStart, kafkaStart)) {
                if (!start.isCompletedExceptionally()) {
                    running.add(start.join());
                }
            }
            EmbeddedPostgres postgres = result(postgresStart);
            EmbeddedKafka kafka = result(kafkaStart);
            long prepared = System.nanoTime();

            TemporaryDirectory connectDir = dataDir == null ? TemporaryDirectory.create("mistakeflow-connect") : null;
            if (connectDir != null) {
                running.add(connectDir);
            }
            Path offsets = (connectDir == null ? dataDir.resolve("connect") : connectDir.path()).resolve("offsets.dat");
            List<ConnectorDefinition> connectors = ConnectorDefinition.all();
            try (Admin admin = kafka.admin()) {
                // a sink's consumer group is connect-<connector>: an earlier (killed) worker's member
                // would hold its partitions until its session timed out
                StaleMembers.remove(admin, connectors.stream().map(c -> "connect-" + c.name()).toList());
            }
            EmbeddedConnect connect = EmbeddedConnect.start(kafka.bootstrapServers(), offsets, env(postgres, rolePasswords));
            running.add(connect);
            long workerUp = System.nanoTime();

            connectors.forEach(connect::put);
            connect.awaitRunning(connectors.stream().map(ConnectorDefinition::name).toList(), CONNECTORS_TIMEOUT);
            awaitStreaming(postgres, connect, CONNECTORS_TIMEOUT);
            long done = System.nanoTime();

            LOG.info("Embedded stack up in {} ms (Postgres migrated and Kafka topics created {} ms, Connect worker {} ms,"
                            + " connectors running and source streaming {} ms): jdbc {} kafka {}",
                    millis(started, done), millis(started, prepared), millis(prepared, workerUp), millis(workerUp, done),
                    postgres.jdbcUrl(), kafka.bootstrapServers());
            return new EmbeddedStack(options, postgres, kafka, connectDir, connect, rolePasswords);
        } catch (Exception e) {
            closeAll(running, e);
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("cannot start the embedded stack", e);
        }
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** The database owner (a superuser): what learning apps, the demo's generator and tests use. */
    public String jdbcUser() {
        return EmbeddedPostgres.USER;
    }

    public String jdbcPassword() {
        return EmbeddedPostgres.PASSWORD;
    }

    /** The password {@code role} logs in with (as the user {@link DatabaseRole#roleName()}) during this run. */
    public String rolePassword(DatabaseRole role) {
        return rolePasswords.get(role);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedConnect connect() {
        return connect;
    }

    /** The connectors: live unless one FAILED, ready when each and all its tasks are RUNNING. */
    public Health.Component connectorsHealth() {
        List<String> names = ConnectorDefinition.all().stream().map(ConnectorDefinition::name).toList();
        return new Health.Component() {
            @Override
            public String name() {
                return "connectors";
            }

            @Override
            public Health check() {
                Map<String, Object> states = new LinkedHashMap<>();
                boolean failed = false;
                boolean running = true;
                for (String name : names) {
                    String state = connect.state(name);
                    states.put(name, state);
                    failed |= state.contains("FAILED");
                    running &= state.equals("RUNNING");
                }
                return new Health(!failed, running, states);
            }
        };
    }

    /** The replication slot's lag, read from this stack's Postgres. */
    public void bindMetrics(MeterRegistry registry) {
        new ReplicationSlotLag(jdbcUrl(), jdbcUser(), jdbcPassword(), SLOT).bindTo(registry);
    }

    @Override
    public void close() {
        Exception failure = null;
        try {
            connect.close();
            if (options.dropSlotOnStop()) {
                dropSlot();
            }
        } catch (Exception e) {
            failure = e;
        }
        List<AutoCloseable> rest = new ArrayList<>(List.of(postgres, kafka));
        if (connectDir != null) {
            rest.add(connectDir);
        }
        closeAll(rest, failure);
        if (failure != null) {
            throw new IllegalStateException("the embedded stack did not stop cleanly", failure);
        }
    }

    private static EmbeddedPostgres startPostgres(Path dataDir, boolean durable, Map<DatabaseRole, String> rolePasswords) {
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, durable);
        try {
            SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
            RoleLogins.enable(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD, rolePasswords);
            return postgres;
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    private static EmbeddedKafka startKafka(Path dataDir, int partitions) {
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir);
        try (Admin admin = kafka.admin()) {
            TopicCreation.createAll(admin, partitions, (short) 1);
            return kafka;
        } catch (Exception e) {
            kafka.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("cannot create the pipeline's topics", e);
        }
    }

    /** What the connector files' {@code ${env:NAME}} placeholders stand for here. */
    private static Map<String, String> env(EmbeddedPostgres postgres, Map<DatabaseRole, String> rolePasswords) {
        return Map.of(
                "PG_HOST", postgres.host(),
                "PG_PORT", String.valueOf(postgres.port()),
                "PG_DATABASE", EmbeddedPostgres.DATABASE,
                "PG_CDC_PASSWORD", rolePasswords.get(DatabaseRole.CDC),
                "PG_SINK_PASSWORD", rolePasswords.get(DatabaseRole.SINK));
    }

    /** 128 random bits per role, URL-safe text (no quoting anywhere it goes). */
    private static Map<DatabaseRole, String> randomPasswords() {
        SecureRandom random = new SecureRandom();
        Map<DatabaseRole, String> passwords = new EnumMap<>(DatabaseRole.class);
        for (DatabaseRole role : DatabaseRole.values()) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            passwords.put(role, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return passwords;
    }

    /**
     * A RUNNING source task may still be taking its snapshot; the slot turns active when it
     * streams, and only then does a new row reach Kafka within the poll interval. The source can
     * also fail only then (when it opens the replication stream): that ends the wait at once.
     */
    private static void awaitStreaming(EmbeddedPostgres postgres, EmbeddedConnect connect, Duration timeout)
            throws SQLException {
        String source = ConnectorDefinition.load(ConnectorDefinition.SOURCE).name();
        try (Connection connection = postgres.connect();
             PreparedStatement active = connection.prepareStatement(
                     "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            active.setString(1, SLOT);
            Waits.until("replication slot " + SLOT + " active", timeout, Duration.ofMillis(50), () -> {
                try (ResultSet row = active.executeQuery()) {
                    if (row.next() && row.getBoolean(1)) {
                        return true;
                    }
                }
                connect.checkNotFailed(source);
                return false;
            });
        }
    }

    /** The walsender lets go of the slot a moment after the source task stopped: retry briefly. */
    private void dropSlot() throws SQLException {
        try (Connection connection = postgres.connect();
             PreparedStatement drop = connection.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active");
             PreparedStatement exists = connection.prepareStatement(
                     "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            drop.setString(1, SLOT);
            exists.setString(1, SLOT);
            Waits.until("replication slot " + SLOT + " released after Connect stopped", Duration.ofSeconds(10),
                    Duration.ofMillis(100), () -> {
                        drop.executeQuery().close();
                        try (ResultSet row = exists.executeQuery()) {
                            return !row.next();
                        }
                    });
            LOG.info("Dropped replication slot {}", SLOT);
        }
    }

    private static <T> T result(CompletableFuture<T> start) throws Exception {
        try {
            return start.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Closes in reverse start order; failures are attached to {@code primary} or logged. */
    private static void closeAll(List<AutoCloseable> components, Exception primary) {
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else {
                    LOG.warn("Failed to stop {}", components.get(i).getClass().getSimpleName(), e);
                }
            }
        }
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
