package io.mistakeflow.recommender.patternchange;

import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.mistake.TopicKey;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.recommendation.ActiveRecommendations;
import io.mistakeflow.recommender.recommendation.RecommendationKey;
import io.mistakeflow.recommender.template.PatternChangeTexts;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import io.mistakeflow.common.streams.StoreSuppliers;
import org.apache.kafka.streams.state.Stores;

/**
 * Remembers each (student, topic)'s last status and applies the {@link PatternChangeRule}. It runs
 * after the recommendation processor on the same update, so it sees the recommendation that update
 * created or refreshed.
 */
public final class PatternChangeProcessor implements Processor<String, PatternUpdate, String, UiReflexEvent> {

    /** Keyed by {@link TopicKey#encode()}; value: the status name. */
    public static final String LAST_STATUS_STORE = "last-pattern-status";

    private final PatternChangeTexts texts;
    private final String eventsSink;
    private ProcessorContext<String, UiReflexEvent> context;
    private KeyValueStore<String, String> lastStatus;
    private ActiveRecommendations recommendations;

    public PatternChangeProcessor(PatternChangeTexts texts, String eventsSink) {
        this.texts = texts;
        this.eventsSink = eventsSink;
    }

    public static StoreBuilder<KeyValueStore<String, String>> lastStatusStoreBuilder(StoreSuppliers stores) {
        return Stores.keyValueStoreBuilder(stores.keyValue(LAST_STATUS_STORE),
                Serdes.String(), Serdes.String());
    }

    @Override
    public void init(ProcessorContext<String, UiReflexEvent> context) {
        this.context = context;
        this.lastStatus = context.getStateStore(LAST_STATUS_STORE);
        // read only here: the expiry index is the recommendation processor's business
        this.recommendations = ActiveRecommendations.open(context, false);
    }

    @Override
    public void process(Record<String, PatternUpdate> record) {
        PatternUpdate update = record.value();
        if (update == null) {
            return;
        }
        String key = new TopicKey(update.studentId(), update.globalTopicUid()).encode();
        String previous = lastStatus.get(key);
        lastStatus.put(key, update.status().name());
        PatternChangeRule.event(previous == null ? null : PatternStatus.valueOf(previous), update,
                        recommendations.get(RecommendationKey.of(update)), texts)
                .ifPresent(event -> context.forward(
                        new Record<>(event.studentId(), event, record.timestamp()), eventsSink));
    }
}
