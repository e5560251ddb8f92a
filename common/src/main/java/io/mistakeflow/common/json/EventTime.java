package io.mistakeflow.common.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Event times as the pipeline reads and writes them. Postgres {@code timestamp} columns hold UTC
 * values without a zone at microsecond precision, so that is what we keep and print.
 */
public final class EventTime {

    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private EventTime() {
    }

    /** {@code 2025-01-06T10:32:15} or {@code 2025-01-06T10:32:15.123456}: UTC, no offset, as Postgres prints it. */
    public static String format(Instant instant) {
        return OUTPUT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /**
     * ISO-8601 with or without an offset (no offset means UTC); a space instead of the {@code T}
     * is accepted because that is how Postgres and most SQL clients print timestamps.
     */
    public static Instant parse(String text) {
        String iso = text.trim().replace(' ', 'T');
        if (hasOffset(iso)) {
            return OffsetDateTime.parse(iso).toInstant().truncatedTo(ChronoUnit.MICROS);
        }
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** Z, or a sign after the time of day (the date's own dashes come before the T). */
    private static boolean hasOffset(String iso) {
        int time = iso.indexOf('T');
        if (time < 0) {
            return false;
        }
        for (int i = time + 1; i < iso.length(); i++) {
            char c = iso.charAt(i);
            if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
                return true;
            }
        }
        return false;
    }

    /** Debezium's {@code MicroTimestamp}: microseconds since the epoch. */
    public static Instant ofEpochMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    public static long toEpochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
