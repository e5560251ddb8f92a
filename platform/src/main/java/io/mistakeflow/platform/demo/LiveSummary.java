package io.mistakeflow.platform.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the demo prints: counts read back from the tables the sinks write, and the end-to-end
 * latency of the events of this run.
 *
 * <p>Latency is {@code ui_reflex_events.received_at - created_at}: created_at is the event time,
 * i.e. the occurred_at of the mistake that caused it, which the demo sets to the insert time;
 * received_at is stamped by Postgres when the sink's insert ran (a column default the sink never
 * writes). So it spans Debezium, both apps' exactly-once commits and the sink, i.e. insert
 * committed to event row in Postgres (plus the few milliseconds of the insert itself).
 */
final class LiveSummary {

    private static final String LATENCY = "SELECT count(*),"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms),"
            + " percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms)"
            + " FROM (SELECT extract(epoch FROM received_at - (created_at AT TIME ZONE 'UTC')) * 1000 AS latency_ms"
            + "       FROM ui_reflex_events WHERE received_at > ? AND created_at >= ?) latencies";

    /** The latency of the events in a span: how many, median and 99th percentile in ms (null without events). */
    record Latency(long events, Double p50, Double p99) {

        String describe() {
            return events == 0 ? "no events" : String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms over %,d events", p50, p99, events);
        }
    }

    record Snapshot(Map<String, Long> statuses, long activeRecommendations, Map<String, Long> events,
                    Latency recent, Latency overall) {

        long analysed() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Connection connection;
    private final Instant runStart;
    private Instant lastRead;

    LiveSummary(Connection connection, Instant runStart) {
        this.connection = connection;
        this.runStart = runStart;
        this.lastRead = runStart;
    }

    /** Counts in the tables now; recent latency = events received since the previous call. */
    Snapshot read() throws SQLException {
        Instant now = Instant.now();
        Snapshot snapshot = new Snapshot(
                counts("SELECT coalesce(improvement_trend, '(none)'), count(*) FROM student_mistake_analysis"
                        + " GROUP BY 1 ORDER BY 2 DESC, 1"),
                single("SELECT count(*) FROM student_recommendations WHERE is_active"),
                counts("SELECT event_type, count(*) FROM ui_reflex_events GROUP BY 1 ORDER BY 1"),
                latency(lastRead),
                latency(runStart));
        lastRead = now;
        return snapshot;
    }

    static String line(long elapsedSeconds, long inserted, Snapshot s) {
        return String.format(Locale.ROOT, "[%4d s] inserted %,d (%.1f/s) | analysed %,d: %s | active recommendations %,d"
                        + " | events: %s | latency last 5 s: %s", elapsedSeconds, inserted,
                elapsedSeconds == 0 ? 0.0 : (double) inserted / elapsedSeconds, s.analysed(), join(s.statuses()),
                s.activeRecommendations(), join(s.events()), s.recent().describe());
    }

    static String report(long elapsedSeconds, long inserted, Snapshot s) {
        return String.join(System.lineSeparator(),
                String.format(Locale.ROOT, "Final summary after %d s:", elapsedSeconds),
                String.format(Locale.ROOT, "  mistakes inserted       %,d (%.1f/s)", inserted,
                        elapsedSeconds == 0 ? 0.0 : (double) inserted / elapsedSeconds),
                String.format(Locale.ROOT, "  analysed (all runs)     %,d: %s", s.analysed(), join(s.statuses())),
                String.format(Locale.ROOT, "  active recommendations  %,d", s.activeRecommendations()),
                String.format(Locale.ROOT, "  events (all runs)       %s", join(s.events())),
                String.format(Locale.ROOT, "  end-to-end latency      %s (insert committed -> event row in Postgres)",
                        s.overall().describe()));
    }

    private static String join(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private Latency latency(Instant receivedAfter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LATENCY)) {
            query.setObject(1, OffsetDateTime.ofInstant(receivedAfter, ZoneOffset.UTC));
            query.setObject(2, LocalDateTime.ofInstant(runStart, ZoneOffset.UTC));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long events = row.getLong(1);
                return new Latency(events, events == 0 ? null : row.getDouble(2), events == 0 ? null : row.getDouble(3));
            }
        }
    }

    private Map<String, Long> counts(String sql) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private long single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
