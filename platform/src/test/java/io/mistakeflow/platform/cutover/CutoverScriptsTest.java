package io.mistakeflow.platform.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mistakeflow.common.mistake.StudentTopicKey;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.platform.CliRun;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped cut-over scripts (db/cutover) on a real Postgres with stand-in trigger-era triggers
 * that only log what they saw: the stamp, the gates, the re-keying and the way back.
 */
class CutoverScriptsTest {

    private static final String STUDENT_LOW = "00000000-0000-4000-8000-000000000001";

    private EmbeddedPostgres postgres;
    private Connection connection;

    @BeforeEach
    void start() throws SQLException {
        postgres = EmbeddedPostgres.start(null);
        SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        connection = postgres.connect();
        execute("""
                CREATE TABLE trigger_log (what text, student_id uuid);
                CREATE FUNCTION log_mistake() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO trigger_log VALUES ('mistake', NEW.student_id);
                    INSERT INTO student_mistake_patterns (student_id, global_topic_uid, improvement_trend)
                        VALUES (NEW.student_id, NEW.global_topic_uid, 'stable')
                        ON CONFLICT (student_id, global_topic_uid) DO UPDATE SET improvement_trend = 'stable';
                    RETURN NULL;
                END $$;
                CREATE FUNCTION log_pattern() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO trigger_log VALUES ('pattern', NEW.student_id);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER trg_mistake AFTER INSERT ON student_mistakes FOR EACH ROW EXECUTE FUNCTION log_mistake();
                CREATE TRIGGER trg_pattern AFTER INSERT OR UPDATE ON student_mistake_patterns
                    FOR EACH ROW WHEN (NEW.student_id IS NOT NULL) EXECUTE FUNCTION log_pattern();
                """);
    }

    @AfterEach
    void stop() throws SQLException {
        connection.close();
        postgres.close();
    }

