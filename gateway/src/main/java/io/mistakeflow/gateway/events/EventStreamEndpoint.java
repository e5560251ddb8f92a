package io.mistakeflow.gateway.events;

import io.javalin.http.Context;
import io.mistakeflow.gateway.http.ApiError;
import io.mistakeflow.gateway.http.Authentication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /students/{studentId}/events}: the student's undelivered events, then live ones, as
 * Server-Sent Events (see {@link StudentStream} for the order and the no-duplicate rule).
 *
 * <p>{@code Last-Event-ID} (sent by EventSource on its own reconnects; {@code ?last_event_id=}
 * for a client that opens a new stream itself) names the last event the client had. It is looked
 * up in Postgres, then in the recent window; the client is taken to have every event up to and
 * including it in {@code (created_at, id)} order ({@link ResumePoint}). An id found in neither, or
 * not a uuid, is ignored: the whole backlog is sent (the client may see events it had; it never
 * misses one).
 */
public final class EventStreamEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamEndpoint.class);
    /** Tells EventSource how long to wait before it reconnects. */
    static final long RECONNECT_MILLIS = 2_000;

    private final Authentication authentication;
    private final LiveEvents live;
    private final EventStore store;
    private final int backlogLimit;
    private final int bufferEvents;
    private final LongSupplier monotonicMillis;

    public EventStreamEndpoint(Authentication authentication, LiveEvents live, EventStore store, int backlogLimit,
                               int bufferEvents, LongSupplier monotonicMillis) {
        this.authentication = authentication;
        this.live = live;
        this.store = store;
        this.backlogLimit = backlogLimit;
        this.bufferEvents = bufferEvents;
        this.monotonicMillis = monotonicMillis;
    }

    public void handle(Context ctx) {
        String student = authentication.student(ctx, ctx.pathParam("studentId"));
        String lastEventId = lastEventId(ctx);
        // enough ids for the start-up overlap (backlog + what came meanwhile) and some re-emissions after it
        StudentStream stream = new StudentStream(bufferEvents, Math.max(1_000, 2 * (backlogLimit + bufferEvents)));
        SseConnection connection = new SseConnection(student, stream, bufferEvents, this::closed);

        List<EventFrame> recent;
        try {
            recent = live.subscribe(student, connection);
        } catch (LiveEvents.TooManyStreams e) {
            LOG.info("Stream refused: student {}: {}", student, e.getMessage());
            throw e.perStudent() ? ApiError.tooManyStreams(e.getMessage()) : ApiError.unavailable(e.getMessage());
        }
        ResumePoint resume;
        boolean begun = false;
        try {
            resume = lastEventId == null ? null : resumePoint(student, lastEventId, recent);
            List<EventFrame> backlog = store.backlog(student, resume, backlogLimit);
            Set<String> delivered = store.deliveredAmong(recent.stream().map(EventFrame::id).toList());
            stream.begin(backlog, recent, resume, delivered);
            begun = true;
        } catch (SQLException e) {
            LOG.warn("Cannot read the backlog of student {}: {}", student, e.getMessage());
            throw ApiError.unavailable("the database is not available; try again");
        } finally {
            if (!begun) {
                live.unsubscribe(student, connection);
            }
        }
        int fromBefore = stream.queued();

        ctx.status(200);
        ctx.contentType("text/event-stream;charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        // nginx and others buffer responses unless told not to
        ctx.header("X-Accel-Buffering", "no");
        ctx.future(() -> {
            try {
                connection.start(ctx.req(), ctx.res().getOutputStream(), SseFrame.retry(RECONNECT_MILLIS));
            } catch (IOException e) {
                connection.close("could not start");
                throw new UncheckedIOException(e);
            }
            return connection.finished();
        });
        LOG.info("Stream opened: student {}, {} event(s) from before{}", student, fromBefore,
                resume == null ? "" : " (resuming after " + resume.id() + ")");
    }

    private void closed(SseConnection connection, String reason) {
        live.unsubscribe(connection.studentId(), connection);
        LOG.info("Stream closed: student {}: {}", connection.studentId(), reason);
    }

    private ResumePoint resumePoint(String student, String eventId, List<EventFrame> recent) throws SQLException {
        Optional<ResumePoint> stored = store.resumePoint(student, eventId);
        if (stored.isPresent()) {
            return stored.get();
        }
        Optional<ResumePoint> seen = recent.stream().filter(event -> event.id().equals(eventId)).findFirst()
                .map(event -> new ResumePoint(event.event().createdAt(), event.id()));
        if (seen.isEmpty()) {
            LOG.info("Student {} resumes after unknown event {}: sending the whole backlog", student, eventId);
        }
        return seen.orElse(null);
    }

    private static String lastEventId(Context ctx) {
        String text = ctx.header("Last-Event-ID");
        if (text == null || text.isBlank()) {
            text = ctx.queryParam("last_event_id");
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.trim()).toString();
        } catch (IllegalArgumentException notAnEventId) {
            return null;
        }
    }
}
