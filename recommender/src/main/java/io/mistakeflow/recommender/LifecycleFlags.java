package io.mistakeflow.recommender;

/**
 * The lifecycle features beyond Rule 3 (docs/behaviour.md#lifecycle-flags). All off is Rule 3 exactly: no input, store or event
 * beyond what the triggers had.
 *
 * @param expiryEnabled a recommendation ends at its expires_at (RECOMMENDATION_EXPIRED); the next
 *     update of its type creates a new one
 * @param dismissalsEnabled the frontend's is_dismissed ends a recommendation
 *     (RECOMMENDATION_DISMISSED), read from {@code Topics.RECOMMENDATION_FEEDBACK}
 * @param patternChangedEnabled a PATTERN_CHANGED event when a (student, topic)'s status changes value
 */
public record LifecycleFlags(boolean expiryEnabled, boolean dismissalsEnabled, boolean patternChangedEnabled) {

    public static final LifecycleFlags NONE = new LifecycleFlags(false, false, false);
}
