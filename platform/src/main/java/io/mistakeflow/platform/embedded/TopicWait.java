package io.mistakeflow.platform.embedded;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits for records on a topic, read from the beginning without a consumer group. The runtime uses
 * it so reference rows are on their topics before the apps start: a global store is loaded up to
 * the topic's end before the app runs, so whatever is there by then is known to the first mistake.
 */
public final class TopicWait {

    private TopicWait() {
    }

    /** Until the topic holds at least {@code count} records. */
    public static void awaitRecords(String bootstrapServers, String topic, long count, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Waits.until(count + " record(s) on " + topic, timeout, Duration.ofMillis(50),
                    () -> consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum() >= count);
        }
    }

    /** Until a record with each of {@code keys} has been read. */
    public static void awaitKeys(String bootstrapServers, String topic, Set<String> keys, Duration timeout) {
        Set<String> missing = new HashSet<>(keys);
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Waits.until("records on " + topic + " for " + keys, timeout, Duration.ZERO, () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    missing.remove(record.key());
                }
                return missing.isEmpty();
            }, () -> "missing " + missing);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }
}
