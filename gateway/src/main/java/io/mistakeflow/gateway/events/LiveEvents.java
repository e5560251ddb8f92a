package io.mistakeflow.gateway.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Fans the topic's events out to the connections of their student, and keeps count of those
 * connections: at most {@code perStudent} per student and {@code max} in all on this instance.
 *
 * <p>Order matters for {@link StudentStream}'s guarantee: {@link #publish} puts an event into the
 * recent window before it delivers it, and {@link #subscribe} registers before it reads the window.
 * Whatever the interleaving, a new subscriber gets each event from the window, live, or both
 * (and the stream keeps one).
 */
public final class LiveEvents {

    /** One connection's end of the fan-out. */
    public interface Subscriber {
        /** Called on the feed's thread: must not block. */
        void deliver(EventFrame event);

        void heartbeat();
    }

    /** Refused because of a limit; the message says which. */
    public static final class TooManyStreams extends Exception {
        private final boolean perStudent;

        TooManyStreams(String message, boolean perStudent) {
            super(message);
            this.perStudent = perStudent;
        }

        /** True for the student's own limit, false for the instance's. */
        public boolean perStudent() {
            return perStudent;
        }
    }

    private final RecentEvents recent;
    private final int perStudent;
    private final int max;
    private final LongSupplier monotonicMillis;
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    public LiveEvents(RecentEvents recent, int perStudent, int max, LongSupplier monotonicMillis) {
        this.recent = recent;
        this.perStudent = perStudent;
        this.max = max;
        this.monotonicMillis = monotonicMillis;
    }

    /**
     * Registers a connection of {@code studentId}.
     *
     * @return the student's recent events (from before this call), in arrival order
     */
    public List<EventFrame> subscribe(String studentId, Subscriber subscriber) throws TooManyStreams {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new TooManyStreams("this gateway holds its maximum of " + max + " streams", false);
        }
        boolean[] added = {false};
        subscribers.compute(studentId, (student, current) -> {
            Set<Subscriber> set = current == null ? new CopyOnWriteArraySet<>() : current;
            if (set.size() < perStudent) {
                added[0] = set.add(subscriber);
            }
            return set;
        });
        if (!added[0]) {
            open.decrementAndGet();
            throw new TooManyStreams("at most " + perStudent + " streams per student are open at a time", true);
        }
        return recent.of(studentId, monotonicMillis.getAsLong());
    }

    public void unsubscribe(String studentId, Subscriber subscriber) {
        boolean[] removed = {false};
        subscribers.computeIfPresent(studentId, (student, set) -> {
            removed[0] = set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            open.decrementAndGet();
        }
    }

    /** Called by the feed, one event at a time. */
    public void publish(EventFrame event) {
        recent.add(event, monotonicMillis.getAsLong());
        Set<Subscriber> set = subscribers.get(event.studentId());
        if (set != null) {
            set.forEach(subscriber -> subscriber.deliver(event));
        }
    }

    public void heartbeat() {
        subscribers.values().forEach(set -> set.forEach(Subscriber::heartbeat));
    }

    public int openStreams() {
        return open.get();
    }

    public RecentEvents recent() {
        return recent;
    }
}
