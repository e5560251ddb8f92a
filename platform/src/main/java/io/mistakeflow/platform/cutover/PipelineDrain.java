package io.mistakeflow.platform.cutover;

import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.connectors.ConnectorDefinition;
import io.mistakeflow.recommender.RecommenderSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The pipeline has caught up with the students handed back when (1) every mistake stamped
 * {@code pipeline} of theirs with a positive time has its student_mistake_analysis row (Debezium
 * and the analyzer got that far) and (2) no consumer group of the pipeline (analyzer, recommender,
 * the five JDBC sinks) has a committed record left to read. A group's committed offset may stop
 * short of the end by transaction markers only, so the gap is read (read_committed) for records.
 */
public final class PipelineDrain implements Drain {

    private static final Duration POLL = Duration.ofMillis(250);

    private final Map<String, Object> kafka;
    private final List<String> groups;
    private final Duration timeout;

    public PipelineDrain(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
        this.kafka = new HashMap<>(clientProperties);
        this.kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.timeout = timeout;
        this.groups = pipelineGroups();
    }

    /** The Streams apps' groups (their application ids) and the sinks' (connect-NAME). */
    static List<String> pipelineGroups() {
        List<String> names = new ArrayList<>(List.of(AnalyzerSettings.APPLICATION_ID, RecommenderSettings.APPLICATION_ID));
        for (String sink : ConnectorDefinition.SINKS) {
            names.add("connect-" + ConnectorDefinition.load(sink).name());
        }
        return names;
    }

    @Override
    public DrainReport await(Connection connection, int fromBucket, int toBucket) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long firstMistakes = -1;
        long firstRecords = -1;
        try (Admin admin = Admin.create(kafka); KafkaConsumer<byte[], byte[]> reader = reader()) {
            while (true) {
                long mistakes = unanalysed(connection, fromBucket, toBucket);
                long records = mistakes > 0 ? -1 : pendingRecords(admin, reader);
                if (firstMistakes < 0) {
                    firstMistakes = mistakes;
                    firstRecords = Math.max(records, 0);
                }
                if (mistakes == 0 && records == 0) {
                    return new DrainReport(Duration.ofNanos(System.nanoTime() - started), firstMistakes, firstRecords);
                }
                if (System.nanoTime() > deadline) {
                    throw new CutoverException("the pipeline did not catch up within " + timeout.toSeconds() + " s ("
                            + (mistakes > 0 ? mistakes + " mistakes of the students handed back not analysed yet"
                            : records + " records not yet read by its consumer groups")
                            + "); nothing was changed: is the pipeline running?");
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (ExecutionException e) {
            throw new CutoverException("cannot read the consumer groups from Kafka: " + e.getCause().getMessage());
        }
    }

    private static long unanalysed(Connection connection, int fromBucket, int toBucket) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM student_mistakes m"
                + " WHERE m.analysed_by = 'pipeline' AND m.time_spent_seconds > 0"
                + " AND mistakeflow_rollout_bucket(m.student_id) >= ? AND mistakeflow_rollout_bucket(m.student_id) < ?"
                + " AND NOT EXISTS (SELECT 1 FROM student_mistake_analysis a WHERE a.mistake_id = m.id)")) {
            select.setInt(1, fromBucket);
            select.setInt(2, toBucket);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Committed records the pipeline's groups have not read yet. */
    private long pendingRecords(Admin admin, KafkaConsumer<byte[], byte[]> reader)
            throws ExecutionException, InterruptedException {
        long pending = 0;
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                long end = ends.get(entry.getKey()).offset();
                if (entry.getValue().offset() < end) {
                    pending += recordsBetween(reader, entry.getKey(), entry.getValue().offset(), end);
                }
            }
        }
        return pending;
    }

    /** Records (not transaction markers) in [from, to) of a partition. */
    private static long recordsBetween(KafkaConsumer<byte[], byte[]> reader, TopicPartition partition, long from, long to) {
        reader.assign(List.of(partition));
        reader.seek(partition, from);
        long found = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reader.position(partition) < to && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                if (record.offset() < to) {
                    found++;
                }
            }
            if (found > 0) {
                return found;
            }
        }
        return reader.position(partition) < to ? Math.max(found, 1) : found;
    }

    private KafkaConsumer<byte[], byte[]> reader() {
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mistakeflow-cutover-drain");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
