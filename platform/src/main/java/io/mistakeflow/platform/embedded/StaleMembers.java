package io.mistakeflow.platform.embedded;

import java.util.Collection;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members an earlier run left in consumer groups the embedded stack owns. Streams does not leave
 * its group on close (right for a rolling restart of many instances), and a killed process cannot
 * leave at all: the new members would wait for the old ones' session timeout (45 s) before they
 * get any partition. In the embedded stack each group has one member, the one starting now, so
 * whoever is in the group is gone.
 */
public final class StaleMembers {

    private static final Logger LOG = LoggerFactory.getLogger(StaleMembers.class);

    private StaleMembers() {
    }

    public static void remove(Admin admin, Collection<String> groups) throws InterruptedException, ExecutionException {
        for (var described : admin.describeConsumerGroups(groups).describedGroups().entrySet()) {
            ConsumerGroupDescription group;
            try {
                group = described.getValue().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    continue; // a first start
                }
                throw e;
            }
            if (!group.members().isEmpty()) {
                admin.removeMembersFromConsumerGroup(group.groupId(), new RemoveMembersFromConsumerGroupOptions())
                        .all().get();
                LOG.info("Removed {} member(s) of an earlier run from consumer group {}", group.members().size(),
                        group.groupId());
            }
        }
    }
}
