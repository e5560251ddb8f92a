package io.mistakeflow.platform.generate;

import io.mistakeflow.common.mistake.Mistake;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inserts generated mistakes at a steady rate, the way many learning apps together would: whatever
 * is due goes in as one transaction, every few milliseconds. occurred_at is the wall-clock time
 * just before the insert, so the delay to a row written by the sink (which stamps its own arrival
 * time) is the end-to-end latency.
 */
public final class PacedInserts implements Runnable {

    /** Rows due at once are capped, so a slow database makes the rate sag rather than the transactions grow. */
    private static final int MAX_BATCH = 500;
    private static final long MAX_PAUSE_MILLIS = 10;

    private final Connection connection;
    private final MistakeGenerator generator;
    private final double perSecond;
    private final AtomicLong inserted = new AtomicLong();
    private volatile boolean stopping;
    private volatile Exception failure;

    public PacedInserts(Connection connection, MistakeGenerator generator, double perSecond) {
        this.connection = connection;
        this.generator = generator;
        this.perSecond = perSecond;
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        long pause = Math.max(1, Math.min(MAX_PAUSE_MILLIS, (long) (1000 / perSecond)));
        try {
            while (!stopping) {
                long due = (long) ((System.nanoTime() - started) / 1e9 * perSecond) - inserted.get();
                if (due <= 0) {
                    Thread.sleep(pause);
                    continue;
                }
                List<Mistake> batch = new ArrayList<>((int) Math.min(due, MAX_BATCH));
                for (int i = 0; i < Math.min(due, MAX_BATCH); i++) {
                    batch.add(generator.next(Instant.now().truncatedTo(ChronoUnit.MICROS)));
                }
                MistakeWriter.insert(connection, batch);
                inserted.addAndGet(batch.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
    }

    public long inserted() {
        return inserted.get();
    }

    /** Why the inserts stopped on their own, or null. */
    public Exception failure() {
        return failure;
    }

    public void stop() {
        stopping = true;
    }
}
