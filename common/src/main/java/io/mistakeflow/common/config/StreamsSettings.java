package io.mistakeflow.common.config;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.streams.BoundedRocksDbMemory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What both Streams apps need to reach the cluster. Every default is here and in the README's
 * configuration table.
 */
public record StreamsSettings(
        String bootstrapServers,
        String applicationId,
        String stateDir,
        String processingGuarantee,
        int numStreamThreads,
        int numStandbyReplicas,
        int replicationFactor,
        long commitIntervalMs,
        long rocksdbMemoryBytes,
        Map<String, String> kafkaProperties) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String STATE_DIR = "state.dir";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    /** All RocksDB memory of one process (block cache, index and filters, memtables): see {@link BoundedRocksDbMemory}. */
    public static final String ROCKSDB_MEMORY_BYTES = "rocksdb.memory.bytes";
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 64L << 20;

    /** {@code applicationId} is the app's own (it names its consumer group, state and internal topics). */
    public static StreamsSettings from(SettingsSource source, String applicationId) {
        if (source.getLong(ROCKSDB_MEMORY_BYTES, DEFAULT_ROCKSDB_MEMORY_BYTES) < 1L << 20) {
            throw new IllegalArgumentException("setting " + ROCKSDB_MEMORY_BYTES + " must be at least 1048576 (1 MiB)");
        }
        return new StreamsSettings(
                source.get(BOOTSTRAP_SERVERS, "localhost:9092"),
                source.get(applicationId + ".application.id", applicationId),
                source.get(STATE_DIR, System.getProperty("java.io.tmpdir") + "/mistakeflow-state"),
                source.get(PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2),
                source.getInt(NUM_STREAM_THREADS, 1),
                source.getInt(NUM_STANDBY_REPLICAS, 0),
                source.getInt(REPLICATION_FACTOR, -1),
                source.getInt(COMMIT_INTERVAL_MS, 100),
                source.getLong(ROCKSDB_MEMORY_BYTES, DEFAULT_ROCKSDB_MEMORY_BYTES),
                source.kafkaProperties());
    }

    /** The keys {@link #from} reads for the app {@code applicationId} (besides {@code kafka.*}). */
    public static List<String> keys(String applicationId) {
        return List.of(BOOTSTRAP_SERVERS, applicationId + ".application.id", STATE_DIR, PROCESSING_GUARANTEE,
                NUM_STREAM_THREADS, NUM_STANDBY_REPLICAS, REPLICATION_FACTOR, COMMIT_INTERVAL_MS, ROCKSDB_MEMORY_BYTES);
    }

    public Properties toProperties() {
        Properties props = new Properties();
        // any client property first (security, tuning); the keys above win over kafka.* twins
        props.putAll(kafkaProperties);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, numStreamThreads);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, numStandbyReplicas);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, rocksdbMemoryBytes);
        // auto-generated names change with the topology and orphan state: every name is explicit
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // a dead-lettered copy of the largest input record the broker takes is larger by its headers
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Topics.DEAD_LETTER.maxMessageBytes());
        return props;
    }
}
