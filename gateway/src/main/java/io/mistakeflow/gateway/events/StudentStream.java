package io.mistakeflow.gateway.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one SSE connection still has to send, in order, each event once. No I/O: the connection
 * offers events and takes frames.
 *
 * <p>The race between the database and the topic is closed by the order of start-up: the
 * connection subscribes to live events first (they wait here, "early"), then reads the backlog,
 * then {@link #begin} queues the backlog, the recent events from before the subscription, and the
 * early live ones, skipping every id already queued. An event is in the backlog, in the recent
 * window or live after the subscription, so none is lost and none is sent twice.
 *
 * <p>Bounds: live events (and heartbeats) waiting to be written are at most {@code bufferEvents};
 * an offer beyond that fails and the connection drops the client, so a slow reader costs a bounded
 * amount of memory. The backlog (at most the backlog limit) comes on top. The ids already sent are
 * remembered up to {@code rememberedIds} (the newest): enough for the start-up overlap, and for a
 * re-emitted event of the recent past.
 */
final class StudentStream {

    private final int bufferEvents;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final List<EventFrame> early = new ArrayList<>();
    private final Set<String> sent;
    /** Frames at the head of {@link #queue} that came from before the connection (not bounded by the buffer). */
    private int backlogQueued;
    private boolean begun;

    StudentStream(int bufferEvents, int rememberedIds) {
        this.bufferEvents = bufferEvents;
        this.sent = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > rememberedIds;
            }
        });
    }

    /**
     * Queues the events that predate the connection, then the live ones that came meanwhile.
     *
     * @param backlog undelivered rows from Postgres after the resume point, oldest first
     * @param recent the student's events from the topic's recent past, in arrival order
     * @param resume where the client left off, or null
     * @param delivered ids among {@code recent} that Postgres already has as delivered
     */
    synchronized void begin(List<EventFrame> backlog, List<EventFrame> recent, ResumePoint resume, Set<String> delivered) {
        for (EventFrame event : backlog) {
            if (sent.add(event.id())) {
                queue.add(event.frame());
                backlogQueued++;
            }
        }
        for (EventFrame event : recent) {
            boolean hadIt = (resume != null && resume.covers(event.event())) || delivered.contains(event.id());
            if (!hadIt && sent.add(event.id())) {
                queue.add(event.frame());
                backlogQueued++;
            }
        }
        for (EventFrame event : early) {
            if (sent.add(event.id())) {
                queue.add(event.frame());
            }
        }
        early.clear();
        begun = true;
    }

    /** @return false when the client's buffer is full: it must be dropped */
    synchronized boolean offerLive(EventFrame event) {
        if (!begun) {
            if (early.size() >= bufferEvents) {
                return false;
            }
            early.add(event);
            return true;
        }
        if (sent.contains(event.id())) {
            return true;
        }
        if (liveQueued() >= bufferEvents) {
            return false;
        }
        sent.add(event.id());
        queue.add(event.frame());
        return true;
    }

    /**
     * A heartbeat goes only into an empty queue: while frames wait, the connection is not idle
     * (a write is under way, and a write that never finishes is the server's idle timeout's job).
     */
    synchronized void offerHeartbeat() {
        if (begun && queue.isEmpty()) {
            queue.add(SseFrame.HEARTBEAT);
        }
    }

    /** The next frame to write, or null. */
    synchronized byte[] poll() {
        byte[] frame = queue.poll();
        if (frame != null && backlogQueued > 0) {
            backlogQueued--;
        }
        return frame;
    }

    synchronized int queued() {
        return queue.size();
    }

    private int liveQueued() {
        return queue.size() - backlogQueued;
    }
}
