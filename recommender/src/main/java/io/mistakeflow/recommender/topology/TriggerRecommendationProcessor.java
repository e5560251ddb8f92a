package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.Rows;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.streams.DeadLetters;
import io.mistakeflow.recommender.recommendation.RecommendationKey;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * During a cut-over from the triggers ({@code db/cutover/install.sql}), the rows the trigger-era
 * triggers wrote into student_recommendations (captured by Debezium, {@code written_by = triggers})
 * are the truth for the students the triggers still analyse. An active one becomes its key's active
 * recommendation here, id and all, so that when the student moves to the pipeline the next update
 * refreshes that very row (never a second active row against {@code uq_student_reco_active}); an
 * inactive one ends the key's active recommendation if it is that row. The pipeline's own rows and
 * rows of a deployment without a cut-over are ignored. Nothing is written: the triggers wrote it.
 */
final class TriggerRecommendationProcessor implements Processor<String, byte[], String, Object> {

    private final boolean expiryEnabled;
    private final String deadLetterSink;
    private final PipelineMetrics metrics;
    private ActiveRecommendations recommendations;
    private DeadLetters deadLetters;

    TriggerRecommendationProcessor(boolean expiryEnabled, String deadLetterSink, PipelineMetrics metrics) {
        this.expiryEnabled = expiryEnabled;
        this.deadLetterSink = deadLetterSink;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.recommendations = ActiveRecommendations.open(context, expiryEnabled);
        this.deadLetters = new DeadLetters(context, deadLetterSink, metrics);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null || !mentionsTriggers(record.value())) {
            return; // a deletion, or (nearly always) a row the pipeline wrote itself
        }
        Recommendation row = deadLetters.readOrReject(record, Rows::triggerRecommendation);
        if (row == null) {
            return;
        }
        RecommendationKey key = RecommendationKey.of(row);
        Recommendation active = recommendations.get(key);
        recommendations.save(key, active, adopted(active, row));
    }

    /** The key's active recommendation once the triggers' {@code row} is taken in. */
    static Recommendation adopted(Recommendation active, Recommendation row) {
        if (row.isActive()) {
            return row;
        }
        return active != null && active.id().equals(row.id()) ? null : active;
    }

    /** A cheap test before parsing: the stamp's value occurs in the row's bytes. */
    private static boolean mentionsTriggers(byte[] value) {
        byte[] needle = "\"triggers\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= value.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (value[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
