package io.mistakeflow.platform.demo;

import io.mistakeflow.common.Topics;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import io.mistakeflow.platform.embedded.TopicWait;
import io.mistakeflow.platform.generate.ExampleMistakeTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The example mistake_types rows (the generator's codes). Seed them before the apps start (a
 * {@link io.mistakeflow.platform.embedded.PipelineRuntime.Preparation}): the analyzer loads mistake types into a global store,
 * which is read up to the topic's end before the app runs but asynchronously afterwards, so a
 * mistake inserted right after a new type could otherwise be analysed without it.
 */
public final class ReferenceData {

    private static final Duration CAPTURE_TIMEOUT = Duration.ofSeconds(30);

    private ReferenceData() {
    }

    /** Inserts the codes that are missing and waits until Debezium has put them on their topic. */
    public static void seedMistakeTypes(EmbeddedStack stack) throws SQLException {
        Set<String> inserted;
        try (Connection connection = stack.postgres().connect()) {
            inserted = seedMistakeTypes(connection);
        }
        if (!inserted.isEmpty()) {
            TopicWait.awaitKeys(stack.bootstrapServers(), Topics.MISTAKE_TYPES.name(), inserted, CAPTURE_TIMEOUT);
        }
    }

    /**
     * Runs the example seed ({@link ExampleMistakeTypes#SEED_RESOURCE}, the file docker-compose's
     * {@code seed} service runs too): the codes that are missing are inserted, existing rows keep
     * their severity.
     *
     * @return the codes inserted now
     */
    public static Set<String> seedMistakeTypes(Connection connection) throws SQLException {
        Set<String> inserted = new LinkedHashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(ExampleMistakeTypes.sql());
             ResultSet row = insert.executeQuery()) {
            while (row.next()) {
                inserted.add(row.getString(1));
            }
        }
        return inserted;
    }
}
