package io.mistakeflow.platform.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.platform.CliRun;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import io.mistakeflow.platform.embedded.PipelineRuntime;
import io.mistakeflow.platform.triggerera.ParityTables;
import io.mistakeflow.platform.triggerera.TriggerEraDatabase;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cut-over on the real stack (README, "Migrating from the triggers"). A trigger-era database
 * (the stand-in triggers of {@link TriggerEraDatabase}, equal to the originals on the parity sample)
 * holds the first {@value #HISTORY} parity mistakes, their active recommendations and events, some
 * of them delivered. An operator's steps: migrate, cutover install, the whole pipeline started on
 * it (Debezium's snapshot of the history builds state only); then the rest of the mistakes are
 * inserted one at a time while the rollout moves 0 -> 5 -> 15 -> 100 -> 0 %. At the end every table
 * equals what the triggers alone wrote for the same mistakes, which is the parity sample,
 * timestamps included (the stand-in's clock is each mistake's occurred_at, the pipeline's event
 * time): no step lost, doubled or changed an output, no constraint was violated (a violation
 * stops a sink task, and its rows would be missing), no delivered event was sent again.
 */
class CutoverEndToEndTest {

    private static final int HISTORY = 600;
    private static final int TO_5_PERCENT = 800;
    private static final int TO_15_PERCENT = 950;
    private static final int TO_100_PERCENT = 1_100;
    private static final int BACK_TO_0 = 1_500;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    private static Path sample;
    private static PipelineRuntime runtime;
    private static long deliveredBefore;
    private static final List<String> rollouts = new ArrayList<>();
    private static final List<Long> pipelineStamped = new ArrayList<>();
    private static long lastHundredByThePipeline = -1;

    @BeforeAll
    static void walkTheCutOver() throws Exception {
        sample = Path.of(CutoverEndToEndTest.class.getResource("/parity-sample/input_mistakes.jsonl").toURI()).getParent();
        List<JsonNode> mistakes = ParityTables.lines(sample.resolve("input_mistakes.jsonl"));
        Path data = dir.resolve("data");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(data.resolve("postgres"), true);
             Connection connection = postgres.connect()) {
            TriggerEraDatabase.create(connection);
            TriggerEraDatabase.insertReferenceRows(connection, sample);
            for (JsonNode mistake : mistakes.subList(0, HISTORY)) {
                TriggerEraDatabase.insertMistake(connection, mistake);
            }
            // a frontend has fetched the older half of the events
            execute(connection, "UPDATE ui_reflex_events SET delivered = true, delivered_at = created_at + interval '1 minute'"
                    + " WHERE created_at < (SELECT min(created_at) + (max(created_at) - min(created_at)) / 2 FROM ui_reflex_events)");
            deliveredBefore = count(connection, "SELECT count(*) FROM ui_reflex_events WHERE delivered");
            SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
            assertThat(cutover("install", "--jdbc-url", postgres.jdbcUrl(), "--password", EmbeddedPostgres.PASSWORD))
                    .contains("cut-over installed", "mistake_pipeline: enabled, 0 %", "trg_mistake_1_pattern on student_mistakes: gated",
                            "trg_pattern_recommendation on student_mistake_patterns: gated");
        }
        assertThat(deliveredBefore).isPositive();

        runtime = PipelineRuntime.start(new PipelineRuntime.Options(data, 3, true, Map.of(), 0, -1, 1), stack -> { });
        AtomicInteger inserted = new AtomicInteger(HISTORY);
        CompletableFuture<Void> flowing = CompletableFuture.runAsync(() -> {
            try (Connection connection = runtime.stack().postgres().connect()) {
                for (JsonNode mistake : mistakes.subList(HISTORY, mistakes.size())) {
                    TriggerEraDatabase.insertMistake(connection, mistake);
                    inserted.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        rollout(inserted, TO_5_PERCENT, 5);
        rollout(inserted, TO_15_PERCENT, 15);
        rollout(inserted, TO_100_PERCENT, 100);
        rollout(inserted, BACK_TO_0, 0);
        flowing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try (Connection connection = runtime.stack().postgres().connect()) {
            // the last 100 mistakes came long after the hand-back (seq order is occurred_at order)
            lastHundredByThePipeline = count(connection, "SELECT count(*) FROM student_mistakes WHERE analysed_by = 'pipeline'"
                    + " AND occurred_at > '" + mistakes.get(mistakes.size() - 101).get("occurred_at").asText() + "'");
        }
    }

    /** Once {@code after} mistakes are in, moves the rollout to {@code percent} while they go on flowing. */
    private static void rollout(AtomicInteger inserted, int after, int percent) throws Exception {
        await().atMost(WAIT).until(() -> inserted.get() >= after);
        try (Connection connection = runtime.stack().postgres().connect()) {
            pipelineStamped.add(count(connection, "SELECT count(*) FROM student_mistakes WHERE analysed_by = 'pipeline'"));
        }
        String done = cutover("rollout", "--percent", Integer.toString(percent),
                "--bootstrap-servers", runtime.stack().bootstrapServers(),
                "--jdbc-url", runtime.stack().jdbcUrl(), "--password", runtime.stack().jdbcPassword());
        System.out.print("cutover rollout after " + after + " mistakes: " + done); // the report shows the steps
        rollouts.add(done);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void eachStepMovedStudentsAndTheLastHandedThemBackOnceThePipelineHadCaughtUp() {
        assertThat(rollouts.get(0)).startsWith("mistake_pipeline: 0 % -> 5 %;");
        assertThat(rollouts.get(1)).startsWith("mistake_pipeline: 5 % -> 15 %;");
        assertThat(rollouts.get(2)).startsWith("mistake_pipeline: 15 % -> 100 %;");
        assertThat(rollouts.get(3)).startsWith("mistake_pipeline: 100 % -> 0 %; the pipeline caught up in");
        // none before the first step; at 5 % the sample's one student in bucket 0 may have had no
        // mistake yet; the five students below 15 % had some; at 100 % every mistake inserted after the
        // step committed (the inserts go on while it runs); none after the last
        assertThat(pipelineStamped.get(0)).isZero();
        assertThat(pipelineStamped.get(2)).isGreaterThan(pipelineStamped.get(1));
        assertThat(pipelineStamped.get(3) - pipelineStamped.get(2)).isGreaterThan((BACK_TO_0 - TO_100_PERCENT) / 2);
        assertThat(lastHundredByThePipeline).isZero();
    }

    @Test
    void baselinesAndPatternsEqualWhatTheTriggersAloneWrote() throws Exception {
        try (Connection connection = runtime.stack().postgres().connect()) {
            assertThat(ParityTables.actual(connection, "student_baseline_performance"))
                    .containsExactlyElementsOf(ParityTables.expected(sample, "student_baseline_performance"));
            assertThat(ParityTables.actual(connection, "student_mistake_patterns"))
                    .containsExactlyElementsOf(ParityTables.expected(sample, "student_mistake_patterns"));
        }
    }

    @Test
    void recommendationsEqualWhatTheTriggersAloneWroteWithOneActivePerKey() throws Exception {
        try (Connection connection = runtime.stack().postgres().connect()) {
            assertThat(ParityTables.actual(connection, "student_recommendations"))
                    .containsExactlyElementsOf(ParityTables.expected(sample, "student_recommendations"));
            assertThat(count(connection, "SELECT count(*) FROM (SELECT 1 FROM student_recommendations WHERE is_active"
                    + " GROUP BY student_id, global_topic_uid, recommendation_type HAVING count(*) > 1) twice")).isZero();
            // the pipeline refreshed rows the triggers had made (adopted ids), and made some of its own
            assertThat(count(connection, "SELECT count(*) FROM student_recommendations WHERE written_by = 'pipeline'"))
                    .isPositive();
        }
    }

    @Test
    void eventsEqualWhatTheTriggersAloneWroteEachOnceAndTheDeliveredKeptTheirMark() throws Exception {
        try (Connection connection = runtime.stack().postgres().connect()) {
            assertThat(ParityTables.actual(connection, "ui_reflex_events"))
                    .containsExactlyElementsOf(ParityTables.expected(sample, "ui_reflex_events"));
            assertThat(count(connection, "SELECT count(*) FROM ui_reflex_events WHERE delivered")).isEqualTo(deliveredBefore);
        }
    }

    @Test
    void everyMistakesAnalysedColumnsAreWhereItsOwnerWroteThem() throws Exception {
        try (Connection connection = runtime.stack().postgres().connect()) {
            // the triggers wrote them onto the row; the pipeline into student_mistake_analysis
            assertThat(ParityTables.sorted(ParityTables.query(connection, "SELECT m.id::text AS id,"
                    + " (CASE WHEN m.analysed_by = 'pipeline' THEN a.expected_duration ELSE m.expected_duration END)::text"
                    + "   AS expected_duration,"
                    + " (CASE WHEN m.analysed_by = 'pipeline' THEN a.time_ratio ELSE m.time_ratio END)::text AS time_ratio,"
                    + " (CASE WHEN m.analysed_by = 'pipeline' THEN coalesce(a.used_adaptive_baseline, false)"
                    + "   ELSE m.used_adaptive_baseline END)::text AS used_adaptive_baseline"
                    + " FROM student_mistakes m LEFT JOIN student_mistake_analysis a ON a.mistake_id = m.id")))
                    .containsExactlyElementsOf(ParityTables.expectedAnalysedColumns(sample));
        }
    }

    @Test
    void aShadowReplayOfTheCutOverDatabaseAgreesWithItsTables() {
        // a replay analyses every mistake, whoever's stamp it carries, so it must agree with both owners' rows
        String[] database = {"--password", runtime.stack().jdbcPassword(), "--replay-home", dir.resolve("replays").toString()};
        String replayed = run(concat(List.of("replay", "--namespace", "shadow", "--from-postgres", runtime.stack().jdbcUrl(),
                "--to-postgres", runtime.stack().jdbcUrl()), database));
        assertThat(replayed).contains("replay shadow: 1,860 mistakes from postgres", "145 baselines, 145 patterns, 447 recommendations");

        String diff = run(concat(List.of("replay", "--namespace", "shadow", "--diff"), database));

        assertThat(diff).contains(String.format("%-30s %,10d %,10d %,10d %,12d", "student_baseline_performance", 145, 0, 0, 0));
        assertThat(diff).contains(String.format("%-30s %,10d %,10d %,10d %,12d", "student_mistake_patterns", 145, 0, 0, 0));
        run(concat(List.of("replay", "--namespace", "shadow", "--drop"), database));
    }

    private static String[] concat(List<String> head, String[] tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    private static String cutover(String... args) {
        List<String> all = new ArrayList<>(List.of("cutover"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private static String run(String... argv) {
        CliRun run = CliRun.of(argv);
        assertThat(run.status()).as(run.err()).isZero();
        return run.out();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
