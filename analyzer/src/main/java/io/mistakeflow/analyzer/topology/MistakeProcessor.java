package io.mistakeflow.analyzer.topology;

import io.mistakeflow.analyzer.analysis.MistakeAnalysis;
import io.mistakeflow.analyzer.analysis.StudentTopicState;
import io.mistakeflow.analyzer.reference.ReferenceChanges;
import io.mistakeflow.analyzer.reference.ReferenceStores;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.streams.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.processor.PunctuationType;
import java.util.ArrayList;
import java.util.List;

/** Loads a key's state, runs {@link MistakeAnalysis}, stores the result and forwards the outputs. */
final class MistakeProcessor implements Processor<String, byte[], String, Object> {

    /** The status tag of a mistake Rule 2 skips (no positive time). */
    static final String NOT_ANALYSED = "not_analysed";
    /** The status tag of a mistake already analysed (a redelivery), dropped. */
    static final String REDELIVERED = "redelivered";
    /** The status tag of a mistake the trigger-era triggers analyse (cut-over): state only, no output. */
    static final String BY_TRIGGERS = "by_triggers";

    /**
     * How often (stream time) the ids older than the redelivery window are purged. A purge reads the
     * whole store, so not too often: hourly, it was a fifth of a backfill's time (stream time runs
     * days ahead in minutes there). Ids stay up to a quarter window longer; the window check itself
     * compares commit times, so that changes no decision.
     */
    private static final Duration PURGE_EVERY = AnalyzerTopology.REDELIVERY_WINDOW.dividedBy(4);

    private final PipelineMetrics metrics;
    private final ReferenceChanges referenceChanges;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, StudentTopicState> states;
    private KeyValueStore<String, Long> analysedIds;
    private ReferenceStores references;
    private DeadLetters deadLetters;

    MistakeProcessor(PipelineMetrics metrics, ReferenceChanges referenceChanges) {
        this.metrics = metrics;
        this.referenceChanges = referenceChanges;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.states = context.getStateStore(AnalyzerTopology.STUDENT_TOPIC_STATE_STORE);
        this.analysedIds = context.getStateStore(AnalyzerTopology.ANALYSED_IDS_STORE);
        // stream time: a replay purges as the live run did
        context.schedule(PURGE_EVERY, PunctuationType.STREAM_TIME, this::purgeAnalysedIds);
        this.references = new ReferenceStores(context.getStateStore(AnalyzerTopology.MISTAKE_TYPES_STORE),
                context.getStateStore(AnalyzerTopology.PRESETS_STORE),
                context.getStateStore(AnalyzerTopology.STUDENT_SETTINGS_STORE), referenceChanges);
        this.deadLetters = new DeadLetters(context, AnalyzerTopology.DEAD_LETTER_SINK, metrics);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return; // a deleted mistake row: the triggers never undid an analysis either
        }
        Mistake mistake = deadLetters.readOrReject(record,
                value -> Rows.mistake(value, Instant.ofEpochMilli(record.timestamp())));
        if (mistake == null) {
            return;
        }
        if (redelivered(mistake.id(), record.timestamp())) {
            metrics.mistakeAnalysed(REDELIVERED);
            return;
        }
        String key = mistake.studentTopicKey().encode();
        StudentTopicState state = states.get(key);
        MistakeAnalysis.Result result = MistakeAnalysis.analyse(state == null ? StudentTopicState.empty() : state,
                mistake, references.current());
        states.put(key, result.state());
        MistakeAnalysis.Analysed out = result.analysed();
        if (out == null) {
            metrics.mistakeAnalysed(NOT_ANALYSED);
            return;
        }
        if (mistake.analysedByTriggers()) {
            // during a cut-over the triggers write this student's outputs; the state stays exact so
            // that the pipeline can take the student over at any mistake
            metrics.mistakeAnalysed(BY_TRIGGERS);
            return;
        }
        metrics.mistakeAnalysed(out.mistake().improvementTrend().name());
        // outputs keep the input's timestamp (the commit time): event times are in the values, and a
        // backfill stamped with old event times would be deleted by time-based retention at once
        long committed = record.timestamp();
        forward(key, out.baseline(), committed, AnalyzerTopology.BASELINES_SINK);
        forward(key, out.pattern(), committed, AnalyzerTopology.PATTERNS_SINK);
        forward(mistake.id(), out.mistake(), committed, AnalyzerTopology.ANALYSED_MISTAKES_SINK);
        forward(mistake.studentId(), out.update(), committed, AnalyzerTopology.PATTERN_UPDATES_SINK);
        metrics.endToEnd(context.applicationId(), Topics.ANALYSED_MISTAKES.name(),
                Duration.ofMillis(System.currentTimeMillis() - committed));
    }

    /** Whether the id was analysed within the redelivery window of {@code committed}; records it if not. */
    private boolean redelivered(String id, long committed) {
        Long seen = analysedIds.get(id);
        if (seen != null && Math.abs(committed - seen) <= AnalyzerTopology.REDELIVERY_WINDOW.toMillis()) {
            return true;
        }
        analysedIds.put(id, committed);
        return false;
    }

    /** Drops the ids committed more than the redelivery window before {@code streamTime}. */
    private void purgeAnalysedIds(long streamTime) {
        long before = streamTime - AnalyzerTopology.REDELIVERY_WINDOW.toMillis();
        List<String> old = new ArrayList<>();
        // collected first: deleting under an open iterator is not allowed
        try (KeyValueIterator<String, Long> ids = analysedIds.all()) {
            ids.forEachRemaining(entry -> {
                if (entry.value < before) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(analysedIds::delete);
    }

    private void forward(String key, Object value, long timestamp, String sink) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }
}
