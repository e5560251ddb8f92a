package io.mistakeflow.common.recommendation;

/**
 * {@code ui_reflex_events.event_type}. The triggers emitted CREATED and UPDATED; the others come
 * from the recommender's lifecycle flags, off by default.
 */
public enum EventType {
    RECOMMENDATION_CREATED,
    RECOMMENDATION_UPDATED,
    RECOMMENDATION_EXPIRED,
    RECOMMENDATION_DISMISSED,
    PATTERN_CHANGED
}
