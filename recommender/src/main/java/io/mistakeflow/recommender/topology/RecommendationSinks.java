package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.recommendation.Outcome;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards an {@link Outcome} to the sinks named in the topology: rows keyed by recommendation id,
 * events keyed by student_id. Records keep the timestamp of what caused them (the commit time of
 * the mistake, or stream time for an expiry): event times are in the values, and a backfill
 * stamped with old event times would be deleted by time-based retention at once.
 */
record RecommendationSinks(String recommendationsSink, String eventsSink) {

    void publish(ProcessorContext<String, Object> context, Outcome outcome, long timestamp) {
        for (Recommendation row : outcome.rows()) {
            context.forward(new Record<>(row.id(), row, timestamp), recommendationsSink);
        }
        for (UiReflexEvent event : outcome.events()) {
            context.forward(new Record<>(event.studentId(), event, timestamp), eventsSink);
        }
    }
}
