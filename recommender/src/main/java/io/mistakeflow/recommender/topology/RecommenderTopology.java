package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.Topics;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.common.streams.AppTopology;
import io.mistakeflow.recommender.LifecycleFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * The recommender: pattern updates in, recommendations and UI reflex events out, all partitioned by
 * student_id. The whole wiring of the app is here; nodes and stores a lifecycle flag adds exist
 * only when it is on.
 *
 * <pre>
 *  pattern-updates-source ──► recommend ──► recommendations-sink, ui-reflex-events-sink
 *                                │
 *                                └──► detect-pattern-changes ──► ui-reflex-events-sink   (pattern-changed)
 *  recommendation-feedback-source ──► adopt-trigger-recommendations ──► dead-letter-sink
 *                                 └──► apply-feedback ──► recommendations-sink,
 *                                                        ui-reflex-events-sink, dead-letter-sink (dismissals)
 *
 *       recommender-active-recommendations, recommender-expiry-index (expiry),
 *       recommender-last-pattern-status (pattern-changed)
 * </pre>
 */
public final class RecommenderTopology {

    public static final String PATTERN_UPDATES_SOURCE = "pattern-updates-source";
    public static final String RECOMMEND = "recommend";
    public static final String DETECT_PATTERN_CHANGES = "detect-pattern-changes";
    public static final String FEEDBACK_SOURCE = "recommendation-feedback-source";
    public static final String APPLY_FEEDBACK = "apply-feedback";
    /** The active rows the trigger-era triggers wrote, taken in during a cut-over (db/cutover). */
    public static final String ADOPT_TRIGGER_RECOMMENDATIONS = "adopt-trigger-recommendations";
    public static final String RECOMMENDATIONS_SINK = "recommendations-sink";
    public static final String UI_REFLEX_EVENTS_SINK = "ui-reflex-events-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    /** The active recommendation of each (student, topic, type). */
    public static final String ACTIVE_RECOMMENDATIONS_STORE = "recommender-active-recommendations";
    /** (expires_at, key) of each active recommendation, for the expiry sweep. */
    public static final String EXPIRY_INDEX_STORE = "recommender-expiry-index";
    /** The last status of each (student, topic). */
    public static final String LAST_PATTERN_STATUS_STORE = "recommender-last-pattern-status";

    private RecommenderTopology() {
    }

    public static AppTopology build(RecommenderOptions options) {
        LifecycleFlags flags = options.flags();
        RecommendationSinks sinks = new RecommendationSinks(RECOMMENDATIONS_SINK, UI_REFLEX_EVENTS_SINK, options.metrics());
        List<String> recommendationWriters = new ArrayList<>(List.of(RECOMMEND));
        List<String> eventWriters = new ArrayList<>(List.of(RECOMMEND));

        AppTopology.Builder topology = AppTopology.builder()
                .source(PATTERN_UPDATES_SOURCE, Topics.PATTERN_UPDATES)
                .processor(RECOMMEND, () -> new PatternUpdateProcessor(options.catalog(), flags.expiryEnabled(), sinks,
                        flags.patternChangedEnabled() ? DETECT_PATTERN_CHANGES : null), PATTERN_UPDATES_SOURCE);

        if (flags.patternChangedEnabled()) {
            // a child of recommend: it sees the recommendation the same update created or refreshed
            topology.processor(DETECT_PATTERN_CHANGES,
                            () -> new PatternChangeProcessor(options.catalog().patternChanged(), sinks),
                            RECOMMEND)
                    .store(ActiveRecommendations.stringStore(options.stores(), LAST_PATTERN_STATUS_STORE),
                            DETECT_PATTERN_CHANGES);
            eventWriters.add(DETECT_PATTERN_CHANGES);
        }
        // the captured student_recommendations rows: always read for the cut-over's adoption,
        // and for the frontend's feedback when dismissals are on
        topology.source(FEEDBACK_SOURCE, Topics.RECOMMENDATION_FEEDBACK)
                .processor(ADOPT_TRIGGER_RECOMMENDATIONS, () -> new TriggerRecommendationProcessor(flags.expiryEnabled(),
                        DEAD_LETTER_SINK, options.metrics()), FEEDBACK_SOURCE);
        List<String> deadLetterWriters = new ArrayList<>(List.of(ADOPT_TRIGGER_RECOMMENDATIONS));
        if (flags.dismissalsEnabled()) {
            topology.processor(APPLY_FEEDBACK, () -> new FeedbackProcessor(flags.expiryEnabled(), sinks, DEAD_LETTER_SINK,
                            options.metrics()),
                    FEEDBACK_SOURCE);
            deadLetterWriters.add(APPLY_FEEDBACK);
            recommendationWriters.add(APPLY_FEEDBACK);
            eventWriters.add(APPLY_FEEDBACK);
        }
        topology.deadLetterSink(DEAD_LETTER_SINK, deadLetterWriters.toArray(String[]::new));

        String[] writers = recommendationWriters.toArray(String[]::new);
        List<String> storeUsers = new ArrayList<>(recommendationWriters);
        storeUsers.add(ADOPT_TRIGGER_RECOMMENDATIONS);
        String[] users = storeUsers.toArray(String[]::new);
        topology.store(ActiveRecommendations.storeBuilder(options.stores()), users);
        if (flags.expiryEnabled()) {
            topology.store(ActiveRecommendations.stringStore(options.stores(), EXPIRY_INDEX_STORE), users);
        }
        return topology
                .studentSink(RECOMMENDATIONS_SINK, Topics.RECOMMENDATIONS, Recommendation::studentId, writers)
                .studentSink(UI_REFLEX_EVENTS_SINK, Topics.UI_REFLEX_EVENTS, UiReflexEvent::studentId,
                        eventWriters.toArray(String[]::new))
                .build();
    }
}
