package io.mistakeflow.gateway;

import io.mistakeflow.common.config.SettingsSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the gateway is configured with. Every key and default is here (and in the README's
 * table); values come from a {@link SettingsSource} (a properties file, {@code PIPELINE_*}
 * environment variables win).
 *
 * @param jwtSecret the HS256 key, as text (its UTF-8 bytes are the key)
 * @param jwtIssuer required {@code iss}, or null for any
 * @param jwtAudience required {@code aud}, or null for any
 * @param corsOrigins origins allowed to call from other pages ({@code *} for any); empty: same origin only
 * @param kafkaProperties client properties for the feed's consumer ({@code kafka.*}: security, tuning)
 */
public record GatewaySettings(
        String host,
        int port,
        String jwtSecret,
        String jwtIssuer,
        String jwtAudience,
        int backlogLimit,
        int streamsPerStudent,
        int streamsMax,
        int clientBufferEvents,
        Duration heartbeatInterval,
        Duration recentWindow,
        int recentMaxEvents,
        List<String> corsOrigins,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        int jdbcPoolSize,
        String bootstrapServers,
        Map<String, String> kafkaProperties) {

    public static final String HOST = "gateway.host";
    public static final String PORT = "gateway.port";
    public static final String JWT_SECRET = "gateway.jwt.secret";
    public static final String JWT_SECRET_FILE = "gateway.jwt.secret.file";
    public static final String JWT_ISSUER = "gateway.jwt.issuer";
    public static final String JWT_AUDIENCE = "gateway.jwt.audience";
    public static final String BACKLOG_LIMIT = "gateway.backlog.limit";
    public static final String STREAMS_PER_STUDENT = "gateway.streams.per.student";
    public static final String STREAMS_MAX = "gateway.streams.max";
    public static final String CLIENT_BUFFER_EVENTS = "gateway.client.buffer.events";
    public static final String HEARTBEAT_INTERVAL = "gateway.heartbeat.interval";
    public static final String RECENT_WINDOW = "gateway.recent.window";
    public static final String RECENT_MAX_EVENTS = "gateway.recent.max.events";
    public static final String CORS_ORIGINS = "gateway.cors.origins";
    public static final String JDBC_URL = "gateway.jdbc.url";
    public static final String JDBC_USER = "gateway.jdbc.user";
    public static final String JDBC_PASSWORD = "gateway.jdbc.password";
    public static final String JDBC_POOL_SIZE = "gateway.jdbc.pool.size";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Every key {@link #from} reads. */
    public static final List<String> KEYS = List.of(HOST, PORT, JWT_SECRET, JWT_SECRET_FILE, JWT_ISSUER, JWT_AUDIENCE,
            BACKLOG_LIMIT, STREAMS_PER_STUDENT, STREAMS_MAX, CLIENT_BUFFER_EVENTS, HEARTBEAT_INTERVAL, RECENT_WINDOW,
            RECENT_MAX_EVENTS, CORS_ORIGINS, JDBC_URL, JDBC_USER, JDBC_PASSWORD, JDBC_POOL_SIZE, BOOTSTRAP_SERVERS);

    /** RFC 7518 3.2: an HS256 key must be at least as long as the hash. */
    static final int MIN_SECRET_BYTES = 32;

    public GatewaySettings {
        corsOrigins = List.copyOf(corsOrigins);
        require(port >= 0 && port <= 65535, PORT + " must be 0 (any free port) to 65535, got " + port);
        require(jwtSecret != null && !jwtSecret.isBlank(), "no token secret: set " + JWT_SECRET + " or " + JWT_SECRET_FILE);
        require(jwtSecret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES,
                "the token secret must be at least " + MIN_SECRET_BYTES + " bytes for HS256");
        require(backlogLimit >= 0, BACKLOG_LIMIT + " must be 0 or more, got " + backlogLimit);
        require(streamsPerStudent >= 1, STREAMS_PER_STUDENT + " must be at least 1, got " + streamsPerStudent);
        require(streamsMax >= 1, STREAMS_MAX + " must be at least 1, got " + streamsMax);
        require(clientBufferEvents >= 1, CLIENT_BUFFER_EVENTS + " must be at least 1, got " + clientBufferEvents);
        require(heartbeatInterval.toMillis() >= 100, HEARTBEAT_INTERVAL + " must be at least 100ms, got " + heartbeatInterval);
        require(recentMaxEvents >= 0, RECENT_MAX_EVENTS + " must be 0 or more, got " + recentMaxEvents);
        require(jdbcPoolSize >= 1, JDBC_POOL_SIZE + " must be at least 1, got " + jdbcPoolSize);
        for (String origin : corsOrigins) {
            require(origin.equals("*") || isOrigin(origin),
                    CORS_ORIGINS + ": '" + origin + "' is not an origin such as https://app.example.com or *");
        }
    }

    public static GatewaySettings from(SettingsSource source) {
        return new GatewaySettings(
                source.get(HOST, "0.0.0.0"),
                source.getInt(PORT, 8080),
                secret(source),
                source.get(JWT_ISSUER, null),
                source.get(JWT_AUDIENCE, null),
                source.getInt(BACKLOG_LIMIT, 100),
                source.getInt(STREAMS_PER_STUDENT, 5),
                source.getInt(STREAMS_MAX, 15_000),
                source.getInt(CLIENT_BUFFER_EVENTS, 256),
                source.getDuration(HEARTBEAT_INTERVAL, Duration.ofSeconds(15)),
                source.getDuration(RECENT_WINDOW, Duration.ofSeconds(30)),
                source.getInt(RECENT_MAX_EVENTS, 20_000),
                Arrays.stream(source.get(CORS_ORIGINS, "").split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList(),
                source.get(JDBC_URL, "jdbc:postgresql://localhost:5432/postgres"),
                source.get(JDBC_USER, "postgres"),
                source.get(JDBC_PASSWORD, ""),
                source.getInt(JDBC_POOL_SIZE, 8),
                source.get(BOOTSTRAP_SERVERS, "localhost:9092"),
                source.kafkaProperties());
    }

    /**
     * The settings of a gateway in the same JVM as an embedded stack: the given cluster, database
     * and secret, everything else at its default. Meant to be layered under the environment
     * ({@code new SettingsSource(properties, System.getenv())}) so {@code PIPELINE_GATEWAY_PORT} and
     * the like still apply.
     */
    public static Map<String, String> embedded(String bootstrapServers, String jdbcUrl, String jdbcUser, String jdbcPassword,
                                               String secret, int port) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(BOOTSTRAP_SERVERS, bootstrapServers);
        values.put(JDBC_URL, jdbcUrl);
        values.put(JDBC_USER, jdbcUser);
        values.put(JDBC_PASSWORD, jdbcPassword);
        values.put(JWT_SECRET, secret);
        values.put(PORT, String.valueOf(port));
        return values;
    }

    /** Never prints the secret or the database password (settings are logged at start). */
    @Override
    public String toString() {
        return "GatewaySettings[host=" + host + ", port=" + port + ", jwtIssuer=" + jwtIssuer + ", jwtAudience=" + jwtAudience
                + ", backlogLimit=" + backlogLimit + ", streamsPerStudent=" + streamsPerStudent + ", streamsMax=" + streamsMax
                + ", clientBufferEvents=" + clientBufferEvents + ", heartbeatInterval=" + heartbeatInterval
                + ", recentWindow=" + recentWindow + ", recentMaxEvents=" + recentMaxEvents + ", corsOrigins=" + corsOrigins
                + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPoolSize=" + jdbcPoolSize
                + ", bootstrapServers=" + bootstrapServers + "]";
    }

    /** Inline, or from the file {@value #JWT_SECRET_FILE} names (read by {@link SettingsSource#get}). */
    private static String secret(SettingsSource source) {
        return source.get(JWT_SECRET, null);
    }

    private static boolean isOrigin(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
