package io.mistakeflow.platform.cutover;

import io.mistakeflow.common.mistake.StudentTopicKey;
import io.mistakeflow.connectors.SchemaMigrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The cut-over from the trigger-era triggers on one database: the shipped scripts in
 * {@code db/cutover} and the rollout step between them. A student is the pipeline's when the
 * {@code mistake_pipeline} flag is enabled and the student's bucket (a stable hash of student_id,
 * 0..99) is below its {@code rollout_percentage}; every mistake is stamped with its owner at insert.
 */
public final class Cutover {

    public static final String FLAG = "mistake_pipeline";
    static final String BASELINES = "student_baseline_performance";
    static final String PATTERNS = "student_mistake_patterns";

    /** The flag as the database has it. */
    public record Flag(boolean enabled, int percentage) {
    }

    /** One trigger-era trigger the install gated (or the finish dropped). */
    public record GatedTrigger(String table, String trigger, boolean dropped) {
    }

    /** What a rollout step did. */
    public record Rollout(int from, int to, int rekeyedRows, DrainReport drain) {
    }

    private final Connection connection;

    public Cutover(Connection connection) {
        this.connection = connection;
    }

    public void install() throws SQLException {
        runScript("install.sql");
    }

    public void finish() throws SQLException {
        requireInstalled();
        runScript("finish.sql");
    }

    public void uninstall() throws SQLException {
        requireInstalled();
        runScript("uninstall.sql");
    }

    private void requireInstalled() throws SQLException {
        if (!installed()) {
            throw new CutoverException("the cut-over is not installed here: run ./pipeline cutover install first");
        }
    }

    public boolean installed() throws SQLException {
        return exists("SELECT 1 FROM pg_trigger WHERE tgname = 'mistakeflow_00_owner'");
    }

    public Flag flag() throws SQLException {
        return readFlag("");
    }

    public List<GatedTrigger> gatedTriggers() throws SQLException {
        List<GatedTrigger> triggers = new ArrayList<>();
        if (!exists("SELECT 1 FROM pg_class WHERE relname = 'mistakeflow_cutover_triggers'")) {
            return triggers;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, trigger_name, dropped FROM mistakeflow_cutover_triggers"
                     + " ORDER BY table_name, trigger_name")) {
            while (rows.next()) {
                triggers.add(new GatedTrigger(rows.getString(1), rows.getString(2), rows.getBoolean(3)));
            }
        }
        return triggers;
    }

    /**
     * Moves the rollout to {@code percentage}, in one transaction that holds back inserts into
     * student_mistakes (a SHARE ROW EXCLUSIVE lock: readers go on) so that no mistake is stamped
     * while the owners change:
     * <ul>
     *   <li>students handed back to the triggers: first {@code drain} waits until the pipeline has
     *       written every output of their pipeline-stamped mistakes, because the triggers read their
     *       state from those very tables;</li>
     *   <li>students moved to the pipeline: their baseline and pattern rows (random ids from the
     *       triggers) get the ids the pipeline writes them under, so its upserts by id land on them.
     *       Their active recommendations keep their ids: the recommender adopts them.</li>
     * </ul>
     */
    public Rollout rollout(int percentage, Drain drain) throws SQLException, InterruptedException {
        if (percentage < 0 || percentage > 100) {
            throw new CutoverException("a rollout percentage is 0 to 100, not " + percentage);
        }
        requireInstalled();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '15s'");
                statement.execute("LOCK TABLE student_mistakes IN SHARE ROW EXCLUSIVE MODE");
            }
            Flag before = readFlag(" FOR UPDATE");
            int from = before.enabled() ? before.percentage() : 0;
            DrainReport drained = null;
            if (percentage < from) {
                drained = drain.await(connection, percentage, from);
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE feature_flags SET is_enabled = true,"
                    + " rollout_percentage = ?, updated_at = now() AT TIME ZONE 'UTC' WHERE flag_name = ?")) {
                update.setInt(1, percentage);
                update.setString(2, FLAG);
                update.executeUpdate();
            }
            int rekeyed = percentage > from ? rekey(from, percentage) : 0;
            connection.commit();
            return new Rollout(from, percentage, rekeyed, drained);
        } catch (SQLException | RuntimeException | InterruptedException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** {@code lock}: "" or " FOR UPDATE". */
    private Flag readFlag(String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT is_enabled, rollout_percentage FROM feature_flags WHERE flag_name = ?" + lock)) {
            select.setString(1, FLAG);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new CutoverException("no feature flag " + FLAG + ": run ./pipeline cutover install first");
                }
                return new Flag(row.getBoolean(1), row.getInt(2));
            }
        }
    }

    /**
     * The moved students' baseline and pattern rows under the pipeline's ids. A null topic may have
     * many rows (the triggers never found them again): the newest takes the id, the others stay.
     * The trigger-era chain must not see these updates, hence {@code mistakeflow.cutover}.
     */
    private int rekey(int fromBucket, int toBucket) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL mistakeflow.cutover = 'rekey'");
        }
        int rekeyed = 0;
        for (String table : List.of(BASELINES, PATTERNS)) {
            String order = table.equals(BASELINES) ? "updated_at" : "analyzed_at";
            List<String[]> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT ON (student_id, global_topic_uid)"
                    + " id::text, student_id::text, global_topic_uid FROM " + table
                    + " WHERE mistakeflow_rollout_bucket(student_id) >= ? AND mistakeflow_rollout_bucket(student_id) < ?"
                    + " ORDER BY student_id, global_topic_uid, " + order + " DESC NULLS LAST, id")) {
                select.setInt(1, fromBucket);
                select.setInt(2, toBucket);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(new String[] {result.getString(1), result.getString(2), result.getString(3)});
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET id = ?::uuid"
                    + " WHERE id = ?::uuid AND NOT EXISTS (SELECT 1 FROM " + table + " WHERE id = ?::uuid)")) {
                for (String[] row : rows) {
                    String pipelineId = new StudentTopicKey(row[1], row[2]).rowId(table);
                    if (pipelineId.equals(row[0])) {
                        continue;
                    }
                    update.setString(1, pipelineId);
                    update.setString(2, row[0]);
                    update.setString(3, pipelineId);
                    update.addBatch();
                    rekeyed++;
                }
                update.executeBatch();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL mistakeflow.cutover = ''");
        }
        return rekeyed;
    }

    private boolean exists(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next();
        }
    }

    private void runScript(String name) throws SQLException {
        SchemaMigrations.runScript(connection, "db/cutover/" + name);
    }
}
