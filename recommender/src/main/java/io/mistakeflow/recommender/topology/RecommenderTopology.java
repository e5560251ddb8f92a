package io.mistakeflow.recommender;

import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.common.streams.StudentPartitioner;
import io.mistakeflow.recommender.feedback.FeedbackProcessor;
import io.mistakeflow.recommender.patternchange.PatternChangeProcessor;
import io.mistakeflow.recommender.recommendation.ActiveRecommendations;
import io.mistakeflow.recommender.recommendation.PatternUpdateProcessor;
import io.mistakeflow.recommender.recommendation.RecommendationSinks;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * The recommender: pattern updates in, recommendations and UI reflex events out, all partitioned by
 * student_id. Every node and store is named here, so the topology's internal topics never change
 * name by accident. Nodes a lifecycle flag adds are added only when it is on.
 */
public final class RecommenderTopology {

    public static final String PATTERN_UPDATES_SOURCE = "pattern-updates-source";
    public static final String RECOMMEND = "recommend";
    public static final String DETECT_PATTERN_CHANGES = "detect-pattern-changes";
    public static final String FEEDBACK_SOURCE = "recommendation-feedback-source";
    public static final String APPLY_FEEDBACK = "apply-feedback";
    public static final String RECOMMENDATIONS_SINK = "recommendations-sink";
    public static final String UI_REFLEX_EVENTS_SINK = "ui-reflex-events-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private RecommenderTopology() {
    }

    public static Topology build(RecommenderOptions options, TemplateCatalog catalog, StoreSuppliers stores) {
        Topology topology = new Topology();
        RecommendationSinks sinks = new RecommendationSinks(RECOMMENDATIONS_SINK, UI_REFLEX_EVENTS_SINK);
        // every processor reads the active recommendations and writes events; not all write recommendations
        List<String> processors = new ArrayList<>(List.of(RECOMMEND));
        List<String> recommendationWriters = new ArrayList<>(List.of(RECOMMEND));

        source(topology, PATTERN_UPDATES_SOURCE, Topics.PATTERN_UPDATES);
        topology.addProcessor(RECOMMEND,
                () -> new PatternUpdateProcessor(catalog, options.expiryEnabled(), sinks), PATTERN_UPDATES_SOURCE);

        if (options.patternChangedEnabled()) {
            // added after RECOMMEND: a source hands each record to its children in the order they were added
            topology.addProcessor(DETECT_PATTERN_CHANGES,
                    () -> new PatternChangeProcessor(catalog.patternChanged(), UI_REFLEX_EVENTS_SINK),
                    PATTERN_UPDATES_SOURCE);
            topology.addStateStore(PatternChangeProcessor.lastStatusStoreBuilder(stores), DETECT_PATTERN_CHANGES);
            processors.add(DETECT_PATTERN_CHANGES);
        }

        if (options.dismissalsEnabled()) {
            source(topology, FEEDBACK_SOURCE, Topics.RECOMMENDATION_FEEDBACK);
            topology.addProcessor(APPLY_FEEDBACK,
                    () -> new FeedbackProcessor(options.expiryEnabled(), sinks, DEAD_LETTER_SINK), FEEDBACK_SOURCE);
            topology.addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTER.name(),
                    Topics.DEAD_LETTER.keySerde().serializer(), Topics.DEAD_LETTER.valueSerde().serializer(),
                    APPLY_FEEDBACK);
            processors.add(APPLY_FEEDBACK);
            recommendationWriters.add(APPLY_FEEDBACK);
        }

        topology.addStateStore(ActiveRecommendations.storeBuilder(stores), processors.toArray(String[]::new));
        if (options.expiryEnabled()) {
            topology.addStateStore(ActiveRecommendations.expiryIndexBuilder(stores),
                    recommendationWriters.toArray(String[]::new));
        }

        Topic<String, Recommendation> recommendations = Topics.RECOMMENDATIONS;
        topology.addSink(RECOMMENDATIONS_SINK, recommendations.name(),
                recommendations.keySerde().serializer(), recommendations.valueSerde().serializer(),
                new StudentPartitioner<>(Recommendation::studentId), recommendationWriters.toArray(String[]::new));
        Topic<String, UiReflexEvent> events = Topics.UI_REFLEX_EVENTS;
        topology.addSink(UI_REFLEX_EVENTS_SINK, events.name(),
                events.keySerde().serializer(), events.valueSerde().serializer(),
                new StudentPartitioner<>(UiReflexEvent::studentId), processors.toArray(String[]::new));
        return topology;
    }

    private static <K, V> void source(Topology topology, String name, Topic<K, V> topic) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    }
}
