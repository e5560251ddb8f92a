package io.mistakeflow.platform.ops;

import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the pipeline's topics ({@link Topics}) with their partitioning and cleanup policy, plus
 * Debezium's heartbeat topic: for the embedded stack and for {@code ./pipeline topics}.
 */
public final class TopicSetup {

    /**
     * Debezium's heartbeat records (default prefix + topic.prefix). The source would create it on
     * its first heartbeat; creating it up front saves a metadata warning at start-up.
     */
    public static final String DEBEZIUM_HEARTBEAT = "__debezium-heartbeat.mistakeflow";

    /** One topic: its name, whether it keeps only the latest record per key, and a fixed partition count (0 = the stack's). */
    record Spec(String name, boolean compacted, int fixedPartitions) {
    }

    static final List<Spec> ALL = specs();

    private static List<Spec> specs() {
        List<Spec> specs = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.ALL) {
            specs.add(new Spec(topic.name(), Topics.COMPACTED.contains(topic), Topics.SINGLE_PARTITION.contains(topic) ? 1 : 0));
        }
        specs.add(new Spec(DEBEZIUM_HEARTBEAT, false, 1));
        return List.copyOf(specs);
    }

    private TopicSetup() {
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public static void createAll(Admin admin, int partitions, short replicationFactor)
            throws InterruptedException, ExecutionException {
        var topics = ALL.stream()
                .map(spec -> new NewTopic(spec.name(), spec.fixedPartitions() > 0 ? spec.fixedPartitions() : partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                                spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE)))
                .toList();
        for (var result : admin.createTopics(topics).values().entrySet()) {
            try {
                result.getValue().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new ExecutionException("cannot create topic " + result.getKey(), e.getCause());
                }
            }
        }
    }
}
