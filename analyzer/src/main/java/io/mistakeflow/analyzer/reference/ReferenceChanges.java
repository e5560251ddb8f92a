package io.mistakeflow.analyzer.reference;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the changes the loaders made to the reference stores, so a reader rereads a whole store
 * only after it changed. Why: scanning a store per mistake opens an iterator per mistake, and
 * Kafka Streams registers (and removes) an open-iterator metric for each one, which cost a quarter
 * of the analyzer's time. Shared by the loaders (global thread) and the processors (stream threads).
 */
public final class ReferenceChanges {

    private final AtomicLong version = new AtomicLong();

    /** Called by a loader after it changed its store. */
    public void changed() {
        version.incrementAndGet();
    }

    /** Different after every change. */
    public long version() {
        return version.get();
    }
}
