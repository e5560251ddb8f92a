package io.mistakeflow.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 17 server from a jar (zonky), set up for logical decoding so Debezium can stream
 * from it with the built-in {@code pgoutput} plugin. Listens on a random free port.
 *
 * <p>Without a data directory the cluster lives in a temporary directory removed on close. With
 * one, the cluster is created there on first use and kept (tables, rows and the replication
 * slot survive a restart).
 *
 * <p>The server is a separate process, so it must not outlive the JVM; but stopping it at the first
 * signal, as the library's own shutdown hook does, pulls the database from under Connect and the
 * apps while their owner is still stopping them in order. This class's hook waits up to
 * {@link #OWNER_GRACE} for {@link #close()}, and only then stops the server itself.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    /** The server trusts local connections; clients that insist on a password get this one. */
    public static final String PASSWORD = "postgres";

    /** How long the shutdown hook leaves the owner to stop the stack in order before it stops the server. */
    static final Duration OWNER_GRACE = Duration.ofSeconds(30);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDir;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread shutdownHook;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
        this.shutdownHook = new Thread(this::closeUnlessOwnerDoes, "embedded-postgres-" + server.getPort() + "-closer");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A throw-away cluster, or one kept in {@code dataDir} but without the cost of durable commits. */
    public static EmbeddedPostgres start(Path dataDir) {
        return start(dataDir, false);
    }

    /**
     * @param dataDir where to keep the cluster, or null for a throw-away one
     * @param durable whether a commit must survive a crash (fsync, synchronous commits, full page
     *     writes): what a kept data directory promises; the library turns all three off
     */
    public static EmbeddedPostgres start(Path dataDir, boolean durable) {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4")
                // a slot nobody reads (a kept data dir started without Connect) holds WAL; cap it
                .setServerConfig("max_slot_wal_keep_size", "1GB")
                .setServerConfig("timezone", "UTC")
                // the library turns synchronous_commit off, so a commit's WAL is flushed by the WAL
                // writer, every wal_writer_delay (200 ms by default); logical decoding only reads
                // flushed WAL, so that delay was most of Debezium's lag on a committed row
                .setServerConfig("wal_writer_delay", "10ms")
                .setRegisterShutdownHook(false);
        if (durable) {
            // given after the library's own -F (fsync off), so they win
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            PostgresProcess.stopOrphan(dataDir);
        }
        try {
            return new EmbeddedPostgres(builder.start(), dataDir);
        } catch (IOException | RuntimeException e) {
            // a server that started but did not answer in time must not outlive the failed start
            if (dataDir != null) {
                PostgresProcess.running(dataDir).ifPresent(PostgresProcess::stop);
            }
            throw new UncheckedIOException("cannot start embedded Postgres" + (dataDir == null ? "" : " in " + dataDir),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + DATABASE;
    }

    /** The server's postmaster process, when it runs on a data directory given to {@link #start}. */
    public Optional<ProcessHandle> process() {
        return dataDir == null ? Optional.empty() : PostgresProcess.running(dataDir);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from a shutdown hook: ours sees the latch and returns
        }
        stopServer();
    }

    private void closeUnlessOwnerDoes() {
        try {
            if (closed.await(OWNER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopServer();
    }

    private void stopServer() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded Postgres on port " + port(), e);
        }
    }
}
