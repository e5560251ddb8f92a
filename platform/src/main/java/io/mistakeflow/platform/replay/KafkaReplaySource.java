package io.mistakeflow.platform.replay;

import io.mistakeflow.common.Rows;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.platform.simulate.InputRow;
import io.mistakeflow.platform.simulate.ReferenceRows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The input topics, read with a group-less consumer (assigned partitions, nothing committed), so a
 * replay leaves no consumer group and no offsets behind. Every partition is read up to its end
 * offset as captured when the source opens (the last stable offset: only committed records), then
 * the source ends. Partitions are merged by record timestamp (the commit time), the order in which
 * the database committed the rows.
 */
final class KafkaReplaySource implements ReplaySource {

    /** A partition stops being fetched with this many records buffered, so memory stays bounded. */
    private static final int BUFFERED_PER_PARTITION = 2_000;
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long the broker may give nothing while records remain before the replay gives up. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final ReplayWindow window;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> starts = new HashMap<>();
    private final Map<TopicPartition, Long> ends = new HashMap<>();

    KafkaReplaySource(String bootstrapServers, Map<String, String> clientProperties, String clientId, ReplayWindow window) {
        this.bootstrapServers = bootstrapServers;
        this.window = window;
        Properties config = new Properties();
        config.putAll(clientProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = partitions(Topics.MISTAKES);
            if (partitions.isEmpty()) {
                throw new ReplayException("no topic " + Topics.MISTAKES.name() + " on Kafka at " + bootstrapServers);
            }
            capture(partitions);
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw new ReplayException("cannot read Kafka at " + bootstrapServers, e);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public String describe() {
        return "kafka " + bootstrapServers;
    }

    /** Where each partition starts (the beginning, or the first record that can hold --since) and ends. */
    private void capture(List<TopicPartition> partitions) {
        ends.putAll(consumer.endOffsets(partitions));
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        starts.putAll(beginnings);
        if (window.since() != null) {
            // occurred_at is at most a day after its record's timestamp (Rows), so no record before
            // since - 1 day can hold a mistake at or after since.
            long from = window.since().minus(Rows.MAX_OCCURRED_AFTER_COMMIT).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from));
            for (Map.Entry<TopicPartition, OffsetAndTimestamp> found : consumer.offsetsForTimes(query).entrySet()) {
                starts.put(found.getKey(), found.getValue() == null ? ends.get(found.getKey()) : found.getValue().offset());
            }
        }
    }

    @Override
    public long total() {
        return ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.get(e.getKey())).sum();
    }

    /** Each reference topic read to its current end, latest value per key; a tombstone removes its key. */
    @Override
    public ReferenceRows reference() {
        return new ReferenceRows(latest(Topics.MISTAKE_TYPES), latest(Topics.PRESETS), latest(Topics.STUDENT_SETTINGS));
    }

    private List<InputRow> latest(Topic<String, byte[]> topic) {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> topicEnds = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<String, InputRow> rows = new LinkedHashMap<>();
        long unkeyed = 0;
        Instant deadline = Instant.now().plus(STALL);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < topicEnds.get(p))) {
            if (Instant.now().isAfter(deadline)) {
                throw new ReplayException("Kafka at " + bootstrapServers + " stopped answering while " + topic.name() + " was read");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() >= topicEnds.get(new TopicPartition(record.topic(), record.partition()))) {
                    continue;
                }
                // a row without a key cannot be a table's row; kept so the run reports it
                String key = record.key() == null ? "\0" + unkeyed++ : new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null) {
                    rows.remove(key);
                } else {
                    rows.remove(key);
                    rows.put(key, row(record));
                }
            }
        }
        consumer.assign(List.of());
        return new ArrayList<>(rows.values());
    }

    private List<TopicPartition> partitions(Topic<?, ?> topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(15));
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static InputRow row(ConsumerRecord<byte[], byte[]> record) {
        return new InputRow(record.value(), Instant.ofEpochMilli(record.timestamp()),
                record.topic() + " partition " + record.partition() + " offset " + record.offset());
    }

    @Override
    public Iterable<InputRow> mistakes() {
        return Merge::new;
    }

    /** The partitions of the mistakes topic merged by record timestamp, ties by partition, up to the captured ends. */
    private final class Merge implements Iterator<InputRow> {

        private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new LinkedHashMap<>();
        private InputRow next;

        Merge() {
            List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, starts.get(partition));
                buffers.put(partition, new ArrayDeque<>());
            }
            next = advance();
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public InputRow next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            InputRow row = next;
            next = advance();
            return row;
        }

        private InputRow advance() {
            while (true) {
                fill();
                TopicPartition earliest = null;
                for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffer : buffers.entrySet()) {
                    ConsumerRecord<byte[], byte[]> head = buffer.getValue().peek();
                    if (head != null && (earliest == null || head.timestamp() < buffers.get(earliest).peek().timestamp())) {
                        earliest = buffer.getKey();
                    }
                }
                if (earliest == null) {
                    return null;
                }
                ConsumerRecord<byte[], byte[]> record = buffers.get(earliest).poll();
                if (record.value() != null && window.admits(record.value())) {
                    return row(record);
                }
            }
        }

        /** Until every partition has a record buffered or has reached its end. */
        private void fill() {
            Instant deadline = Instant.now().plus(STALL);
            while (true) {
                List<TopicPartition> fetch = new ArrayList<>();
                boolean waiting = false;
                for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffer : buffers.entrySet()) {
                    boolean done = consumer.position(buffer.getKey()) >= ends.get(buffer.getKey());
                    if (!done && buffer.getValue().size() < BUFFERED_PER_PARTITION) {
                        fetch.add(buffer.getKey());
                    }
                    waiting |= buffer.getValue().isEmpty() && !done;
                }
                if (!waiting) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new ReplayException("Kafka at " + bootstrapServers + " stopped answering before the end offsets");
                }
                consumer.pause(consumer.assignment());
                consumer.resume(fetch);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        buffers.get(partition).add(record);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
