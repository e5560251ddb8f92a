package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole demo JVM killed with {@code kill -9} mid-backlog, then {@code ./pipeline demo
 * --data-dir} again on the same directory: the new run stops the Postgres the killed one left
 * running, resumes from the replication slot and the committed offsets, and the tables end up
 * exactly as the simulation of every inserted row says: nothing lost, nothing duplicated.
 */
class DemoKilledEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    private final List<DemoProcess> demos = new ArrayList<>();

    @AfterEach
    void stopDemos() throws InterruptedException {
        for (DemoProcess demo : demos) {
            demo.stop();
        }
    }

    @Test
    void aKilledDemoRestartsOnItsDataDirectoryAndLosesNothing() throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "endtoend-demo-killed", 2_000, 80, Duration.ofSeconds(45));
        Path data = dir.resolve("data");
        int half = 1_000;

        DemoProcess first = start(data, "first.log");
        String firstUrl = first.awaitReady(READY);
        try (Connection writer = connect(firstUrl)) {
            run.insert(writer, 0, half, 25, 10);
            await().atMost(Duration.ofSeconds(90)).until(() -> count(writer, "student_mistake_analysis") >= 200);
        }
        first.kill();
        demos.remove(first);

        DemoProcess second = start(data, "second.log");
        String secondUrl = second.awaitReady(READY);
        try (Connection writer = connect(secondUrl)) {
            run.insert(writer, half, run.mistakes.size(), 25, 10);
            try {
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(OutputTables.differences(run.expected, OutputTables.inPostgres(writer), 10)).isEmpty());
            } catch (AssertionError e) {
                System.err.println("--- second demo:\n" + second.tail());
                throw e;
            }
            assertThat(OutputTables.counts(OutputTables.inPostgres(writer))).isEqualTo(OutputTables.counts(run.expected));
        }
    }

    private DemoProcess start(Path data, String log) throws Exception {
        DemoProcess demo = DemoProcess.start(dir.resolve(log), "--data-dir", data.toString(), "--no-generate");
        demos.add(demo);
        return demo;
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
