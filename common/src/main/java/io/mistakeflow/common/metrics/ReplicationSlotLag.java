package io.mistakeflow.common.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How much WAL the Debezium source's replication slot holds on the database server, in bytes
 * ({@value #METRIC}): what the server must keep until the connector confirms it. It grows while
 * the connector is stopped or behind; unbounded, it fills the server's disk. Read at every scrape,
 * on a connection of its own; NaN while the database or the slot is not there.
 */
public final class ReplicationSlotLag implements MeterBinder {

    public static final String METRIC = "mistakeflow.replication.slot.lag.bytes";
    /** The slot of {@code connectors/mistakeflow-source.json}. */
    public static final String SLOT = "mistakeflow_slot";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String slot;

    public ReplicationSlotLag(String jdbcUrl, String user, String password, String slot) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.slot = slot;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(METRIC, this, ReplicationSlotLag::read)
                .description("WAL held by the replication slot: written by the database, not yet confirmed by Debezium")
                .baseUnit("bytes")
                .tag("slot", slot)
                .register(registry);
    }

    private double read() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement query = connection.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(),"
                     + " confirmed_flush_lsn) FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getDouble(1) : Double.NaN;
            }
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
