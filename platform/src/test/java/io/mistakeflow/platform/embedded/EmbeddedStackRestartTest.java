package io.mistakeflow.platform.embedded;

import io.mistakeflow.common.Topics;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kept data directory: state survives a stop, and a clean stop can drop the replication slot. */
class EmbeddedStackRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void keptDataDirSurvivesRestartAndSlotIsDroppedOnlyWhenAsked() throws Exception {
        EmbeddedStack.Options options = EmbeddedStack.Options.defaults().withDataDir(dataDir).withPartitions(2);
        try (EmbeddedStack first = EmbeddedStack.start(options)) {
            execute(first, "INSERT INTO mistake_types (mistake_code, severity) VALUES ('SIGN_ERROR', 2)");
        }
        try (EmbeddedStack second = EmbeddedStack.start(options.withDropSlotOnStop(true))) {
            assertThat(single(second, "SELECT count(*) FROM mistake_types")).isEqualTo(1L);
            try (var admin = second.kafka().admin()) {
                assertThat(admin.listTopics().names().get()).contains(Topics.MISTAKES.name(), Topics.DEAD_LETTER.name());
                assertThat(admin.describeTopics(Set.of(Topics.MISTAKES.name())).allTopicNames().get()
                        .get(Topics.MISTAKES.name()).partitions()).hasSize(2);
            }
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir.resolve("postgres"));
             Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet slots = statement.executeQuery("SELECT count(*) FROM pg_replication_slots")) {
            slots.next();
            assertThat(slots.getLong(1)).isZero();
        }
    }

    private static void execute(EmbeddedStack stack, String sql) throws SQLException {
        try (Connection connection = stack.postgres().connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Object single(EmbeddedStack stack, String sql) throws SQLException {
        try (Connection connection = stack.postgres().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getObject(1);
        }
    }
}
