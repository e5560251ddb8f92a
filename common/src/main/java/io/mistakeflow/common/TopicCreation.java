package io.mistakeflow.common;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics as each {@link Topic} declares itself; existing topics are left as they are. */
public final class TopicCreation {

    private TopicCreation() {
    }

    /** Every topic of {@link Topics#ALL}. */
    public static void createAll(Admin admin, int partitions, short replicationFactor)
            throws InterruptedException, ExecutionException {
        create(admin, Topics.ALL, partitions, replicationFactor);
    }

    /** {@code partitions} is the deployment's count, taken by every {@link Topic.Partitioning#BY_STUDENT} topic. */
    public static void create(Admin admin, Collection<? extends Topic<?, ?>> topics, int partitions,
                              short replicationFactor) throws InterruptedException, ExecutionException {
        List<NewTopic> wanted = topics.stream().map(topic -> topic.newTopic(partitions, replicationFactor)).toList();
        for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(wanted).values().entrySet()) {
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
