package io.mistakeflow.platform.simulate;

import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Where a run's five outputs go: the streams (every analysed mistake, every event) as they are
 * produced, the tables (baselines, patterns, recommendations) in their final state at the end.
 */
public interface SimulationOutput extends AutoCloseable {

    void analysed(AnalysedMistake mistake);

    void event(UiReflexEvent event);

    /** Called once, after the last mistake; rows ordered by (student_id, global_topic_uid), recommendations by creation. */
    void finalState(Collection<Baseline> baselines, Collection<MistakePattern> patterns,
                    Collection<Recommendation> recommendations) throws IOException;

    @Override
    void close() throws IOException;

    /** Every output of {@code outputs}, in the given order. */
    static SimulationOutput all(List<SimulationOutput> outputs) {
        return new SimulationOutput() {
            @Override
            public void analysed(AnalysedMistake mistake) {
                outputs.forEach(out -> out.analysed(mistake));
            }

            @Override
            public void event(UiReflexEvent event) {
                outputs.forEach(out -> out.event(event));
            }

            @Override
            public void finalState(Collection<Baseline> baselines, Collection<MistakePattern> patterns,
                                   Collection<Recommendation> recommendations) throws IOException {
                for (SimulationOutput out : outputs) {
                    out.finalState(baselines, patterns, recommendations);
                }
            }

            @Override
            public void close() throws IOException {
                IOException first = null;
                for (SimulationOutput out : outputs) {
                    try {
                        out.close();
                    } catch (IOException e) {
                        first = first == null ? e : first;
                    }
                }
                if (first != null) {
                    throw first;
                }
            }
        };
    }
}
