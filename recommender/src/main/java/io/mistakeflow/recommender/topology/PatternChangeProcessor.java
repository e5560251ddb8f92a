package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.mistake.StudentTopicKey;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.patternchange.PatternChangeRule;
import io.mistakeflow.recommender.template.PatternChangeTexts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers each (student, topic)'s last status and applies the {@link PatternChangeRule}. A child
 * of the recommendation processor: each update arrives with the recommendation it left active.
 */
final class PatternChangeProcessor
        implements Processor<String, PatternUpdateProcessor.Recommended, String, UiReflexEvent> {

    private final PatternChangeTexts texts;
    private final RecommendationSinks sinks;
    private ProcessorContext<String, UiReflexEvent> context;
    /** Keyed by {@link StudentTopicKey#encode()}; value: the status name. */
    private KeyValueStore<String, String> lastStatus;

    PatternChangeProcessor(PatternChangeTexts texts, RecommendationSinks sinks) {
        this.texts = texts;
        this.sinks = sinks;
    }

    @Override
    public void init(ProcessorContext<String, UiReflexEvent> context) {
        this.context = context;
        this.lastStatus = context.getStateStore(RecommenderTopology.LAST_PATTERN_STATUS_STORE);
    }

    @Override
    public void process(Record<String, PatternUpdateProcessor.Recommended> record) {
        PatternUpdate update = record.value().update();
        String key = new StudentTopicKey(update.studentId(), update.globalTopicUid()).encode();
        String previous = lastStatus.get(key);
        lastStatus.put(key, update.status().name());
        PatternChangeRule.event(previous == null ? null : PatternStatus.valueOf(previous), update,
                        record.value().activeForStatus(), texts)
                .ifPresent(event -> sinks.publish(context, event, record.timestamp()));
    }
}
