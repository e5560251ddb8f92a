package io.mistakeflow.platform.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StreamsRunner;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the demo prints: mistakes inserted by anyone (the generator or a user with psql), counts
 * read back from the tables the sinks write, and from the meters: dead letters, consumer lag, and
 * the latency from a mistake's commit in Postgres to its event being produced (the commit time is
 * the record's timestamp, so a back-dated occurred_at does not skew it).
 */
final class LiveSummary {

    /** A latency distribution read from the histogram's buckets: upper bounds, in ms. */
    record Latency(long events, Double p50, Double p99) {

        String describe() {
            return events == 0 ? "no events"
                    : String.format(Locale.ROOT, "p50 <= %s, p99 <= %s over %,d events", bound(p50), bound(p99), events);
        }

        private static String bound(Double ms) {
            return ms.isInfinite() ? "60 s+" : ms >= 1000 ? String.format(Locale.ROOT, "%.0f s", ms / 1000)
                    : String.format(Locale.ROOT, "%.0f ms", ms);
        }
    }

    record Snapshot(long inserted, Map<String, Long> statuses, long activeRecommendations, Map<String, Long> events,
                    double deadLetters, double lag, Latency recent, Latency overall) {

        long analysed() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Connection connection;
    private final MeterRegistry registry;
    private final long mistakesAtStart;
    private CountAtBucket[] lastBuckets;

    LiveSummary(Connection connection, MeterRegistry registry) throws SQLException {
        this.connection = connection;
        this.registry = registry;
        this.mistakesAtStart = single("SELECT count(*) FROM student_mistakes");
        this.lastBuckets = buckets();
    }

    /** Counts now; recent latency = events produced since the previous call. */
    Snapshot read() throws SQLException {
        CountAtBucket[] now = buckets();
        Snapshot snapshot = new Snapshot(
                single("SELECT count(*) FROM student_mistakes") - mistakesAtStart,
                counts("SELECT coalesce(improvement_trend, '(none)'), count(*) FROM student_mistake_analysis"
                        + " GROUP BY 1 ORDER BY 2 DESC, 1"),
                single("SELECT count(*) FROM student_recommendations WHERE is_active"),
                counts("SELECT event_type, count(*) FROM ui_reflex_events GROUP BY 1 ORDER BY 1"),
                registry.find(PipelineMetrics.DEAD_LETTERS).counters().stream().mapToDouble(Counter::count).sum(),
                registry.find(StreamsRunner.INPUT_LAG).gauges().stream().mapToDouble(Gauge::value)
                        .filter(value -> !Double.isNaN(value)).sum(),
                latency(lastBuckets, now),
                latency(null, now));
        lastBuckets = now;
        return snapshot;
    }

    static String line(long elapsedSeconds, Snapshot s) {
        return String.format(Locale.ROOT, "%s | lag %,.0f | latency last 5 s: %s", counts(elapsedSeconds, s), s.lag(),
                s.recent().describe());
    }

    /**
     * With the apps' instances in JVMs of their own: their meters (dead letters, lag, latency) are
     * theirs, not this JVM's, so the line shows the instances and their partitions instead.
     */
    static String line(long elapsedSeconds, Snapshot s, String instances) {
        return counts(elapsedSeconds, s) + System.lineSeparator() + "         instances: " + instances;
    }

    private static String counts(long elapsedSeconds, Snapshot s) {
        return String.format(Locale.ROOT, "[%4d s] inserted %,d (%.1f/s) | analysed %,d: %s | active recommendations %,d"
                        + " | events: %s | dead letters %,.0f", elapsedSeconds,
                s.inserted(), elapsedSeconds == 0 ? 0.0 : (double) s.inserted() / elapsedSeconds, s.analysed(),
                join(s.statuses()), s.activeRecommendations(), join(s.events()), s.deadLetters());
    }

    static String report(long elapsedSeconds, Snapshot s) {
        return String.join(System.lineSeparator(),
                String.format(Locale.ROOT, "Final summary after %d s:", elapsedSeconds),
                String.format(Locale.ROOT, "  mistakes inserted       %,d (%.1f/s)", s.inserted(),
                        elapsedSeconds == 0 ? 0.0 : (double) s.inserted() / elapsedSeconds),
                String.format(Locale.ROOT, "  analysed (all runs)     %,d: %s", s.analysed(), join(s.statuses())),
                String.format(Locale.ROOT, "  active recommendations  %,d", s.activeRecommendations()),
                String.format(Locale.ROOT, "  events (all runs)       %s", join(s.events())),
                String.format(Locale.ROOT, "  dead letters            %,.0f", s.deadLetters()),
                String.format(Locale.ROOT, "  latency                 %s (mistake committed -> its event produced)",
                        s.overall().describe()));
    }

    private static String join(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The cumulative bucket counts of the events' latency histogram, or none before the first event. */
    private CountAtBucket[] buckets() {
        Timer timer = registry.find(PipelineMetrics.END_TO_END_LATENCY)
                .tags("output", Topics.UI_REFLEX_EVENTS.name()).timer();
        return timer == null ? new CountAtBucket[0] : timer.takeSnapshot().histogramCounts();
    }

    /** p50 and p99 as the upper bound of the bucket they fall in, over what the buckets counted since {@code from}. */
    static Latency latency(CountAtBucket[] from, CountAtBucket[] to) {
        int n = to.length;
        if (n == 0) {
            return new Latency(0, null, null);
        }
        double[] counts = new double[n];
        for (int i = 0; i < n; i++) {
            counts[i] = to[i].count() - (from != null && from.length == n ? from[i].count() : 0);
        }
        // the histogram's last bucket is the largest bound; events above it count in no bucket
        long total = Math.round(counts[n - 1]);
        return total == 0 ? new Latency(0, null, null)
                : new Latency(total, bound(to, counts, 0.5), bound(to, counts, 0.99));
    }

    private static double bound(CountAtBucket[] buckets, double[] cumulative, double quantile) {
        double wanted = quantile * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= wanted) {
                return buckets[i].bucket(java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        return Double.POSITIVE_INFINITY;
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
