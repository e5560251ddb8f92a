package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.recommender.recommendation.Outcome;
import io.mistakeflow.recommender.recommendation.RecommendationKey;
import io.mistakeflow.recommender.recommendation.RecommendationPolicy;
import io.mistakeflow.recommender.template.Template;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Rule 3 on every pattern update: loads the key's active recommendation, applies the
 * {@link RecommendationPolicy}, stores and forwards; then hands the update and its outcome to the
 * pattern-change detector, when there is one. With expiry on, it also sweeps the recommendations
 * that stream time has passed.
 */
final class PatternUpdateProcessor implements Processor<String, PatternUpdate, String, Object> {

    /**
     * How far stream time moves between two expiry sweeps: a sweep ends a recommendation at most this
     * much stream time after its expires_at (the event it emits still says expires_at).
     */
    static final Duration EXPIRY_SWEEP_INTERVAL = Duration.ofMinutes(1);

    /** What the pattern-change detector gets: the update and the recommendation active for its status after it. */
    record Recommended(PatternUpdate update, Recommendation activeForStatus) {
    }

    private final TemplateCatalog catalog;
    private final RecommendationPolicy policy;
    private final boolean expiryEnabled;
    private final RecommendationSinks sinks;
    private final String patternChanges;
    private ProcessorContext<String, Object> context;
    private ActiveRecommendations recommendations;

    /** @param patternChanges the pattern-change detector's name, or null when there is none */
    PatternUpdateProcessor(TemplateCatalog catalog, boolean expiryEnabled, RecommendationSinks sinks,
                           String patternChanges) {
        this.catalog = catalog;
        this.policy = new RecommendationPolicy(expiryEnabled);
        this.expiryEnabled = expiryEnabled;
        this.sinks = sinks;
        this.patternChanges = patternChanges;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.recommendations = ActiveRecommendations.open(context, expiryEnabled);
        if (expiryEnabled) {
            // stream time, not the wall clock: a replay expires the same recommendations
            context.schedule(EXPIRY_SWEEP_INTERVAL, PunctuationType.STREAM_TIME,
                    streamTime -> expireDue(Instant.ofEpochMilli(streamTime)));
        }
    }

    @Override
    public void process(Record<String, PatternUpdate> record) {
        PatternUpdate update = record.value();
        if (update == null) {
            return;
        }
        Template template = catalog.forStatus(update.status()).orElse(null);
        RecommendationKey key = RecommendationKey.of(update);
        Recommendation active = recommendations.get(key);
        Outcome outcome = policy.onPatternUpdate(active, update, template);
        recommendations.save(key, active, outcome.active());
        sinks.publish(context, outcome, record.timestamp());
        if (patternChanges != null) {
            context.forward(record.withValue(new Recommended(update, outcome.active())), patternChanges);
        }
    }

    private void expireDue(Instant streamTime) {
        for (Recommendation due : recommendations.dueAt(streamTime)) {
            Outcome outcome = policy.expire(due);
            recommendations.save(RecommendationKey.of(due), due, outcome.active());
            sinks.publish(context, outcome, streamTime.toEpochMilli());
        }
    }
}
