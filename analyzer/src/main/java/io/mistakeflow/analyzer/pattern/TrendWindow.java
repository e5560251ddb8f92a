package io.mistakeflow.analyzer.pattern;

import io.mistakeflow.analyzer.numeric.PgNumeric;
import io.mistakeflow.common.reference.PresetSettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rule 2's window W: the key's mistakes (this one included) with occurred_at at or after this
 * mistake's occurred_at minus stuck_time_window_hours and a code that is in mistake_types, newest
 * first, at most trend_window_size of them; {@code recent} is the mean severity of the first
 * trend_recent_count, {@code past} the mean of the rest (null if none).
 *
 * <p>The rule as documented: {@code docs/behaviour.md#rule-2-patterns}.
 */
public record TrendWindow(List<String> codes, BigDecimal recent, BigDecimal past) {

    public static TrendWindow of(MistakeHistory history, Instant occurredAt, PresetSettings preset,
                                 Function<String, Integer> severities) {
        Instant from = occurredAt.minusSeconds(preset.stuckTimeWindowHours() * 3600L);
        List<String> codes = new ArrayList<>(preset.trendWindowSize());
        List<Integer> severity = new ArrayList<>(preset.trendWindowSize());
        for (HistoryEntry e : history.entries()) {
            if (codes.size() >= preset.trendWindowSize()) {
                break;
            }
            Integer s = severities.apply(e.mistakeCode());
            if (s != null && !e.occurredAt().isBefore(from)) {
                codes.add(e.mistakeCode());
                severity.add(s);
            }
        }
        int recentCount = Math.min(preset.trendRecentCount(), severity.size());
        return new TrendWindow(List.copyOf(codes),
                mean(severity.subList(0, recentCount)),
                mean(severity.subList(recentCount, severity.size())));
    }

    public int size() {
        return codes.size();
    }

    /** The triggers averaged integer severities in numeric (AVG of int), so: sum / count in numeric. */
    private static BigDecimal mean(List<Integer> severities) {
        if (severities.isEmpty()) {
            return null;
        }
        long sum = 0;
        for (int s : severities) {
            sum += s;
        }
        return PgNumeric.div(sum, severities.size());
    }
}
