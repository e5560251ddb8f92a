package io.mistakeflow.gateway;

import com.fasterxml.jackson.core.type.TypeReference;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mistakeflow.common.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The gateway's connection pool. Requests wait at most {@link #CONNECTION_TIMEOUT_MS} for a
 * connection and then get a 503: a slow database should not pile up requests. The pool starts
 * without a connection, so the gateway can start before its database.
 */
public final class Database {

    static final long CONNECTION_TIMEOUT_MS = 5_000;
    private static final TypeReference<List<Map<String, Object>>> ACTION_ITEMS = new TypeReference<>() {
    };

    private Database() {
    }

    public static HikariDataSource pool(GatewaySettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gateway");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.jdbcUser());
        config.setPassword(settings.jdbcPassword());
        config.setMaximumPoolSize(settings.jdbcPoolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** An {@code action_items} jsonb value, as text: a JSON array of objects; null stays null. */
    public static List<Map<String, Object>> actionItems(String json) throws IOException {
        return json == null ? null : Json.MAPPER.readValue(json, ACTION_ITEMS);
    }

    /** {@code timestamp} columns hold UTC without a zone (see {@code EventTime}). */
    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant of a {@code timestamp} column's value, read as UTC; null stays null. */
    public static Instant utc(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
