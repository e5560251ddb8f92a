package io.mistakeflow.gateway.events;

import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.gateway.Database;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a stream reads from {@code ui_reflex_events}: the backlog, resume points, delivered marks. */
public final class EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);

    private static final String COLUMNS = "id::text, student_id::text, global_topic_uid, event_type, title, message,"
            + " action_items::text, priority, recommendation_id::text, source_mistake_id::text, delivered, delivered_at,"
            + " created_at";
    /** Served by the partial index ix_ui_reflex_events_pending (student_id, created_at) WHERE NOT delivered. */
    private static final String BACKLOG = "SELECT " + COLUMNS + " FROM ui_reflex_events"
            + " WHERE student_id = ?::uuid AND NOT delivered ORDER BY created_at, id LIMIT ?";
    private static final String BACKLOG_AFTER = "SELECT " + COLUMNS + " FROM ui_reflex_events"
            + " WHERE student_id = ?::uuid AND NOT delivered AND (created_at, id) > (?, ?::uuid) ORDER BY created_at, id LIMIT ?";
    private static final String CREATED_AT = "SELECT created_at FROM ui_reflex_events WHERE id = ?::uuid AND student_id = ?::uuid";
    private static final String DELIVERED_AMONG = "SELECT id::text FROM ui_reflex_events WHERE id = ANY (?) AND delivered";

    private final DataSource database;

    public EventStore(DataSource database) {
        this.database = database;
    }

    /** The student's undelivered events after {@code resume} (all if null), oldest first, at most {@code limit}. */
    public List<EventFrame> backlog(String studentId, ResumePoint resume, int limit) throws SQLException {
        if (limit == 0) {
            return List.of();
        }
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(resume == null ? BACKLOG : BACKLOG_AFTER)) {
            int parameter = 1;
            query.setString(parameter++, studentId);
            if (resume != null) {
                query.setObject(parameter++, Database.utc(resume.createdAt()));
                query.setString(parameter++, resume.id());
            }
            query.setInt(parameter, limit);
            List<EventFrame> events = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    event(rows).ifPresent(event -> events.add(EventFrame.of(event)));
                }
            }
            return events;
        }
    }

    /** The resume point of the student's event {@code eventId}, if Postgres has it. */
    public Optional<ResumePoint> resumePoint(String studentId, String eventId) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(CREATED_AT)) {
            query.setString(1, eventId);
            query.setString(2, studentId);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new ResumePoint(Database.utc(row.getObject(1, LocalDateTime.class)), eventId))
                        : Optional.empty();
            }
        }
    }

    /** Which of these event ids Postgres has as delivered. */
    public Set<String> deliveredAmong(List<String> eventIds) throws SQLException {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(DELIVERED_AMONG)) {
            Array ids = connection.createArrayOf("uuid", eventIds.toArray());
            query.setArray(1, ids);
            Set<String> delivered = new HashSet<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    delivered.add(rows.getString(1));
                }
            }
            return delivered;
        }
    }

    /** A row as the record the pipeline writes; a row of an event type this version does not know is skipped. */
    private static Optional<UiReflexEvent> event(ResultSet row) throws SQLException {
        String typeName = row.getString(4);
        Optional<EventType> type = Arrays.stream(EventType.values()).filter(t -> t.name().equals(typeName)).findFirst();
        if (type.isEmpty()) {
            LOG.warn("Skipping ui_reflex_events row {}: unknown event_type {}", row.getString(1), typeName);
            return Optional.empty();
        }
        List<Map<String, Object>> items;
        try {
            items = Database.actionItems(row.getString(7));
        } catch (IOException e) {
            LOG.warn("Skipping ui_reflex_events row {}: action_items is not a JSON array of objects", row.getString(1));
            return Optional.empty();
        }
        return Optional.of(new UiReflexEvent(
                row.getString(1), row.getString(2), row.getString(3), type.get(), row.getString(5), row.getString(6), items,
                row.getInt(8), row.getString(9), row.getString(10), row.getBoolean(11),
                Database.utc(row.getObject(12, LocalDateTime.class)), Database.utc(row.getObject(13, LocalDateTime.class))));
    }
}
