package io.mistakeflow.analyzer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule 2 step 6 (docs/behaviour.md#rule-2-patterns): the distribution and its dominant code, in jsonb key order. */
class MistakeDistributionTest {

    private static Map<String, Integer> of(String... codes) {
        Map<String, Integer> distribution = null;
        for (String code : codes) {
            distribution = MistakeDistribution.add(distribution, code);
        }
        return distribution;
    }

    @Test
    void aFirstCodeStartsAtOne() {
        // given
        Map<String, Integer> none = null;

        // when
        Map<String, Integer> distribution = MistakeDistribution.add(none, "CONCEPT_GAP");

        // then
        assertThat(distribution).containsExactly(Map.entry("CONCEPT_GAP", 1));
    }

    @Test
    void aRepeatedCodeIsCountedUp() {
        // given
        Map<String, Integer> distribution = of("CONCEPT_GAP", "SIGN_ERROR");

        // when
        Map<String, Integer> next = MistakeDistribution.add(distribution, "CONCEPT_GAP");

        // then
        assertThat(next).containsOnly(Map.entry("CONCEPT_GAP", 2), Map.entry("SIGN_ERROR", 1));
    }

    @Test
    void addingLeavesThePreviousDistributionAsItWas() {
        // given
        Map<String, Integer> distribution = of("CONCEPT_GAP");

        // when
        MistakeDistribution.add(distribution, "CONCEPT_GAP");

        // then
        assertThat(distribution).containsExactly(Map.entry("CONCEPT_GAP", 1));
    }

    @Test
    void codesAreKeptShorterFirstThenByTheirBytesAsJsonbKeepsKeys() {
        // given
        Map<String, Integer> distribution = of("CALCULATION_ERROR", "TIME_OUT", "SIGN_ERROR", "CONCEPT_GAP", "UNIT_ERROR");

        // when
        Iterable<String> order = distribution.keySet();

        // then
        assertThat(order).containsExactly("TIME_OUT", "SIGN_ERROR", "UNIT_ERROR", "CONCEPT_GAP", "CALCULATION_ERROR");
    }

    @Test
    void theCodeWithTheHighestCountIsDominant() {
        // given
        Map<String, Integer> distribution = of("SIGN_ERROR", "CALCULATION_ERROR", "CALCULATION_ERROR");

        // when
        Map.Entry<String, Integer> dominant = MistakeDistribution.dominant(distribution);

        // then
        assertThat(dominant).isEqualTo(Map.entry("CALCULATION_ERROR", 2));
    }

    @Test
    void onATieTheShorterCodeIsDominant() {
        // given: CALCULATION_ERROR reached 2 first
        Map<String, Integer> distribution = of("CALCULATION_ERROR", "CALCULATION_ERROR", "SIGN_ERROR", "SIGN_ERROR");

        // when
        Map.Entry<String, Integer> dominant = MistakeDistribution.dominant(distribution);

        // then
        assertThat(dominant).isEqualTo(Map.entry("SIGN_ERROR", 2));
    }

    @Test
    void onATieOfEqualLengthTheCodeFirstByBytesIsDominant() {
        // given
        Map<String, Integer> distribution = of("UNIT_ERROR", "SIGN_ERROR");

        // when
        Map.Entry<String, Integer> dominant = MistakeDistribution.dominant(distribution);

        // then
        assertThat(dominant).isEqualTo(Map.entry("SIGN_ERROR", 1));
    }

    @Test
    void lengthIsCountedInUtf8Bytes() {
        // given: "ÜB" has two characters but three UTF-8 bytes, like "ABC"
        Map<String, Integer> distribution = of("ÜB", "ABC", "AB");

        // when
        Iterable<String> order = distribution.keySet();

        // then: at three bytes each, 'A' (0x41) sorts before 'Ü' (0xC3 0x9C)
        assertThat(order).containsExactly("AB", "ABC", "ÜB");
    }
}
