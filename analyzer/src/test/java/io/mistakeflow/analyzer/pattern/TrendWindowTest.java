package io.mistakeflow.analyzer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.reference.PresetSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule 2 step 4 (docs/behaviour.md#rule-2-patterns): the window W and its recent/past means. */
class TrendWindowTest {

    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    private static final Map<String, Integer> SEVERITIES = Map.of(
            "CALCULATION_ERROR", 2, "SIGN_ERROR", 2, "CARELESS_READING", 1, "CONCEPT_GAP", 4,
            "FORMULA_MISAPPLIED", 3, "TIME_OUT", 5);

    /** Newest first, as the history keeps it; entries are given oldest first. */
    private static MistakeHistory history(HistoryEntry... oldestFirst) {
        List<HistoryEntry> entries = new ArrayList<>(List.of(oldestFirst));
        entries.sort(HistoryEntry.NEWEST_FIRST);
        return new MistakeHistory(entries);
    }

    private static HistoryEntry at(int seconds, String code, long seq) {
        return new HistoryEntry(code, T0.plusSeconds(seconds), seq);
    }

    @Test
    void theWindowHoldsTheNewestCodesFirst() {
        // given
        MistakeHistory h = history(at(0, "CONCEPT_GAP", 1), at(1, "SIGN_ERROR", 2), at(2, "TIME_OUT", 3));

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(2), PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.codes()).containsExactly("TIME_OUT", "SIGN_ERROR", "CONCEPT_GAP");
    }

    @Test
    void theWindowHoldsAtMostTrendWindowSizeMistakes() {
        // given: six known mistakes, trend_window_size 5
        MistakeHistory h = history(at(0, "TIME_OUT", 1), at(1, "SIGN_ERROR", 2), at(2, "SIGN_ERROR", 3),
                at(3, "SIGN_ERROR", 4), at(4, "SIGN_ERROR", 5), at(5, "SIGN_ERROR", 6));

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(5), PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.size()).isEqualTo(5);
        assertThat(w.codes()).doesNotContain("TIME_OUT");
    }

    @Test
    void recentIsTheMeanOfTheNewestTrendRecentCountAndPastOfTheRest() {
        // given: severities newest first 4, 1 | 1, 2, 2
        MistakeHistory h = history(at(0, "SIGN_ERROR", 1), at(1, "SIGN_ERROR", 2), at(2, "CARELESS_READING", 3),
                at(3, "CARELESS_READING", 4), at(4, "CONCEPT_GAP", 5));

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(4), PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.recent().toPlainString()).isEqualTo("2.5000000000000000");
        assertThat(w.past().toPlainString()).isEqualTo("1.6666666666666667");
    }

    @Test
    void aMeanWhoseSumHasNoLargerLeadingDigitThanItsCountGetsTwentyDecimals() {
        // given: severities newest first 2, 2 | 1, 1; the past sum 2 over 2 is computed like 1/3 in numeric
        MistakeHistory h = history(at(0, "CARELESS_READING", 1), at(1, "CARELESS_READING", 2), at(2, "SIGN_ERROR", 3),
                at(3, "SIGN_ERROR", 4));

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(3), PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.recent().toPlainString()).isEqualTo("2.0000000000000000");
        assertThat(w.past().toPlainString()).isEqualTo("1.00000000000000000000");
    }

    @Test
    void pastIsNullWhenTheWindowHasOnlyRecentMistakes() {
        // given
        MistakeHistory h = history(at(0, "SIGN_ERROR", 1), at(1, "TIME_OUT", 2));

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(1), PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.recent().toPlainString()).isEqualTo("3.5000000000000000");
        assertThat(w.past()).isNull();
    }

    @Test
    void aSoftStudentsRecentPartIsThreeMistakes() {
        // given: trend_recent_count 3 for soft; severities newest first 5, 2, 2 | 1
        MistakeHistory h = history(at(0, "CARELESS_READING", 1), at(1, "SIGN_ERROR", 2), at(2, "SIGN_ERROR", 3),
                at(3, "TIME_OUT", 4));

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(3), PresetSettings.SOFT, SEVERITIES::get);

        // then
        assertThat(w.recent().toPlainString()).isEqualTo("3.0000000000000000");
        assertThat(w.past().toPlainString()).isEqualTo("1.00000000000000000000");
    }

    @Test
    void unknownCodesAreLeftOutOfTheWindow() {
        // given
        MistakeHistory h = history(at(0, "SIGN_ERROR", 1), at(1, "NEW_CODE_X", 2), at(2, "SIGN_ERROR", 3),
                at(3, "UNKNOWN_CODE", 4));

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(3), PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.codes()).containsExactly("SIGN_ERROR", "SIGN_ERROR");
    }

    @Test
    void unknownCodesDoNotCountTowardsTrendWindowSize() {
        // given: five known mistakes with an unknown one among them
        MistakeHistory h = history(at(0, "TIME_OUT", 1), at(1, "SIGN_ERROR", 2), at(2, "NEW_CODE_X", 3),
                at(3, "SIGN_ERROR", 4), at(4, "SIGN_ERROR", 5), at(5, "SIGN_ERROR", 6));

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(5), PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.codes()).containsExactly("SIGN_ERROR", "SIGN_ERROR", "SIGN_ERROR", "SIGN_ERROR", "TIME_OUT");
    }

    @Test
    void severitiesAreLookedUpWhenTheRuleRuns() {
        // given: a code that has become known since its mistakes were seen
        MistakeHistory h = history(at(0, "NEW_CODE_X", 1), at(1, "NEW_CODE_X", 2), at(2, "NEW_CODE_X", 3));
        Map<String, Integer> now = new HashMap<>(SEVERITIES);
        now.put("NEW_CODE_X", 3);

        // when
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(2), PresetSettings.NORMAL, now::get);

        // then
        assertThat(w.codes()).containsExactly("NEW_CODE_X", "NEW_CODE_X", "NEW_CODE_X");
        assertThat(w.past().toPlainString()).isEqualTo("3.0000000000000000");
    }

    @Test
    void aMistakeOlderThanStuckTimeWindowHoursFallsOut() {
        // given: 24 h window; one mistake 24 h and 1 s before the analysed one
        Instant analysed = T0.plus(Duration.ofHours(24)).plusSeconds(1);
        MistakeHistory h = history(new HistoryEntry("TIME_OUT", T0, 1), new HistoryEntry("SIGN_ERROR", T0.plusSeconds(2), 2),
                new HistoryEntry("SIGN_ERROR", analysed, 3));

        // when
        TrendWindow w = TrendWindow.of(h, analysed, PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.codes()).containsExactly("SIGN_ERROR", "SIGN_ERROR");
    }

    @Test
    void aMistakeExactlyStuckTimeWindowHoursOldIsInTheWindow() {
        // given
        Instant analysed = T0.plus(Duration.ofHours(24));
        MistakeHistory h = history(new HistoryEntry("TIME_OUT", T0, 1), new HistoryEntry("SIGN_ERROR", analysed, 2));

        // when
        TrendWindow w = TrendWindow.of(h, analysed, PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.codes()).containsExactly("SIGN_ERROR", "TIME_OUT");
    }

    @Test
    void anAggressiveStudentsWindowIsTwelveHours() {
        // given: a mistake 13 h before the analysed one
        Instant analysed = T0.plus(Duration.ofHours(13));
        MistakeHistory h = history(new HistoryEntry("TIME_OUT", T0, 1), new HistoryEntry("SIGN_ERROR", analysed, 2));

        // when
        TrendWindow aggressive = TrendWindow.of(h, analysed, PresetSettings.AGGRESSIVE, SEVERITIES::get);
        TrendWindow normal = TrendWindow.of(h, analysed, PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(aggressive.codes()).containsExactly("SIGN_ERROR");
        assertThat(normal.codes()).containsExactly("SIGN_ERROR", "TIME_OUT");
    }

    @Test
    void mistakesNewerThanTheAnalysedOneAreInItsWindow() {
        // given: the analysed mistake arrived late, after newer ones
        MistakeHistory h = history(at(0, "TIME_OUT", 3), at(10, "SIGN_ERROR", 1), at(20, "CONCEPT_GAP", 2));

        // when
        TrendWindow w = TrendWindow.of(h, T0, PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.codes()).containsExactly("CONCEPT_GAP", "SIGN_ERROR", "TIME_OUT");
    }

    @Test
    void ofTwoMistakesAtTheSameTimeTheOneProcessedLaterIsNewer() {
        // given
        MistakeHistory h = history(at(0, "TIME_OUT", 1), at(0, "SIGN_ERROR", 2));

        // when
        TrendWindow w = TrendWindow.of(h, T0, PresetSettings.NORMAL, SEVERITIES::get);

        // then
        assertThat(w.codes()).containsExactly("SIGN_ERROR", "TIME_OUT");
    }
}
