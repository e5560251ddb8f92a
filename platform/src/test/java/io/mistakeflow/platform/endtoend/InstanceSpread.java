package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mistakeflow.platform.embedded.AppInstance;
import io.mistakeflow.platform.embedded.InstanceAssignments;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;

/** What the scale-out tests wait for: a group's partitions split evenly over exactly some instances. */
final class InstanceSpread {

    private InstanceSpread() {
    }

    /** Until exactly {@code names} are in {@code group}, each holding as many of the partitions; logs on failure. */
    static void awaitEvenly(Admin admin, String group, String topic, int partitions, Set<String> names,
                      List<AppInstance> instances) {
        int each = partitions / names.size();
        Set<Integer> all = IntStream.range(0, partitions).boxed().collect(Collectors.toSet());
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<String, SortedSet<Integer>> assignments = InstanceAssignments.of(admin, group, topic);
                assertThat(assignments.keySet()).as(group).isEqualTo(names);
                assertThat(assignments.values()).as(group + " " + assignments).allSatisfy(p -> assertThat(p).hasSize(each));
                assertThat(InstanceAssignments.union(assignments.values())).containsExactlyInAnyOrderElementsOf(all);
            });
        } catch (AssertionError e) {
            instances.forEach(instance -> System.err.println(instance.logTail(30)));
            throw e;
        }
    }

    static long rows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
