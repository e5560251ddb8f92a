package io.mistakeflow.analyzer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.analyzer.reference.HistoryBound;
import io.mistakeflow.common.reference.PresetSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The bounded history of a key: what it keeps must answer every window W exactly. */
class MistakeHistoryTest {

    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    private static final HistoryBound FIVE_IN_24H = new HistoryBound(5, Duration.ofHours(24));
    private static final Map<String, Integer> SEVERITIES = Map.of(
            "CALCULATION_ERROR", 2, "SIGN_ERROR", 2, "CONCEPT_GAP", 4, "TIME_OUT", 5);
    private static final Predicate<String> KNOWN = SEVERITIES::containsKey;

    private static HistoryEntry at(Instant time, String code, long seq) {
        return new HistoryEntry(code, time, seq);
    }

    private static MistakeHistory add(MistakeHistory history, HistoryBound bound, HistoryEntry... entries) {
        MistakeHistory h = history;
        for (HistoryEntry e : entries) {
            h = h.with(e, KNOWN, bound);
        }
        return h;
    }

    @Test
    void entriesAreKeptNewestFirstWhateverOrderTheyArriveIn() {
        // given
        HistoryEntry first = at(T0, "SIGN_ERROR", 1);
        HistoryEntry second = at(T0.plusSeconds(20), "TIME_OUT", 2);
        HistoryEntry lateThird = at(T0.plusSeconds(10), "CONCEPT_GAP", 3);

        // when
        MistakeHistory h = add(MistakeHistory.empty(), FIVE_IN_24H, first, second, lateThird);

        // then
        assertThat(h.entries()).containsExactly(second, lateThird, first);
    }

    @Test
    void onlyTheNewestKnownMistakesUpToTheWindowSizeAreKept() {
        // given
        MistakeHistory h = MistakeHistory.empty();
        List<HistoryEntry> seven = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(at(T0.plusSeconds(i), "SIGN_ERROR", i + 1));
        }

        // when
        h = add(h, FIVE_IN_24H, seven.toArray(HistoryEntry[]::new));

