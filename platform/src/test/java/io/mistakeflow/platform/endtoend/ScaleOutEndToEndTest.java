package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.Topics;
import io.mistakeflow.platform.demo.ReferenceData;
import io.mistakeflow.platform.embedded.AppInstance;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import io.mistakeflow.platform.embedded.InstanceAssignments;
import io.mistakeflow.recommender.RecommenderSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two analyzer and two recommender instances, each a JVM of its own with its own state directory,
 * share 6 partitions under load; one of each is killed with {@code kill -9} mid-run, the survivors
 * take its partitions, and the tables end up as {@code simulate} says: nothing lost, nothing
 * duplicated (on the topics either).
 *
 * <p>The instances run with a 6 s session timeout (the broker's minimum; 45 s by default), so the
 * group notices a killed member within seconds. The time from the kill to the first output of a
 * moved partition is printed, not asserted (the machine is shared): run with
 * {@code -Dmistakeflow.test.standbys=0} to measure it without standby replicas (default 1).
 */
class ScaleOutEndToEndTest {

    private static final int PARTITIONS = 6;
    private static final int STANDBYS = Integer.getInteger("mistakeflow.test.standbys", 1);
    private static final Map<String, String> INSTANCE_SETTINGS = Map.of(
            "num.standby.replicas", Integer.toString(STANDBYS),
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
    void twoInstancesOfEachAppSharePartitionsAndSurviveAKillOfOneLosingAndDuplicatingNothing() throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "endtoend-scale-out", 3_000, 120, Duration.ofSeconds(45));
        for (String app : List.of("analyzer", "recommender")) {
            for (int number = 1; number <= 2; number++) {
                instances.add(AppInstance.start(app, number, dir, stack.bootstrapServers(), INSTANCE_SETTINGS));
            }
        }
        AppInstance analyzer1 = instances.get(0);
        AppInstance recommender1 = instances.get(2);

        try (Admin admin = stack.kafka().admin();
             Connection writer = stack.postgres().connect(); Connection reader = stack.postgres().connect()) {
            // given: both instances of each app hold three of the six partitions
            awaitSpread(admin, AnalyzerSettings.APPLICATION_ID, Topics.MISTAKES.name(), Set.of("analyzer-1", "analyzer-2"));
            awaitSpread(admin, RecommenderSettings.APPLICATION_ID, Topics.PATTERN_UPDATES.name(),
                    Set.of("recommender-1", "recommender-2"));

            // when: 3,000 rows at 100 a second, and one instance of each app killed a third of the way in
            CompletableFuture<Void> inserts = run.insertInBackground(writer, 10, 10);
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    run.inserted() >= 1_000 && InstanceSpread.rows(reader, "student_mistake_analysis") >= 300);
            SortedSet<Integer> movedAnalyzer = InstanceAssignments.of(admin, AnalyzerSettings.APPLICATION_ID,
                    Topics.MISTAKES.name()).get("analyzer-1");
            SortedSet<Integer> movedRecommender = InstanceAssignments.of(admin, RecommenderSettings.APPLICATION_ID,
                    Topics.PATTERN_UPDATES.name()).get("recommender-1");
            long killedAt = System.nanoTime();
            analyzer1.kill();
            recommender1.kill();
            try (FirstOutput analysed = FirstOutput.watch(stack.bootstrapServers(), Topics.ANALYSED_MISTAKES.name(), movedAnalyzer);
                 FirstOutput events = FirstOutput.watch(stack.bootstrapServers(), Topics.UI_REFLEX_EVENTS.name(), movedRecommender)) {

                // then: the survivors hold every partition
                awaitSpread(admin, AnalyzerSettings.APPLICATION_ID, Topics.MISTAKES.name(), Set.of("analyzer-2"));
                awaitSpread(admin, RecommenderSettings.APPLICATION_ID, Topics.PATTERN_UPDATES.name(), Set.of("recommender-2"));
                System.out.printf("scale-out takeover (num.standby.replicas=%d): kill -> first analysed mistake of"
                                + " partitions %s %d ms, first event of partitions %s %d ms%n", STANDBYS,
                        movedAnalyzer, analysed.awaitMillisSince(killedAt), movedRecommender, events.awaitMillisSince(killedAt));
            }
            inserts.get(60, TimeUnit.SECONDS);

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

    private void awaitSpread(Admin admin, String group, String topic, Set<String> names) {
        InstanceSpread.awaitEvenly(admin, group, topic, PARTITIONS, names, instances);
    }
}
