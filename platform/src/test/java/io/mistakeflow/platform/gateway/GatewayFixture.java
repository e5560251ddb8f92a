package io.mistakeflow.platform.gateway;

import io.mistakeflow.common.Topics;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.connectors.roles.DatabaseRole;
import io.mistakeflow.gateway.GatewayServer;
import io.mistakeflow.gateway.GatewaySettings;
import io.mistakeflow.gateway.auth.DevelopmentTokens;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the gateway tests share: the embedded stack (Postgres, Kafka, Connect with the sinks), a
 * producer standing in for the recommender, rows standing in for what the sink wrote, tokens.
 */
final class GatewayFixture implements AutoCloseable {

    static final String SECRET = "gateway-tests-secret-0123456789abcdef";
    static final String TOPIC = "TR.MAT.ALG.001";
    /** Mistakes of the worked example (docs/behaviour.md) happened on this day; event times are from the data. */
    static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final EmbeddedStack stack;
    private final KafkaProducer<String, String> producer;

    GatewayFixture() {
        stack = EmbeddedStack.start(EmbeddedStack.Options.defaults());
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /** A gateway on a free port against the stack, logged in as its role; {@code overrides} are gateway settings. */
    GatewayServer gateway(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(GatewaySettings.embedded(stack.bootstrapServers(), stack.jdbcUrl(),
                DatabaseRole.APP.roleName(), stack.rolePassword(DatabaseRole.APP), SECRET, 0));
        values.put(GatewaySettings.HOST, "127.0.0.1");
        values.putAll(overrides);
        return GatewayServer.start(GatewaySettings.from(SettingsSource.of(values)));
    }

    static String token(String student) {
        return DevelopmentTokens.issue(SECRET, student, Duration.ofHours(1), null, null, Instant.now());
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** An event row as the recommender writes it, {@code seconds} after {@link #T0}. */
    static UiReflexEvent event(String student, EventType type, String recommendation, int seconds) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("action", "slow_down");
        item.put("duration_sec", 60);
        item.put("label", "Slow down for a minute");
        return new UiReflexEvent(newId(), student, TOPIC, type, "Slow down", "You are answering faster than you read.",
                List.of(item), 8, recommendation, newId(), false, null, T0.plusSeconds(seconds));
    }

    /** The recommender's side: the event on the topic, committed. */
    void publish(UiReflexEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.UI_REFLEX_EVENTS.name(), event.studentId(),
                Json.MAPPER.writeValueAsString(event))).get();
    }

    /** The sink's side: the event's row in Postgres (with the delivered mark given). */
    void insert(UiReflexEvent event, boolean delivered) throws SQLException, IOException {
        try (Connection connection = stack.postgres().connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ui_reflex_events (id, student_id,"
                     + " global_topic_uid, event_type, title, message, action_items, priority, recommendation_id,"
                     + " source_mistake_id, delivered, delivered_at, created_at)"
                     + " VALUES (?::uuid, ?::uuid, ?, ?, ?, ?, ?::jsonb, ?, ?::uuid, ?::uuid, ?, ?, ?)")) {
            insert.setString(1, event.id());
            insert.setString(2, event.studentId());
            insert.setString(3, event.globalTopicUid());
            insert.setString(4, event.eventType().name());
            insert.setString(5, event.title());
            insert.setString(6, event.message());
            insert.setString(7, Json.MAPPER.writeValueAsString(event.actionItems()));
            insert.setInt(8, event.priority());
            insert.setString(9, event.recommendationId());
            insert.setString(10, event.sourceMistakeId());
            insert.setBoolean(11, delivered);
            insert.setObject(12, delivered ? LocalDateTime.ofInstant(T0, ZoneOffset.UTC) : null);
            insert.setObject(13, LocalDateTime.ofInstant(event.createdAt(), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /** A recommendation row as the sink writes it. */
    void insertRecommendation(String id, String student, String type, int priority, boolean active) throws SQLException {
        execute("INSERT INTO student_recommendations (id, student_id, global_topic_uid, recommendation_type, title, message,"
                        + " action_items, priority, is_active, source_mistake_id, created_at, updated_at, expires_at)"
                        + " VALUES (?::uuid, ?::uuid, ?, ?, ?, ?, '[{\"action\": \"slow_down\", \"duration_sec\": 60,"
                        + " \"label\": \"Slow down\"}]'::jsonb, ?, ?, ?::uuid, ?, ?, ?)",
                id, student, TOPIC, type, type + " title", type + " message", priority, active, newId(),
                LocalDateTime.ofInstant(T0, ZoneOffset.UTC), LocalDateTime.ofInstant(T0.plusSeconds(5), ZoneOffset.UTC),
                LocalDateTime.ofInstant(T0.plus(6, ChronoUnit.HOURS), ZoneOffset.UTC));
    }

    void execute(String statement, Object... parameters) throws SQLException {
        try (Connection connection = stack.postgres().connect();
             PreparedStatement prepared = prepare(connection, statement, parameters)) {
            prepared.executeUpdate();
        }
    }

    /** Rows as JDBC objects, timestamps as LocalDateTime. */
    List<List<Object>> rows(String query, Object... parameters) throws SQLException {
        try (Connection connection = stack.postgres().connect();
             PreparedStatement prepared = prepare(connection, query, parameters);
             ResultSet result = prepared.executeQuery()) {
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                    Object value = result.getObject(column);
                    row.add(value instanceof Timestamp timestamp ? timestamp.toLocalDateTime() : value);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static HttpResponse<String> request(String method, String url, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        producer.close();
        stack.close();
    }

    private static PreparedStatement prepare(Connection connection, String statement, Object... parameters) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement);
        for (int i = 0; i < parameters.length; i++) {
            prepared.setObject(i + 1, parameters[i]);
        }
        return prepared;
    }
}
