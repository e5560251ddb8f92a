package io.mistakeflow.common.analysis;

import java.time.Instant;

/**
 * One per analysed mistake, for the recommender: the status the key got, at the event time of
 * the analysed mistake ({@code mistakeId}). {@code sourceMistakeId} is the key's mistake with the
 * greatest occurred_at seen so far, the one recommendations point to.
 */
public record PatternUpdate(
        String studentId,
        String globalTopicUid,
        PatternStatus status,
        Instant eventTime,
        String mistakeId,
        String sourceMistakeId) {
}
