package io.mistakeflow.platform.replay;

import io.mistakeflow.common.BadRecordException;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.platform.UsageException;
import java.time.Instant;

/**
 * The mistakes a replay reads, by occurred_at: {@code since} included, {@code until} excluded;
 * either may be open. Occurred_at, not the commit time, because that is what both sources can
 * filter on and what an analyst means by "the mistakes of March".
 */
record ReplayWindow(Instant since, Instant until) {

    static final ReplayWindow ALL = new ReplayWindow(null, null);

    ReplayWindow {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new UsageException("--since " + EventTime.format(since) + " is not before --until " + EventTime.format(until));
        }
    }

    /** An ISO-8601 time (no offset: UTC), as a usage error when it is not one. */
    static Instant parseTime(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return EventTime.parse(text);
        } catch (RuntimeException e) {
            throw new UsageException(option + " is not an ISO-8601 time (e.g. 2025-01-06T10:00:00): " + text);
        }
    }

    boolean isAll() {
        return since == null && until == null;
    }

    boolean contains(Instant occurredAt) {
        return (since == null || !occurredAt.isBefore(since)) && (until == null || occurredAt.isBefore(until));
    }

    /** A row that cannot be read is admitted, so the run reports it as the live apps would dead-letter it. */
    boolean admits(byte[] row) {
        if (isAll()) {
            return true;
        }
        try {
            return contains(Rows.mistake(row).occurredAt());
        } catch (BadRecordException unreadable) {
            return true;
        }
    }
}
