package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.Topics;
import io.mistakeflow.platform.demo.ReferenceData;
import io.mistakeflow.platform.embedded.AppInstance;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import io.mistakeflow.recommender.RecommenderSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One instance of each app under load, then a second of each started beside it: the newcomers
 * take half of the partitions, the first instances keep running with the other half (Kafka
 * Streams rebalances cooperatively: only the moved partitions are revoked), and the tables end up
 * as {@code simulate} says, with every analysed mistake and event once on its topic. A stack of
 * its own: the tables are compared whole.
 */
class ScaleOutAddInstanceEndToEndTest {

    private static final int PARTITIONS = 6;
    private static final Map<String, String> INSTANCE_SETTINGS = Map.of(
            "kafka.session.timeout.ms", "6000",
            "kafka.heartbeat.interval.ms", "1500");

    @TempDir
    static Path dir;

    private static EmbeddedStack stack;
    private final List<AppInstance> instances = new ArrayList<>();

    @BeforeAll
    static void startStack() throws SQLException {
        stack = EmbeddedStack.start(EmbeddedStack.Options.defaults().withPartitions(PARTITIONS));
        ReferenceData.seedMistakeTypes(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void killInstances() {
        instances.forEach(AppInstance::kill);
    }

    @Test
    void aSecondInstanceAddedUnderLoadTakesHalfThePartitionsAndNothingIsLostOrDuplicated()
            throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "endtoend-scale-add", 2_000, 100, Duration.ofSeconds(45));
        AppInstance analyzer1 = start("analyzer", 1);
        AppInstance recommender1 = start("recommender", 1);

        try (Admin admin = stack.kafka().admin();
             Connection writer = stack.postgres().connect(); Connection reader = stack.postgres().connect()) {
            // given: one instance of each app holding all six partitions, under load
            awaitSpread(admin, AnalyzerSettings.APPLICATION_ID, Topics.MISTAKES.name(), Set.of("analyzer-1"));
            awaitSpread(admin, RecommenderSettings.APPLICATION_ID, Topics.PATTERN_UPDATES.name(), Set.of("recommender-1"));
            CompletableFuture<Void> inserts = run.insertInBackground(writer, 10, 10);
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    run.inserted() >= 600 && InstanceSpread.rows(reader, "student_mistake_analysis") >= 200);

            // when: a second instance of each app joins
            start("analyzer", 2);
            start("recommender", 2);

            // then: the partitions are split 3/3, and the first instances kept three of theirs
            awaitSpread(admin, AnalyzerSettings.APPLICATION_ID, Topics.MISTAKES.name(), Set.of("analyzer-1", "analyzer-2"));
            awaitSpread(admin, RecommenderSettings.APPLICATION_ID, Topics.PATTERN_UPDATES.name(),
                    Set.of("recommender-1", "recommender-2"));
            assertThat(analyzer1.isAlive()).isTrue();
            assertThat(recommender1.isAlive()).isTrue();
            inserts.get(120, TimeUnit.SECONDS);

            // and the tables are the simulation's
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(OutputTables.differences(run.expected, OutputTables.inPostgres(reader), 10)).isEmpty());
            } catch (AssertionError e) {
                instances.forEach(instance -> System.err.println(instance.logTail(30)));
                throw e;
            }
            assertThat(OutputTables.counts(OutputTables.inPostgres(reader))).isEqualTo(OutputTables.counts(run.expected));
        }
        CommittedRecords.assertEachOnce(stack.bootstrapServers(), Topics.ANALYSED_MISTAKES.name(),
                run.expected.get("student_mistake_analysis").keySet());
        CommittedRecords.assertEachOnce(stack.bootstrapServers(), Topics.UI_REFLEX_EVENTS.name(),
                run.expected.get("ui_reflex_events").keySet());
    }

    private AppInstance start(String app, int number) throws Exception {
        AppInstance instance = AppInstance.start(app, number, dir, stack.bootstrapServers(), INSTANCE_SETTINGS);
        instances.add(instance);
        return instance;
    }

    private void awaitSpread(Admin admin, String group, String topic, Set<String> names) {
        InstanceSpread.awaitEvenly(admin, group, topic, PARTITIONS, names, instances);
    }
}
