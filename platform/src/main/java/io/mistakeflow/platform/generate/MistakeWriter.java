package io.mistakeflow.platform.generate;

import io.mistakeflow.common.mistake.Mistake;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** What a learning app does to Postgres: mistake rows in. */
public final class MistakeWriter {

    private static final String INSERT_MISTAKE = "INSERT INTO student_mistakes"
            + " (id, student_id, global_topic_uid, mistake_code, test_answer_id, time_spent_seconds, occurred_at)"
            + " VALUES (?::uuid, ?::uuid, ?, ?, ?::uuid, ?, ?)";

    private MistakeWriter() {
    }

    /** Inserts the mistakes in list order in one transaction; occurred_at is written as UTC. */
    public static void insert(Connection connection, List<Mistake> mistakes) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MISTAKE)) {
            for (Mistake mistake : mistakes) {
                insert.setString(1, mistake.id());
                insert.setString(2, mistake.studentId());
                insert.setString(3, mistake.globalTopicUid());
                insert.setString(4, mistake.mistakeCode());
                insert.setString(5, mistake.testAnswerId());
                if (mistake.timeSpentSeconds() == null) {
                    insert.setNull(6, Types.INTEGER);
                } else {
                    insert.setInt(6, mistake.timeSpentSeconds());
                }
                insert.setObject(7, LocalDateTime.ofInstant(mistake.occurredAt(), ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
