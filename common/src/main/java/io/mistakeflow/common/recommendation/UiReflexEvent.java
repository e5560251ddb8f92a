package io.mistakeflow.common.recommendation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A row of {@code ui_reflex_events}: what frontends react to. {@code delivered*} belong to the frontend. */
public record UiReflexEvent(
        String id,
        String studentId,
        String globalTopicUid,
        EventType eventType,
        String title,
        String message,
        List<Map<String, Object>> actionItems,
        int priority,
        String recommendationId,
        String sourceMistakeId,
        boolean delivered,
        Instant deliveredAt,
        Instant createdAt) {
}
