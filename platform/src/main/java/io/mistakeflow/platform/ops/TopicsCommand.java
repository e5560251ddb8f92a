package io.mistakeflow.platform.ops;

import io.mistakeflow.common.TopicCreation;
import io.mistakeflow.platform.UsageException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pipeline topics}: creates the pipeline's topics on a cluster; existing ones are left alone. */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create the pipeline's topics on a cluster.",
                "Each with its partitioning, cleanup policy and retention. Student-keyed topics all get the same"
                        + " partition count (they are co-partitioned); reference, dead-letter and heartbeat topics get"
                        + " one partition. Existing topics are left as they are."})
public final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT")
    private String bootstrapServers;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of the student-keyed topics (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--replication-factor", paramLabel = "R", defaultValue = "1",
            description = "Default: ${DEFAULT-VALUE}.")
    private short replicationFactor;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1 || replicationFactor < 1) {
            throw new UsageException("--partitions and --replication-factor must be at least 1");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicCreation.createAll(admin, partitions, replicationFactor);
        }
        System.out.printf("topics ready on %s: %d partitions, replication factor %d%n", bootstrapServers, partitions,
                replicationFactor);
        return 0;
    }
}
