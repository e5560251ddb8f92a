package io.mistakeflow.analyzer.analysis;

import io.mistakeflow.analyzer.pattern.MistakeHistory;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import java.time.Instant;

/**
 * Everything the analyzer keeps per (student, topic), in one store value so a mistake costs one
 * read and one write: the baseline and pattern rows (null until the first analysed mistake), the
 * bounded history, the latest mistake (greatest occurred_at; the source of recommendations) and the
 * number of mistakes seen (the tie-break of equal occurred_at).
 */
public record StudentTopicState(
        Baseline baseline,
        MistakePattern pattern,
        MistakeHistory history,
        String latestMistakeId,
        Instant latestOccurredAt,
        long seen) {

    public static StudentTopicState empty() {
        return new StudentTopicState(null, null, MistakeHistory.empty(), null, null, 0);
    }
}
