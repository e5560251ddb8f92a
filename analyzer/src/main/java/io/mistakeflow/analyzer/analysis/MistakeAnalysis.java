package io.mistakeflow.analyzer.analysis;

import io.mistakeflow.analyzer.baseline.BaselineRule;
import io.mistakeflow.analyzer.pattern.HistoryEntry;
import io.mistakeflow.analyzer.pattern.MistakeDistribution;
import io.mistakeflow.analyzer.pattern.MistakeHistory;
import io.mistakeflow.analyzer.pattern.PatternClassifier;
import io.mistakeflow.analyzer.pattern.TrendWindow;
import io.mistakeflow.analyzer.reference.References;
import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.mistake.StudentTopicKey;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.PresetSettings;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One mistake through Rules 2 then 1 (docs/behaviour.md), as the triggers ran them: pure, from the key's state
 * and the reference data to the next state and the outputs.
 */
public final class MistakeAnalysis {

    static final String PATTERN_TABLE = "student_mistake_patterns";

    /** The exam norm: always null in FK-free mode, the required mode (no test engine to join). */
    private static final BigDecimal NO_EXAM_NORM = null;

    private MistakeAnalysis() {
    }

    /** {@code analysed} is null for a mistake the rules skip (no positive time). */
    public record Result(StudentTopicState state, Analysed analysed) {
    }

    public record Analysed(Baseline baseline, MistakePattern pattern, AnalysedMistake mistake, PatternUpdate update) {
    }

    public static Result analyse(StudentTopicState state, Mistake mistake, References refs) {
        StudentTopicKey key = mistake.studentTopicKey();
        long seq = state.seen() + 1;
        MistakeHistory history = state.history().with(
                new HistoryEntry(mistake.mistakeCode(), mistake.occurredAt(), seq),
                code -> refs.severity(code) != null,
                refs.historyBound());
        boolean newest = state.latestOccurredAt() == null || !mistake.occurredAt().isBefore(state.latestOccurredAt());
        String latestId = newest ? mistake.id() : state.latestMistakeId();
        StudentTopicState seen = new StudentTopicState(state.baseline(), state.pattern(), history, latestId,
                newest ? mistake.occurredAt() : state.latestOccurredAt(), seq);
        if (!mistake.hasTime()) {
            return new Result(seen, null);
        }
        int seconds = mistake.timeSpentSeconds();

        // Rule 2 first: it reads the adaptive expectation as it was before this mistake.
        PresetSettings preset = refs.presetOf(mistake.studentId());
        BigDecimal adaptiveBefore = state.baseline() == null ? null : state.baseline().adaptiveExpectedDuration();
        PatternClassifier.Expectation expectation = PatternClassifier.expectation(preset, adaptiveBefore, NO_EXAM_NORM);
        BigDecimal timeRatio = expectation.timeRatio(seconds);
        Integer known = refs.severity(mistake.mistakeCode());
        int severity = known == null ? MistakeType.UNKNOWN_SEVERITY : known;
        TrendWindow window = TrendWindow.of(history, mistake.occurredAt(), preset, refs::severity);
        PatternStatus status = PatternClassifier.classify(seconds, timeRatio, severity, window, preset);
        MistakePattern pattern = nextPattern(state.pattern(), key, mistake, status);

        Baseline baseline = BaselineRule.apply(state.baseline(), key, seconds, NO_EXAM_NORM,
                refs.defaultPreset(), mistake.occurredAt());

        AnalysedMistake analysed = new AnalysedMistake(mistake.id(), key.studentId(), key.globalTopicUid(),
                expectation.expectedDuration(), timeRatio, expectation.usedAdaptiveBaseline(), status);
        PatternUpdate update = new PatternUpdate(key.studentId(), key.globalTopicUid(), status,
                mistake.occurredAt(), mistake.id(), latestId);
        StudentTopicState next = new StudentTopicState(baseline, pattern, history, seen.latestMistakeId(), seen.latestOccurredAt(), seq);
        return new Result(next, new Analysed(baseline, pattern, analysed, update));
    }

    private static MistakePattern nextPattern(MistakePattern previous, StudentTopicKey key, Mistake mistake, PatternStatus status) {
        Map<String, Integer> distribution = MistakeDistribution.add(
                previous == null ? null : previous.mistakeDistribution(), mistake.mistakeCode());
        Map.Entry<String, Integer> dominant = MistakeDistribution.dominant(distribution);
        String id = previous == null ? key.rowId(PATTERN_TABLE) : previous.id();
        return new MistakePattern(id, key.studentId(), key.globalTopicUid(),
                dominant.getKey(), dominant.getValue(), distribution, status, mistake.occurredAt());
    }
}
