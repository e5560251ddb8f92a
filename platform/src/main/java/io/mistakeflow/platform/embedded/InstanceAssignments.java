package io.mistakeflow.platform.embedded;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Which instance of an app holds which partitions of a topic now, from the app's consumer group
 * as the broker sees it: each member's client id begins with its instance's {@code client.id}
 * ({@code analyzer-1-StreamThread-1-consumer}), its assignment lists the partitions of its active
 * tasks (standbys are not in it). A member that was killed stays listed, with its partitions,
 * until its session times out.
 */
public final class InstanceAssignments {

    private static final String THREAD_SUFFIX = "-StreamThread-";

    private InstanceAssignments() {
    }

    /** Instance name (the client id before {@value #THREAD_SUFFIX}) -> partitions of {@code topic}; empty before the group exists. */
    public static Map<String, SortedSet<Integer>> of(Admin admin, String groupId, String topic)
            throws InterruptedException {
        Map<String, SortedSet<Integer>> byInstance = new TreeMap<>();
        ConsumerGroupDescription group;
        try {
            group = admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return byInstance;
            }
            throw new IllegalStateException("cannot describe consumer group " + groupId + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        for (MemberDescription member : group.members()) {
            SortedSet<Integer> partitions = byInstance.computeIfAbsent(instance(member.clientId()), name -> new TreeSet<>());
            for (TopicPartition partition : member.assignment().topicPartitions()) {
                if (partition.topic().equals(topic)) {
                    partitions.add(partition.partition());
                }
            }
        }
        return byInstance;
    }

    /** Every partition held by some instance. */
    public static SortedSet<Integer> union(Collection<SortedSet<Integer>> partitions) {
        SortedSet<Integer> all = new TreeSet<>();
        partitions.forEach(all::addAll);
        return all;
    }

    static String instance(String clientId) {
        int thread = clientId.indexOf(THREAD_SUFFIX);
        return thread < 0 ? clientId : clientId.substring(0, thread);
    }
}
