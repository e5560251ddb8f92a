package io.mistakeflow.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A PostgreSQL 17 server from a jar (zonky), set up for logical decoding so Debezium can stream
 * from it with the built-in {@code pgoutput} plugin. Listens on a random free port.
 *
 * <p>Without a data directory the cluster lives in a temporary directory removed on close. With
 * one, the cluster is created there on first use and kept (tables, rows and the replication
 * slot survive a restart).
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    /** The server trusts local connections; clients that insist on a password get this one. */
    public static final String PASSWORD = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
    }

    /** @param dataDir where to keep the cluster, or null for a throw-away one */
    public static EmbeddedPostgres start(Path dataDir) {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4")
                // a slot nobody reads (a kept data dir started without Connect) holds WAL; cap it
                .setServerConfig("max_slot_wal_keep_size", "1GB")
                .setServerConfig("timezone", "UTC");
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
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded Postgres on port " + port(), e);
        }
    }
}
