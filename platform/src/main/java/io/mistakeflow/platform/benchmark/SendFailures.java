package io.mistakeflow.platform.benchmark;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Counts the sends of a benchmark's backlog that failed: a backlog with holes would measure less work than it says. */
final class SendFailures implements Callback {

    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            count.incrementAndGet();
            first.compareAndSet(null, exception);
        }
    }

    /** After the producer's flush: fails if any send did. */
    void check() {
        if (count.get() > 0) {
            throw new IllegalStateException(count.get() + " records of the backlog were not written: "
                    + first.get().getMessage());
        }
    }
}
