package io.mistakeflow.gateway.events;

import io.mistakeflow.common.recommendation.UiReflexEvent;
import java.time.Instant;

/**
 * Where a reconnecting client left off: the event its {@code Last-Event-ID} names. Events are
 * ordered as the backlog sends them, by {@code (created_at, id)}; the client is taken to have
 * every event up to and including this one. Ids compare as their lower-case text, which is how
 * Postgres orders uuids (byte by byte), so Java and SQL agree on the order.
 */
public record ResumePoint(Instant createdAt, String id) {

    /** True when the client already had {@code event}: it is at or before this point. */
    public boolean covers(UiReflexEvent event) {
        int byTime = event.createdAt().compareTo(createdAt);
        return byTime < 0 || (byTime == 0 && event.id().compareTo(id) <= 0);
    }
}
