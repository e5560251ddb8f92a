package io.mistakeflow.gateway.events;

import io.mistakeflow.common.Topics;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one reader of {@link Topics#UI_REFLEX_EVENTS}. Every instance reads every
 * partition (assigned, no consumer group, nothing committed), so any instance can serve any
 * student and instances scale out behind any load balancer. Only committed records are read (the
 * recommender writes in transactions). It starts {@code lookBack} before now, so the recent window
 * is full from the first connection, and picks up partitions added to the topic later.
 */
public final class EventFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    private static final String TOPIC = Topics.UI_REFLEX_EVENTS.name();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long PARTITION_CHECK_MS = 60_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<UiReflexEvent> values = Topics.UI_REFLEX_EVENTS.valueSerde().deserializer();
    private final LiveEvents live;
    private final Duration lookBack;
    private final CompletableFuture<Integer> positioned = new CompletableFuture<>();
    private final AtomicLong published = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    private EventFeed(String bootstrapServers, Map<String, String> clientProperties, LiveEvents live, Duration lookBack) {
        Properties config = new Properties();
        // security and tuning (kafka.* settings) the consumer knows; Streams' own keys are not for it
        clientProperties.forEach((name, value) -> {
            if (ConsumerConfig.configNames().contains(name)) {
                config.put(name, value);
            }
        });
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mistakeflow-gateway-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(config);
        this.live = live;
        this.lookBack = lookBack;
        this.thread = new Thread(this::run, "gateway-event-feed");
        this.thread.setDaemon(true);
    }

    /** Returns once every partition is assigned and positioned, or fails after {@code timeout}. */
    public static EventFeed start(String bootstrapServers, Map<String, String> clientProperties, LiveEvents live,
                                  Duration lookBack, Duration timeout) {
        EventFeed feed = new EventFeed(bootstrapServers, clientProperties, live, lookBack);
        feed.thread.start();
        try {
            int partitions = feed.positioned.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Reading {} ({} partitions) from {} ago on", TOPIC, partitions, lookBack);
            return feed;
        } catch (TimeoutException e) {
            feed.close();
            throw new IllegalStateException("no partitions of " + TOPIC + " at " + bootstrapServers + " after " + timeout
                    + " (is Kafka up, and were the topics created with ./pipeline topics?)");
        } catch (ExecutionException e) {
            feed.close();
            throw new IllegalStateException("cannot read " + TOPIC + " at " + bootstrapServers + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            feed.close();
            throw new IllegalStateException("interrupted while connecting to " + bootstrapServers, e);
        }
    }

    /** False once the feed has stopped for good (an error it could not get past, or close). */
    public boolean running() {
        return thread.isAlive();
    }

    /** Events handed to the fan-out since start. */
    public long published() {
        return published.get();
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            Set<TopicPartition> assigned = waitForPartitions();
            if (assigned.isEmpty()) {
                return;
            }
            positionAt(assigned, System.currentTimeMillis() - lookBack.toMillis());
            positioned.complete(assigned.size());
            long nextPartitionCheck = System.currentTimeMillis() + PARTITION_CHECK_MS;
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    publish(record);
                }
                if (System.currentTimeMillis() >= nextPartitionCheck) {
                    assigned = addNewPartitions(assigned);
                    nextPartitionCheck = System.currentTimeMillis() + PARTITION_CHECK_MS;
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                positioned.completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            positioned.completeExceptionally(e);
            LOG.error("The event feed stopped: {} (live events no longer reach this gateway's streams)", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Set<TopicPartition> waitForPartitions() {
        while (!closing) {
            Set<TopicPartition> partitions;
            try {
                partitions = partitions();
            } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
                continue;
            }
            if (!partitions.isEmpty()) {
                consumer.assign(partitions);
                return partitions;
            }
            sleep(POLL);
        }
        return Set.of();
    }

    private Set<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(TOPIC);
        Set<TopicPartition> partitions = new HashSet<>();
        if (infos != null) {
            infos.forEach(info -> partitions.add(new TopicPartition(TOPIC, info.partition())));
        }
        return partitions;
    }

    /** The first record at or after {@code timestamp} in each partition, or its end. */
    private void positionAt(Set<TopicPartition> partitions, long timestamp) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, timestamp));
        List<TopicPartition> toEnd = new ArrayList<>();
        consumer.offsetsForTimes(query).forEach((partition, found) -> {
            if (found == null) {
                toEnd.add(partition);
            } else {
                consumer.seek(partition, found.offset());
            }
        });
        consumer.seekToEnd(toEnd);
        // seekToEnd is lazy; resolve it now, so "positioned" means what it says
        toEnd.forEach(consumer::position);
    }

    /**
     * A partition added to the topic is read from its beginning: all its records are new. A broker
     * out of reach is no reason to stop: the next check tries again.
     */
    private Set<TopicPartition> addNewPartitions(Set<TopicPartition> assigned) {
        Set<TopicPartition> now;
        try {
            now = partitions();
        } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
            LOG.warn("Cannot list the partitions of {}: {}", TOPIC, unreachable.getMessage());
            return assigned;
        }
        if (!assigned.containsAll(now)) {
            Set<TopicPartition> added = new HashSet<>(now);
            added.removeAll(assigned);
            Set<TopicPartition> all = new HashSet<>(assigned);
            all.addAll(added);
            consumer.assign(all);
            consumer.seekToBeginning(added);
            LOG.info("{} has new partitions {}: reading them too", TOPIC, added);
            return all;
        }
        return assigned;
    }

    private void publish(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        UiReflexEvent event;
        try {
            event = values.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("Skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (event.id() == null || event.studentId() == null || event.eventType() == null || event.createdAt() == null) {
            LOG.warn("Skipping {}-{}@{}: id, student_id, event_type and created_at are required", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        UiReflexEvent canonical;
        try {
            canonical = canonicalIds(event);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping {}-{}@{}: id and student_id must be uuids", record.topic(), record.partition(), record.offset());
            return;
        }
        live.publish(EventFrame.of(canonical));
        published.incrementAndGet();
    }

    /** Ids as Postgres prints uuids (lower case), so they match tokens, rows and resume points. */
    private static UiReflexEvent canonicalIds(UiReflexEvent e) {
        return new UiReflexEvent(UUID.fromString(e.id()).toString(), UUID.fromString(e.studentId()).toString(),
                e.globalTopicUid(), e.eventType(), e.title(), e.message(), e.actionItems(), e.priority(),
                e.recommendationId(), e.sourceMistakeId(), e.delivered(), e.deliveredAt(), e.createdAt());
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }
}
