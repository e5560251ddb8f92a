package io.mistakeflow.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class InstanceAssignmentsTest {

    @Test
    void aStreamThreadsConsumerIsNamedAfterItsInstancesClientId() {
        assertThat(InstanceAssignments.instance("analyzer-2-StreamThread-1-consumer")).isEqualTo("analyzer-2");
    }

    @Test
    void aClientIdWithoutAStreamThreadIsItsOwnInstance() {
        assertThat(InstanceAssignments.instance("connector-consumer-sink-0")).isEqualTo("connector-consumer-sink-0");
    }

    @Test
    void theUnionHoldsEveryPartitionOnce() {
        assertThat(InstanceAssignments.union(List.of(new TreeSet<>(List.of(0, 2, 4)), new TreeSet<>(List.of(1, 3, 4)))))
                .containsExactly(0, 1, 2, 3, 4);
    }
}
