package io.mistakeflow.analyzer.pattern;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rule 2 step 6: counts per code and the dominant code. Keys are kept in the order Postgres keeps
 * jsonb object keys (shorter first, then by bytes); the triggers took the first code with the
 * highest count in that order, so {@code SIGN_ERROR} beats {@code CALCULATION_ERROR} at 2 each.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#rule-2-patterns}.
 */
public final class MistakeDistribution {

    public static final Comparator<String> JSONB_KEY_ORDER = Comparator
            .comparingInt((String key) -> key.getBytes(StandardCharsets.UTF_8).length)
            .thenComparing((a, b) -> Arrays.compareUnsigned(
                    a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

    private MistakeDistribution() {
    }

    public static Map<String, Integer> add(Map<String, Integer> distribution, String code) {
        TreeMap<String, Integer> next = new TreeMap<>(JSONB_KEY_ORDER);
        if (distribution != null) {
            next.putAll(distribution);
        }
        next.merge(code, 1, Integer::sum);
        return next;
    }

    /** The first code in jsonb order with the highest count. */
    public static Map.Entry<String, Integer> dominant(Map<String, Integer> distribution) {
        Map.Entry<String, Integer> best = null;
        for (Map.Entry<String, Integer> e : distribution.entrySet()) {
            if (best == null || e.getValue() > best.getValue()) {
                best = e;
            }
        }
        return best;
    }
}
