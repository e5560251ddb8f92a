package io.mistakeflow.analyzer.topology;

import io.mistakeflow.analyzer.analysis.MistakeAnalysis;
import io.mistakeflow.analyzer.analysis.TopicState;
import io.mistakeflow.analyzer.reference.StoreReferences;
import io.mistakeflow.common.BadRecordException;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.reference.StudentSettings;
import io.mistakeflow.common.streams.DeadLetters;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Loads a key's state, runs {@link MistakeAnalysis}, stores the result and forwards the outputs. */
public final class MistakeProcessor implements Processor<String, byte[], String, Object> {

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, TopicState> topicStates;
    private StoreReferences references;
    private DeadLetters deadLetters;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.topicStates = context.getStateStore(AnalyzerTopology.TOPIC_STATE_STORE);
        KeyValueStore<String, byte[]> mistakeTypes = context.getStateStore(AnalyzerTopology.MISTAKE_TYPES_STORE);
        KeyValueStore<String, byte[]> presets = context.getStateStore(AnalyzerTopology.PRESETS_STORE);
        KeyValueStore<String, StudentSettings> settings = context.getStateStore(AnalyzerTopology.STUDENT_SETTINGS_STORE);
        this.references = new StoreReferences(mistakeTypes, presets, settings);
        this.deadLetters = new DeadLetters(context, AnalyzerTopology.DEAD_LETTER_SINK);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return; // a deleted mistake row: the triggers never undid an analysis either
        }
        Mistake mistake;
        try {
            mistake = Rows.mistake(record.value());
        } catch (BadRecordException e) {
            deadLetters.send(record, e.getMessage());
            return;
        }
        references.refresh();
        String key = mistake.topicKey().encode();
        TopicState state = topicStates.get(key);
        MistakeAnalysis.Result result = MistakeAnalysis.analyse(state == null ? TopicState.empty() : state,
                mistake, references);
        topicStates.put(key, result.state());
        MistakeAnalysis.Analysed out = result.analysed();
        if (out == null) {
            return;
        }
        // outputs keep the input's timestamp (the commit time): event times are in the values, and a
        // backfill stamped with old event times would be deleted by time-based retention at once
        long committed = record.timestamp();
        forward(key, out.baseline(), committed, AnalyzerTopology.BASELINES_SINK);
        forward(key, out.pattern(), committed, AnalyzerTopology.PATTERNS_SINK);
        forward(mistake.id(), out.mistake(), committed, AnalyzerTopology.ANALYSED_MISTAKES_SINK);
        forward(mistake.studentId(), out.update(), committed, AnalyzerTopology.PATTERN_UPDATES_SINK);
    }

    private void forward(String key, Object value, long timestamp, String sink) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }
}
