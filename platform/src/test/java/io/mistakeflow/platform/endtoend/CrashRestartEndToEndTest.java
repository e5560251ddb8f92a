package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mistakeflow.common.Topics;
import io.mistakeflow.platform.demo.ReferenceData;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.platform.embedded.AppInstance;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import io.mistakeflow.platform.embedded.StaleMembers;
import io.mistakeflow.recommender.RecommenderSettings;
import org.apache.kafka.clients.admin.Admin;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both apps killed mid-run without a clean shutdown, then restarted on the same state
 * directories: nothing lost, nothing duplicated. The apps run as processes of their own
 * ({@link AppInstance}: {@code Cli analyzer|recommender FILE}, the way they are deployed), so the kill is a real one:
 * open transactions, unflushed stores and unclosed consumer-group memberships are left behind.
 *
 * <p>A killed member stays in its consumer group until its session times out (45 s by default);
 * the test removes the killed members before the restart, as the embedded runtime does at start-up
 * ({@link StaleMembers}) and as an operator can with the Admin API ({@code removeMembersFromConsumerGroup}),
 * so the restarted apps get their partitions back at once.
 */
class CrashRestartEndToEndTest {

    private static final Duration RECOVERY = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    private static EmbeddedStack stack;
    private final List<AppInstance> apps = new ArrayList<>();

    @BeforeAll
    static void startStack() throws SQLException {
        stack = EmbeddedStack.start(EmbeddedStack.Options.defaults());
        ReferenceData.seedMistakeTypes(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void killApps() {
        apps.forEach(AppInstance::kill);
    }

    @Test
    void killedAndRestartedAppsLoseAndDuplicateNothing() throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "endtoend-crash", 3_000, 100, Duration.ofSeconds(45));
        AppInstance analyzer = start("analyzer");
        AppInstance recommender = start("recommender");
        apps.addAll(List.of(analyzer, recommender));

        try (Connection writer = stack.postgres().connect(); Connection reader = stack.postgres().connect()) {
            // 3,000 rows at 300 a second: the kill lands in the middle of the run
            CompletableFuture<Void> inserts = run.insertInBackground(writer, 30, 10);
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    run.inserted() >= 1_000 && count(reader, "student_mistake_analysis") >= 300 && count(reader, "ui_reflex_events") >= 50);
            analyzer.kill();
            recommender.kill();
            long analysedAtKill = count(reader, "student_mistake_analysis");
            assertThat(analysedAtKill).as("killed mid-run").isLessThan(run.mistakes.size());

            try (Admin admin = stack.kafka().admin()) {
                StaleMembers.remove(admin, List.of(AnalyzerSettings.APPLICATION_ID, RecommenderSettings.APPLICATION_ID));
            }
            // the same instances again: same state directories
            apps.add(start("analyzer"));
            apps.add(start("recommender"));
            inserts.get(60, TimeUnit.SECONDS);

            try {
                await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(OutputTables.differences(run.expected, OutputTables.inPostgres(reader), 10)).isEmpty());
            } catch (AssertionError e) {
                apps.forEach(app -> System.err.println(app.logTail(40)));
                throw e;
            }
            assertThat(OutputTables.counts(OutputTables.inPostgres(reader))).isEqualTo(OutputTables.counts(run.expected));
        }

        // exactly once on the topics too: every committed record once, none from the aborted transactions
        CommittedRecords.assertEachOnce(stack.bootstrapServers(), Topics.ANALYSED_MISTAKES.name(),
                run.expected.get("student_mistake_analysis").keySet());
        CommittedRecords.assertEachOnce(stack.bootstrapServers(), Topics.UI_REFLEX_EVENTS.name(),
                run.expected.get("ui_reflex_events").keySet());
    }

    private static AppInstance start(String app) {
        return AppInstance.start(app, 1, dir, stack.bootstrapServers(), Map.of());
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