        // then
        assertThat(h.entries()).containsExactly(seven.get(6), seven.get(5), seven.get(4), seven.get(3), seven.get(2));
    }

    @Test
    void unknownMistakesNewerThanTheOldestKeptKnownOneAreKeptBesideThem() {
        // given: five known mistakes
        MistakeHistory h = MistakeHistory.empty();
        for (int i = 0; i < 5; i++) {
            h = add(h, FIVE_IN_24H, at(T0.plusSeconds(10L * i), "SIGN_ERROR", i + 1));
        }
        HistoryEntry unknown = at(T0.plusSeconds(15), "NEW_CODE_X", 6);

        // when
        h = add(h, FIVE_IN_24H, unknown);

        // then
        assertThat(h.entries()).hasSize(6).contains(unknown);
    }

    @Test
    void unknownMistakesOlderThanTheOldestKeptKnownOneAreDropped() {
        // given: five known mistakes after an unknown one
        MistakeHistory h = add(MistakeHistory.empty(), FIVE_IN_24H, at(T0, "NEW_CODE_X", 1));

        // when
        for (int i = 1; i <= 5; i++) {
            h = add(h, FIVE_IN_24H, at(T0.plusSeconds(i), "SIGN_ERROR", i + 1));
        }

        // then
        assertThat(h.entries()).extracting(HistoryEntry::mistakeCode).containsOnly("SIGN_ERROR").hasSize(5);
    }

    @Test
    void unknownMistakesOutsideTheLargestTimeWindowOfTheNewestAreDropped() {
        // given: an unknown mistake, then a known one 24 h and 1 s later
        MistakeHistory h = add(MistakeHistory.empty(), FIVE_IN_24H, at(T0, "NEW_CODE_X", 1));

        // when
        h = add(h, FIVE_IN_24H, at(T0.plus(Duration.ofHours(24)).plusSeconds(1), "SIGN_ERROR", 2));

        // then
        assertThat(h.entries()).extracting(HistoryEntry::mistakeCode).containsExactly("SIGN_ERROR");
    }

    @Test
    void knownMistakesOutsideTheTimeWindowAreKeptForLateMistakesThatNeedThem() {
        // given: a known mistake, then two known ones 30 h later
        MistakeHistory h = add(MistakeHistory.empty(), FIVE_IN_24H,
                at(T0, "CONCEPT_GAP", 1),
                at(T0.plus(Duration.ofHours(30)), "SIGN_ERROR", 2),
                at(T0.plus(Duration.ofHours(30)).plusSeconds(1), "SIGN_ERROR", 3));

        // when: a mistake from one hour after the first arrives late
        Instant late = T0.plus(Duration.ofHours(1));
        h = add(h, FIVE_IN_24H, at(late, "CONCEPT_GAP", 4));
        TrendWindow w = TrendWindow.of(h, late, PresetSettings.NORMAL, SEVERITIES::get);

        // then: its window reaches back 24 h from its own time and holds everything newer
        assertThat(w.codes()).containsExactly("SIGN_ERROR", "SIGN_ERROR", "CONCEPT_GAP", "CONCEPT_GAP");
    }

    @Test
    void aLateMistakeOlderThanTheKeptOnesSeesTheNewestKnownOnes() {
        // given: five known mistakes
        MistakeHistory h = MistakeHistory.empty();
        for (int i = 0; i < 5; i++) {
            h = add(h, FIVE_IN_24H, at(T0.plusSeconds(60L * (i + 1)), i % 2 == 0 ? "SIGN_ERROR" : "TIME_OUT", i + 1));
        }
        Instant late = T0;

        // when: a mistake older than all of them arrives
        h = add(h, FIVE_IN_24H, at(late, "CONCEPT_GAP", 6));
        TrendWindow w = TrendWindow.of(h, late, PresetSettings.NORMAL, SEVERITIES::get);

        // then: W is the newest five, and the late one is not among them
        assertThat(w.codes()).containsExactly("SIGN_ERROR", "TIME_OUT", "SIGN_ERROR", "TIME_OUT", "SIGN_ERROR");
    }

    @Test
    void aCodeThatBecomesKnownCountsWithTheUnknownMistakesKeptBeforeIt() {
        // given: two mistakes with a code unknown when they arrived
        MistakeHistory h = add(MistakeHistory.empty(), FIVE_IN_24H,
                at(T0, "NEW_CODE_X", 1), at(T0.plusSeconds(10), "NEW_CODE_X", 2));

        // when: the code becomes known, then a third mistake with it arrives
        Predicate<String> nowKnown = KNOWN.or("NEW_CODE_X"::equals);
        h = h.with(at(T0.plusSeconds(20), "NEW_CODE_X", 3), nowKnown, FIVE_IN_24H);
        TrendWindow w = TrendWindow.of(h, T0.plusSeconds(20), PresetSettings.NORMAL,
                code -> "NEW_CODE_X".equals(code) ? 3 : SEVERITIES.get(code));

        // then
        assertThat(w.codes()).containsExactly("NEW_CODE_X", "NEW_CODE_X", "NEW_CODE_X");
    }

    @Test
    void theBoundedHistoryAnswersEveryWindowLikeTheWholeHistory() {
        // given: 400 mistakes over four days, in shuffled order, some with an unknown code
        Random random = new Random(20250106);
        List<String> codes = List.of("SIGN_ERROR", "CALCULATION_ERROR", "CONCEPT_GAP", "TIME_OUT", "NEW_CODE_X");
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            times.add(T0.plusSeconds(random.nextInt(4 * 24 * 3600)));
        }
        HistoryBound bound = HistoryBound.of(List.of(PresetSettings.AGGRESSIVE, PresetSettings.NORMAL, PresetSettings.SOFT));
        HistoryBound unbounded = new HistoryBound(Integer.MAX_VALUE, Duration.ofDays(36_500));
        MistakeHistory bounded = MistakeHistory.empty();
        MistakeHistory whole = MistakeHistory.empty();
        int checked = 0;

        for (int i = 0; i < times.size(); i++) {
            // when
            HistoryEntry entry = at(times.get(i), codes.get(random.nextInt(codes.size())), i + 1);
            bounded = bounded.with(entry, KNOWN, bound);
            whole = whole.with(entry, KNOWN, unbounded);

            // then
            for (PresetSettings preset : List.of(PresetSettings.AGGRESSIVE, PresetSettings.NORMAL, PresetSettings.SOFT)) {
                assertThat(TrendWindow.of(bounded, entry.occurredAt(), preset, SEVERITIES::get))
                        .as("window of mistake %d for %s", i + 1, preset)
                        .isEqualTo(TrendWindow.of(whole, entry.occurredAt(), preset, SEVERITIES::get));
                checked++;
            }
        }
        assertThat(bounded.entries().size()).isLessThan(whole.entries().size());
        assertThat(checked).isEqualTo(1200);
    }
}
