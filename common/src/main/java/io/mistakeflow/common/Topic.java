package io.mistakeflow.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the pipeline and everything about it: the serdes of its keys and values, whether it
 * keeps every record or the latest per key, how it is partitioned and how long it keeps records.
 * The only way the apps name a topic, and what topic creation reads ({@link TopicCreation}).
 *
 * @param retention how long records are kept; null: the broker's default; {@link #FOREVER}: never deleted
 * @param maxMessageBytes the largest record batch the topic takes; null: the broker's default
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Cleanup cleanup,
                          Partitioning partitioning, Duration retention, Integer maxMessageBytes) {

    /** {@code retention.ms=-1}. */
    public static final Duration FOREVER = Duration.ofMillis(-1);

    public enum Cleanup {
        /** Every record, until retention deletes it. */
        DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
        /** The latest record per key (a table's changelog). */
        COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

        private final String policy;

        Cleanup(String policy) {
            this.policy = policy;
        }
    }

    public enum Partitioning {
        /**
         * The deployment's partition count, the same for every such topic: keyed (or partitioned) by
         * student_id, so one student's records share a partition number on every topic.
         */
        BY_STUDENT,
        /** One partition: small tables every instance reads whole, or topics nobody reads in parallel. */
        SINGLE
    }

    public static <K, V> Topic<K, V> of(String name, Serde<K> keySerde, Serde<V> valueSerde, Cleanup cleanup,
                                        Partitioning partitioning) {
        return new Topic<>(name, keySerde, valueSerde, cleanup, partitioning, null, null);
    }

    /** The same topic keeping its records for {@code period}. */
    public Topic<K, V> retainedFor(Duration period) {
        return new Topic<>(name, keySerde, valueSerde, cleanup, partitioning, period, maxMessageBytes);
    }

    /** The same topic taking records (batches) of up to {@code bytes}. */
    public Topic<K, V> takingUpTo(int bytes) {
        return new Topic<>(name, keySerde, valueSerde, cleanup, partitioning, retention, bytes);
    }

    /** The same topic under another name (a replay namespace's copy of an output, for example). */
    public Topic<K, V> renamed(String newName) {
        return new Topic<>(newName, keySerde, valueSerde, cleanup, partitioning, retention, maxMessageBytes);
    }

    public int partitions(int deploymentPartitions) {
        return partitioning == Partitioning.SINGLE ? 1 : deploymentPartitions;
    }

    /** What the admin client creates for this topic. */
    public NewTopic newTopic(int deploymentPartitions, short replicationFactor) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanup.policy);
        if (retention != null) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        }
        if (maxMessageBytes != null) {
            configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        }
        return new NewTopic(name, partitions(deploymentPartitions), replicationFactor).configs(configs);
    }
}
