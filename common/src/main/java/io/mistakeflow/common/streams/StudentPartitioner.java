package io.mistakeflow.common.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts every output record in the partition its student's mistakes are in (the default
 * partitioner's hash of the student id), so one student's rows stay in order end to end.
 */
public final class StudentPartitioner<K, V> implements StreamPartitioner<K, V> {

    private final Function<V, String> studentId;

    public StudentPartitioner(Function<V, String> studentId) {
        this.studentId = studentId;
    }

    public static int partitionOf(String studentId, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(studentId.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return Optional.of(Set.of(partitionOf(studentId.apply(value), numPartitions)));
    }
}
