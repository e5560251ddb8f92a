package io.mistakeflow.platform.replay;

import io.mistakeflow.platform.simulate.InputRow;
import io.mistakeflow.platform.simulate.ReferenceRows;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The input tables of a database: the reference tables whole, then {@code student_mistakes}
 * ordered by (occurred_at, id) in pages of {@value #PAGE} rows. Each page is one short
 * statement of its own (autocommit, keyset from the previous page's last row), so the replay
 * holds no transaction open and the learning app's inserts go on. Rows are {@code to_jsonb}
 * of the table rows: the same column names and formats the analyzer reads from Debezium.
 * The connection is read-only.
 */
final class PostgresReplaySource implements ReplaySource {

    static final int PAGE = 5_000;

    private final String jdbcUrl;
    private final ReplayWindow window;
    private final Connection connection;

    PostgresReplaySource(String jdbcUrl, String user, String password, ReplayWindow window) {
        this.jdbcUrl = jdbcUrl;
        this.window = window;
        this.connection = ReplayDatabase.connect(jdbcUrl, user, password);
        try {
            connection.setReadOnly(true);
            if (!ReplayDatabase.tableExists(connection, "public", "student_mistakes")) {
                throw new ReplayException("no table public.student_mistakes in " + jdbcUrl);
            }
        } catch (SQLException e) {
            close();
            throw new ReplayException("cannot read " + jdbcUrl, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "postgres " + jdbcUrl;
    }

    @Override
    public ReferenceRows reference() {
        try {
            return new ReferenceRows(table("mistake_types", "mistake_code"), table("analysis_presets", "preset_name"),
                    table("student_analysis_settings", "student_id"));
        } catch (SQLException e) {
            throw new ReplayException("cannot read the reference tables of " + jdbcUrl, e);
        }
    }

    private List<InputRow> table(String name, String orderBy) throws SQLException {
        List<InputRow> rows = new ArrayList<>();
        if (!ReplayDatabase.tableExists(connection, "public", name)) {
            return rows;
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT to_jsonb(t)::text FROM public." + name + " t ORDER BY " + orderBy)) {
            while (result.next()) {
                rows.add(new InputRow(result.getString(1).getBytes(StandardCharsets.UTF_8), null, name + " row " + (rows.size() + 1)));
            }
        }
        return rows;
    }

    @Override
    public long total() {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM public.student_mistakes t WHERE " + windowCondition())) {
            bindWindow(count, 1);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new ReplayException("cannot count the mistakes of " + jdbcUrl, e);
        }
    }

    private String windowCondition() {
        return (window.since() == null ? "true" : "t.occurred_at >= ?") + " AND " + (window.until() == null ? "true" : "t.occurred_at < ?");
    }

    private int bindWindow(PreparedStatement statement, int index) throws SQLException {
        if (window.since() != null) {
            statement.setObject(index++, LocalDateTime.ofInstant(window.since(), ZoneOffset.UTC));
        }
        if (window.until() != null) {
            statement.setObject(index++, LocalDateTime.ofInstant(window.until(), ZoneOffset.UTC));
        }
        return index;
    }

    @Override
    public Iterable<InputRow> mistakes() {
        return Pages::new;
    }

    /** One page at a time, each page after the (occurred_at, id) of the last row of the one before. */
    private final class Pages implements Iterator<InputRow> {

        private final ArrayDeque<InputRow> page = new ArrayDeque<>();
        private LocalDateTime lastOccurredAt;
        private UUID lastId;
        private boolean exhausted;
        private long read;

        @Override
        public boolean hasNext() {
            if (page.isEmpty() && !exhausted) {
                fetch();
            }
            return !page.isEmpty();
        }

        @Override
        public InputRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.poll();
        }

        private void fetch() {
            String after = lastId == null ? "true" : "(t.occurred_at, t.id) > (?, ?)";
            String sql = "SELECT to_jsonb(t)::text, t.occurred_at, t.id FROM public.student_mistakes t WHERE " + after
                    + " AND " + windowCondition() + " ORDER BY t.occurred_at, t.id LIMIT " + PAGE;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                if (lastId != null) {
                    statement.setObject(index++, lastOccurredAt);
                    statement.setObject(index++, lastId);
                }
                bindWindow(statement, index);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        read++;
                        page.add(new InputRow(result.getString(1).getBytes(StandardCharsets.UTF_8), null,
                                "student_mistakes row " + read));
                        lastOccurredAt = result.getObject(2, LocalDateTime.class);
                        lastId = result.getObject(3, UUID.class);
                    }
                }
            } catch (SQLException e) {
                throw new ReplayException("cannot read the mistakes of " + jdbcUrl, e);
            }
            exhausted = page.size() < PAGE;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a read-only connection loses nothing
        }
    }
}
