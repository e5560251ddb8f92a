package io.mistakeflow.gateway.feedback;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags set on rows the gateway has seen on the topic but the sink has not written yet (a client
 * acknowledges an event the moment it arrives; the row follows a moment later). They are retried
 * until the row is there, for at most {@code patience} (the recent window: beyond it the gateway
 * could not have vouched for the row). At most {@code max} wait at a time.
 */
final class DeferredWrites implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredWrites.class);
    static final Duration RETRY_EVERY = Duration.ofMillis(200);

    private record Key(FrontendFlag flag, String id) {
    }

    private record Pending(String studentId, Instant at, long deadlineNanos) {
    }

    private final FeedbackStore store;
    private final long patienceNanos;
    private final int max;
    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gateway-deferred-writes");
        thread.setDaemon(true);
        return thread;
    });

    DeferredWrites(FeedbackStore store, Duration patience, int max) {
        this.store = store;
        this.patienceNanos = patience.toNanos();
        this.max = max;
        retries.scheduleWithFixedDelay(this::retry, RETRY_EVERY.toMillis(), RETRY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return false when too many writes wait already */
    boolean defer(FrontendFlag flag, String studentId, String id, Instant at) {
        if (pending.size() >= max) {
            return false;
        }
        // a repeated call keeps the first time: that is when the client first said so
        pending.putIfAbsent(new Key(flag, id), new Pending(studentId, at, System.nanoTime() + patienceNanos));
        return true;
    }

    int waiting() {
        return pending.size();
    }

    @Override
    public void close() {
        retries.shutdownNow();
        if (!pending.isEmpty()) {
            LOG.warn("{} deferred frontend write(s) not applied at shutdown (their rows had not arrived)", pending.size());
        }
    }

    private void retry() {
        for (Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Pending> entry = it.next();
            Key key = entry.getKey();
            Pending write = entry.getValue();
            try {
                FeedbackStore.Mark mark = store.mark(key.flag(), write.studentId(), key.id(), write.at());
                switch (mark.outcome()) {
                    case MARKED, ALREADY -> it.remove();
                    case NOT_THEIRS -> {
                        it.remove();
                        LOG.warn("Deferred {} of {} {} dropped: the row is another student's", key.flag().column(),
                                key.flag().rowName(), key.id());
                    }
                    case MISSING -> {
                        if (System.nanoTime() > write.deadlineNanos()) {
                            it.remove();
                            LOG.warn("Deferred {} of {} {} dropped: the row did not arrive in time", key.flag().column(),
                                    key.flag().rowName(), key.id());
                        }
                    }
                }
            } catch (SQLException e) {
                LOG.warn("Deferred {} of {} {} not applied yet: {}", key.flag().column(), key.flag().rowName(), key.id(),
                        e.getMessage());
                return;
            }
        }
    }
}
