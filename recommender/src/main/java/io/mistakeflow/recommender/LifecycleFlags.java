package io.mistakeflow.recommender;

/**
 * The lifecycle features beyond SPEC Rule 3. All off is the SPEC exactly: no input, store or event
 * beyond what the triggers had.
 *
 * @param expiryEnabled a recommendation ends at its expires_at (RECOMMENDATION_EXPIRED); the next
 *     update of its type creates a new one
 * @param dismissalsEnabled the frontend's is_dismissed ends a recommendation
 *     (RECOMMENDATION_DISMISSED), read from {@code Topics.RECOMMENDATION_FEEDBACK}
 * @param patternChangedEnabled a PATTERN_CHANGED event when a (student, topic)'s status changes value
 */
public record RecommenderOptions(boolean expiryEnabled, boolean dismissalsEnabled, boolean patternChangedEnabled) {

    public static final RecommenderOptions SPEC_ONLY = new RecommenderOptions(false, false, false);
}
