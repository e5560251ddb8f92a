package io.mistakeflow.platform.demo;

import io.mistakeflow.common.Topics;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import io.mistakeflow.platform.embedded.TopicWait;
import io.mistakeflow.platform.generate.MistakeGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The mistake_types rows of the generator's codes. Seed them before the apps start (a
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
     * Inserts {@link MistakeGenerator#KNOWN_CODES} with their severities where missing; existing
     * rows keep theirs.
     *
     * @return the codes inserted now
     */
    public static Set<String> seedMistakeTypes(Connection connection) throws SQLException {
        Set<String> inserted = new LinkedHashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO mistake_types (mistake_code, severity) VALUES (?, ?) ON CONFLICT (mistake_code) DO NOTHING"
                        + " RETURNING mistake_code")) {
            for (int i = 0; i < MistakeGenerator.KNOWN_CODES.size(); i++) {
                insert.setString(1, MistakeGenerator.KNOWN_CODES.get(i));
                insert.setInt(2, MistakeGenerator.SEVERITIES[i]);
                try (ResultSet row = insert.executeQuery()) {
                    if (row.next()) {
                        inserted.add(row.getString(1));
                    }
                }
            }
        }
        return inserted;
    }
}
