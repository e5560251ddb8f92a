package io.mistakeflow.analyzer.pattern;

import io.mistakeflow.analyzer.reference.HistoryBound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A key's recent mistakes, newest first, bounded by {@link HistoryBound}. Why the bound is exact:
 * a window is "the newest N known mistakes at or after some time", and the newest N of a set closed
 * towards the future are the newest N overall that fall in it; so the newest N known mistakes
 * answer every window, whatever order mistakes arrive in. Mistakes with codes unknown today are
 * kept too while they are newer than the Nth known one (the code may become known later), but only
 * within the largest time window of the newest mistake, which is what bounds them. Not exact, and
 * documented: a mistake type deleted after its mistakes were pruned, and an unknown code that
 * becomes known for a mistake that arrives more than the largest time window late.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#bounded-history}.
 */
public record MistakeHistory(List<HistoryEntry> entries) {

    public static MistakeHistory empty() {
        return new MistakeHistory(List.of());
    }

    /** Adds a mistake and drops what no window can need any more. */
    public MistakeHistory with(HistoryEntry entry, Predicate<String> isKnownCode, HistoryBound bound) {
        List<HistoryEntry> all = new ArrayList<>(entries.size() + 1);
        all.addAll(entries);
        all.add(entry);
        all.sort(HistoryEntry.NEWEST_FIRST);
        Instant horizon = all.get(0).occurredAt().minus(bound.timeWindow());
        List<HistoryEntry> kept = new ArrayList<>(all.size());
        int known = 0;
        for (HistoryEntry e : all) {
            if (isKnownCode.test(e.mistakeCode())) {
                if (known < bound.windowSize()) {
                    kept.add(e);
                    known++;
                }
            } else if (known < bound.windowSize() && !e.occurredAt().isBefore(horizon)) {
                kept.add(e);
            }
        }
        return new MistakeHistory(List.copyOf(kept));
    }
}
