package io.mistakeflow.gateway.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of the topic's recent past (a time window, and a cap on their number), by student.
 * They cover the sink's lag: an event is on the topic a moment before its row is in Postgres, so
 * a client connecting in between would find it in neither the backlog nor the live stream, and
 * an acknowledgement in between would find no row. The window answers both.
 *
 * <p>Times are the caller's monotonic milliseconds (arrival at this gateway), so a clock change
 * neither keeps nor drops events.
 */
public final class RecentEvents {

    private record Arrival(EventFrame event, long atMillis) {
    }

    private final long windowMillis;
    private final int maxEvents;
    private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();
    private final Map<String, ArrayDeque<EventFrame>> byStudent = new HashMap<>();
    private final Map<String, EventFrame> byId = new HashMap<>();

    public RecentEvents(Duration window, int maxEvents) {
        this.windowMillis = window.toMillis();
        this.maxEvents = maxEvents;
    }

    public synchronized void add(EventFrame event, long nowMillis) {
        if (maxEvents == 0) {
            return;
        }
        arrivals.add(new Arrival(event, nowMillis));
        byStudent.computeIfAbsent(event.studentId(), student -> new ArrayDeque<>()).add(event);
        byId.put(event.id(), event);
        while (arrivals.size() > maxEvents) {
            forgetOldest();
        }
        prune(nowMillis);
    }

    /** The student's recent events, in arrival order. */
    public synchronized List<EventFrame> of(String studentId, long nowMillis) {
        prune(nowMillis);
        ArrayDeque<EventFrame> events = byStudent.get(studentId);
        return events == null ? List.of() : List.copyOf(events);
    }

    /** The event with this id, if it is recent and the student's. */
    public synchronized Optional<EventFrame> find(String studentId, String eventId, long nowMillis) {
        prune(nowMillis);
        EventFrame event = byId.get(eventId);
        return event != null && event.studentId().equals(studentId) ? Optional.of(event) : Optional.empty();
    }

    /** True when a recent event of the student is about this recommendation. */
    public synchronized boolean mentionsRecommendation(String studentId, String recommendationId, long nowMillis) {
        prune(nowMillis);
        ArrayDeque<EventFrame> events = byStudent.get(studentId);
        return events != null && events.stream().anyMatch(e -> recommendationId.equals(e.event().recommendationId()));
    }

    public synchronized int size() {
        return arrivals.size();
    }

    private void prune(long nowMillis) {
        while (!arrivals.isEmpty() && nowMillis - arrivals.peekFirst().atMillis() > windowMillis) {
            forgetOldest();
        }
    }

    /** The oldest arrival is also the oldest of its student's, so it is at the head of both. */
    private void forgetOldest() {
        EventFrame oldest = arrivals.pollFirst().event();
        ArrayDeque<EventFrame> students = byStudent.get(oldest.studentId());
        students.pollFirst();
        if (students.isEmpty()) {
            byStudent.remove(oldest.studentId());
        }
        // a re-emitted id points at its newer copy, which stays
        byId.remove(oldest.id(), oldest);
    }
}