    @Test
    void theBucketIsTheFirst32BitsOfTheMd5OfTheStudentIdModulo100() throws Exception {
        new Cutover(connection).install();

        for (String student : List.of(STUDENT_LOW, "ffffffff-0000-4000-8000-00000000abcd", "7d2c9a1e-5b3f-4e8a-9c6d-0f1e2d3c4b5a")) {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest(student.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long first32 = ((md5[0] & 0xffL) << 24) | ((md5[1] & 0xffL) << 16) | ((md5[2] & 0xffL) << 8) | (md5[3] & 0xffL);
            assertThat(query("SELECT mistakeflow_rollout_bucket('" + student + "')"))
                    .containsExactly(List.of((int) (first32 % 100)));
        }
    }

    @Test
    void atZeroPercentTheTriggersRunAndEveryMistakeIsStampedForThem() throws Exception {
        Cutover cutover = new Cutover(connection);
        cutover.install();
        cutover.install(); // idempotent

        insertMistake(STUDENT_LOW);

        assertThat(query("SELECT analysed_by FROM student_mistakes")).containsExactly(List.of("triggers"));
        assertThat(query("SELECT what FROM trigger_log ORDER BY what")).containsExactly(List.of("mistake"), List.of("pattern"));
        assertThat(cutover.gatedTriggers()).containsExactly(
                new Cutover.GatedTrigger("student_mistake_patterns", "trg_pattern", false),
                new Cutover.GatedTrigger("student_mistakes", "trg_mistake", false));
        // the existing WHEN condition is kept beside the gate
        assertThat(query("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'trg_pattern'").get(0).get(0).toString())
                .contains("mistakeflow_trigger_era_write()").contains("(new.student_id IS NOT NULL)");
    }

    @Test
    void aStudentInTheRolloutIsStampedForThePipelineAndTheTriggersSkipIt() throws Exception {
        Cutover cutover = new Cutover(connection);
        cutover.install();
        int bucket = (Integer) query("SELECT mistakeflow_rollout_bucket('" + STUDENT_LOW + "')").get(0).get(0);

        Cutover.Rollout rollout = cutover.rollout(bucket + 1, failingDrain());
        insertMistake(STUDENT_LOW);

        assertThat(rollout.from()).isZero();
        assertThat(rollout.to()).isEqualTo(bucket + 1);
        assertThat(query("SELECT analysed_by FROM student_mistakes")).containsExactly(List.of("pipeline"));
        assertThat(query("SELECT count(*) FROM trigger_log")).containsExactly(List.of(0L));
        assertThat(cutover.flag()).isEqualTo(new Cutover.Flag(true, bucket + 1));
    }

    @Test
    void raisingTheRolloutGivesTheMovedStudentsRowsThePipelinesIdsWithoutRunningTheTriggers() throws Exception {
        Cutover cutover = new Cutover(connection);
        cutover.install();
        insertMistake(STUDENT_LOW); // the triggers' pattern row, with a random id
        execute("TRUNCATE trigger_log");

        Cutover.Rollout rollout = cutover.rollout(100, failingDrain());

        assertThat(rollout.rekeyedRows()).isEqualTo(1);
        assertThat(query("SELECT id::text FROM student_mistake_patterns")).containsExactly(
                List.of(new StudentTopicKey(STUDENT_LOW, "TR.MAT.ALG.001").rowId("student_mistake_patterns")));
        assertThat(query("SELECT count(*) FROM trigger_log")).containsExactly(List.of(0L));
    }

    @Test
    void theSinksWritesNeverRunTheTriggerEraChainAndMarkTheirRecommendations() throws Exception {
        new Cutover(connection).install();
        execute("GRANT INSERT, UPDATE, SELECT ON student_mistake_patterns, student_recommendations TO mistakeflow_sink;"
                + " SET ROLE mistakeflow_sink;"
                + " INSERT INTO student_mistake_patterns (student_id, global_topic_uid) VALUES ('" + STUDENT_LOW + "', 'T');"
                + " INSERT INTO student_recommendations (student_id, recommendation_type) VALUES ('" + STUDENT_LOW + "', 'PANIC_RUSH');"
                + " RESET ROLE;"
                + " INSERT INTO student_recommendations (student_id, recommendation_type) VALUES ('" + STUDENT_LOW + "', 'STUCK_LOOP');");

        assertThat(query("SELECT count(*) FROM trigger_log")).containsExactly(List.of(0L));
        assertThat(query("SELECT recommendation_type, written_by FROM student_recommendations ORDER BY 1"))
                .containsExactly(List.of("PANIC_RUSH", "pipeline"), List.of("STUCK_LOOP", "triggers"));
        // the frontend marking a row shown leaves its writer alone
        execute("UPDATE student_recommendations SET is_shown = true WHERE recommendation_type = 'PANIC_RUSH'");
        assertThat(query("SELECT written_by FROM student_recommendations WHERE recommendation_type = 'PANIC_RUSH'"))
                .containsExactly(List.of("pipeline"));
    }

    @Test
    void finishNeeds100PercentAndUninstallNeeds0AndRestoresTheTriggersExactly() throws Exception {
        List<List<Object>> original = query("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger"
                + " WHERE tgname IN ('trg_mistake', 'trg_pattern') ORDER BY 1");
        Cutover cutover = new Cutover(connection);
        cutover.install();

        assertThatThrownBy(cutover::finish).hasMessageContaining("not at 100 %");
        cutover.rollout(100, failingDrain());
        cutover.finish();
        assertThat(query("SELECT count(*) FROM pg_trigger WHERE tgname IN ('trg_mistake', 'trg_pattern')"))
                .containsExactly(List.of(0L));
        assertThatThrownBy(cutover::uninstall).hasMessageContaining("above 0 %");

        cutover.rollout(0, (c, from, to) -> new DrainReport(java.time.Duration.ZERO, 0, 0));
        cutover.uninstall();

        assertThat(query("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger"
                + " WHERE tgname IN ('trg_mistake', 'trg_pattern') ORDER BY 1")).isEqualTo(original);
        assertThat(query("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'mistakeflow%'")).containsExactly(List.of(0L));
        insertMistake(STUDENT_LOW);
        assertThat(query("SELECT what FROM trigger_log ORDER BY what")).containsExactly(List.of("mistake"), List.of("pattern"));
    }

    @Test
    void aDrainThatFailsChangesNothing() throws Exception {
        Cutover cutover = new Cutover(connection);
        cutover.install();
        cutover.rollout(100, failingDrain());

        assertThatThrownBy(() -> cutover.rollout(0, failingDrain())).hasMessage("not caught up");

        assertThat(cutover.flag()).isEqualTo(new Cutover.Flag(true, 100));
    }

    @Test
    void theCommandSaysWhatIsWrongInOneLine() throws Exception {
        String[] database = {"--jdbc-url", postgres.jdbcUrl(), "--password", EmbeddedPostgres.PASSWORD};
        assertThat(cli("status", database)).isEqualTo(new CliRun(0, "cut-over not installed: the triggers analyse every student\n", ""));
        assertThat(cli("rollout", database, "--percent", "5")).isEqualTo(new CliRun(1, "",
                "pipeline cutover rollout: the cut-over is not installed here: run ./pipeline cutover install first\n"));
        new Cutover(connection).install();
        new Cutover(connection).rollout(10, failingDrain());

        assertThat(cli("rollout", database, "--percent", "101").err())
                .isEqualTo("pipeline cutover rollout: --percent is 0 to 100, not 101\n");
        CliRun lowering = cli("rollout", database, "--percent", "0");
        assertThat(lowering.status()).isEqualTo(2);
        assertThat(lowering.err()).startsWith("pipeline cutover rollout: lowering the rollout needs --bootstrap-servers");
        assertThat(cutoverFlag()).isEqualTo(10);
        CliRun unreachable = cli("status", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(unreachable.status()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("pipeline cutover status: cannot connect to jdbc:postgresql://127.0.0.1:1/none")
                .hasLineCount(1);
    }

    private static CliRun cli(String step, String[] database, String... more) {
        List<String> argv = new ArrayList<>(List.of("cutover", step));
        argv.addAll(List.of(database));
        argv.addAll(List.of(more));
        return CliRun.of(argv.toArray(String[]::new));
    }

    private static CliRun cli(String step, String... args) {
        List<String> argv = new ArrayList<>(List.of("cutover", step));
        argv.addAll(List.of(args));
        return CliRun.of(argv.toArray(String[]::new));
    }

    private int cutoverFlag() throws SQLException {
        return (Integer) query("SELECT rollout_percentage FROM feature_flags WHERE flag_name = 'mistake_pipeline'").get(0).get(0);
    }

    private static Drain failingDrain() {
        return (c, from, to) -> {
            throw new CutoverException("not caught up");
        };
    }

    private void insertMistake(String student) throws SQLException {
        execute("INSERT INTO student_mistakes (student_id, global_topic_uid, mistake_code, time_spent_seconds)"
                + " VALUES ('" + student + "', 'TR.MAT.ALG.001', 'SIGN_ERROR', 30)");
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
