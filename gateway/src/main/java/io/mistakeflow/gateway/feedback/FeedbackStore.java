package io.mistakeflow.gateway.feedback;

import io.mistakeflow.gateway.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import javax.sql.DataSource;

/**
 * Sets a frontend-owned flag on one row of the caller's student, once: the row is locked, checked
 * (exists, is the student's, not yet set) and updated in one transaction, so two calls at the same
 * moment set it once and both learn the one time it was set. Only the flag and its time change.
 */
public final class FeedbackStore {

    public enum Outcome {
        /** Set now. */
        MARKED,
        /** Was set before; nothing changed. */
        ALREADY,
        /** The row is another student's; nothing changed. */
        NOT_THEIRS,
        /** No such row (yet: the sink may not have written it). */
        MISSING
    }

    /** @param at when the flag was set (now or earlier), null unless MARKED or ALREADY */
    public record Mark(Outcome outcome, Instant at) {
    }

    private final DataSource database;

    public FeedbackStore(DataSource database) {
        this.database = database;
    }

    public Mark mark(FrontendFlag flag, String studentId, String id, Instant at) throws SQLException {
        String lock = "SELECT student_id::text, " + flag.column() + ", " + flag.timeColumn() + " FROM " + flag.table()
                + " WHERE id = ?::uuid FOR UPDATE";
        String update = "UPDATE " + flag.table() + " SET " + flag.column() + " = true, " + flag.timeColumn() + " = ?"
                + " WHERE id = ?::uuid";
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Mark mark;
                try (PreparedStatement select = connection.prepareStatement(lock)) {
                    select.setString(1, id);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            mark = new Mark(Outcome.MISSING, null);
                        } else if (!row.getString(1).equals(studentId)) {
                            mark = new Mark(Outcome.NOT_THEIRS, null);
                        } else if (row.getBoolean(2)) {
                            mark = new Mark(Outcome.ALREADY, Database.utc(row.getObject(3, LocalDateTime.class)));
                        } else {
                            mark = null;
                        }
                    }
                }
                if (mark == null) {
                    try (PreparedStatement set = connection.prepareStatement(update)) {
                        set.setObject(1, Database.utc(at));
                        set.setString(2, id);
                        set.executeUpdate();
                    }
                    mark = new Mark(Outcome.MARKED, at);
                }
                connection.commit();
                return mark;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
