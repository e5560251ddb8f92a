package io.mistakeflow.platform.ops;

import io.mistakeflow.platform.Args;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** {@code ./pipeline topics}: creates the pipeline's topics on a cluster; existing ones are left alone. */
public final class TopicsCommand {

    private static final String HELP = String.join("\n",
            "usage: ./pipeline topics --bootstrap-servers HOST:PORT [--partitions N] [--replication-factor R]",
            "  defaults: 3 partitions for the student-keyed topics (all the same: they are co-partitioned),",
            "  replication factor 1; reference, dead-letter and heartbeat topics get one partition.");

    private TopicsCommand() {
    }

    public static int run(String[] argv) throws Exception {
        if (Args.helpAsked(argv, HELP)) {
            return 0;
        }
        Args args = Args.parse(argv, Set.of("--bootstrap-servers", "--partitions", "--replication-factor"), Set.of());
        String servers = args.required("--bootstrap-servers");
        int partitions = args.getInt("--partitions", 3);
        short replication = (short) args.getInt("--replication-factor", 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            TopicSetup.createAll(admin, partitions, replication);
        }
        System.out.printf("topics ready on %s: %d partitions, replication factor %d%n", servers, partitions, replication);
        return 0;
    }
}
