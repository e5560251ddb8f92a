package io.mistakeflow.platform.endtoend;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When the first committed record appears on some partitions of a topic after a fault: how long a
 * takeover left those partitions without output. Start it once the faulty process is dead. Records
 * seen in the first {@link #SETTLE} are left out: a transaction the dead process had asked to
 * commit is completed by the broker's coordinator after its death (measured: within 0.3 s), and
 * no survivor can take over before the session timeout (6 s at least) anyway.
 */
final class FirstOutput implements AutoCloseable {

    static final Duration SETTLE = Duration.ofSeconds(1);

    private final CompletableFuture<Long> seenAt = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread poller;

    private FirstOutput(KafkaConsumer<String, String> consumer) {
        long settled = System.nanoTime() + SETTLE.toNanos();
        poller = new Thread(() -> {
            try (consumer) {
                while (!closed.get() && !seenAt.isDone()) {
                    boolean seen = !consumer.poll(Duration.ofMillis(50)).isEmpty();
                    if (seen && System.nanoTime() >= settled) {
                        seenAt.complete(System.nanoTime());
                    }
                }
            } catch (RuntimeException e) {
                seenAt.completeExceptionally(e);
            }
        }, "first-output");
        poller.setDaemon(true);
        poller.start();
    }

    static FirstOutput watch(String bootstrapServers, String topic, Collection<Integer> partitions) {
        KafkaConsumer<String, String> consumer = CommittedRecords.consumer(bootstrapServers);
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(consumer::position); // resolves the end now, not at the first poll
        return new FirstOutput(consumer);
    }

    long awaitMillisSince(long nanoTime) throws Exception {
        return TimeUnit.NANOSECONDS.toMillis(seenAt.get(120, TimeUnit.SECONDS) - nanoTime);
    }

    @Override
    public void close() throws InterruptedException {
        closed.set(true);
        poller.join(5_000);
    }
}
