package io.mistakeflow.common.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in settings files and on the command line: a whole number with
 * an optional unit, {@code 500ms}, {@code 15s}, {@code 5m}, {@code 1h}, {@code 2d}; no unit means
 * seconds.
 */
public final class DurationText {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private DurationText() {
    }

    /** @throws IllegalArgumentException naming {@code what} (a setting or an option) when the text is not a duration */
    public static Duration parse(String what, String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " must look like 500ms, 15s, 5m, 1h or 2d, got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
