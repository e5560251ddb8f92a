package io.mistakeflow.analyzer.pattern;

import java.time.Instant;
import java.util.Comparator;

/**
 * One mistake of a key's history, as Rule 2's window needs it. {@code seq} is the key's processing
 * order: of two mistakes with the same occurred_at, the one processed later counts as newer.
 */
public record HistoryEntry(String mistakeCode, Instant occurredAt, long seq) {

    public static final Comparator<HistoryEntry> NEWEST_FIRST =
            Comparator.comparing(HistoryEntry::occurredAt).thenComparingLong(HistoryEntry::seq).reversed();
}
