package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.Rows;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.RecommendationFeedback;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.DeadLetters;
import io.mistakeflow.recommender.recommendation.Outcome;
import io.mistakeflow.recommender.recommendation.RecommendationKey;
import io.mistakeflow.recommender.recommendation.RecommendationPolicy;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the frontend wrote onto recommendations (Debezium's capture of student_recommendations):
 * a dismissal ends the active recommendation, a showing is remembered. A row that cannot be read
 * goes to the dead-letter topic untouched and is counted; the app goes on.
 */
final class FeedbackProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackProcessor.class);

    private final RecommendationPolicy policy;
    private final boolean expiryEnabled;
    private final RecommendationSinks sinks;
    private final String deadLetterSink;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Object> context;
    private ActiveRecommendations recommendations;
    private DeadLetters deadLetters;

    FeedbackProcessor(boolean expiryEnabled, RecommendationSinks sinks, String deadLetterSink,
                      PipelineMetrics metrics) {
        this.metrics = metrics;
        this.policy = new RecommendationPolicy(expiryEnabled);
        this.expiryEnabled = expiryEnabled;
        this.sinks = sinks;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.recommendations = ActiveRecommendations.open(context, expiryEnabled);
        this.deadLetters = new DeadLetters(context, deadLetterSink, metrics);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            LOG.debug("ignoring the deletion of a recommendation row, key {}", record.key());
            return;
        }
        RecommendationFeedback feedback = deadLetters.readOrReject(record, Rows::feedback);
        if (feedback == null) {
            return;
        }
        Optional<Recommendation> active = recommendations.byId(feedback.studentId(), feedback.id());
        if (active.isEmpty()) {
            LOG.debug("ignoring feedback on recommendation {} of student {}: not active",
                    feedback.id(), feedback.studentId());
            return;
        }
        Outcome outcome = policy.onFeedback(active.get(), feedback, Instant.ofEpochMilli(record.timestamp()));
        recommendations.save(RecommendationKey.of(active.get()), active.get(), outcome.active());
        sinks.publish(context, outcome, record.timestamp());
    }
}
