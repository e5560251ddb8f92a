package io.mistakeflow.analyzer.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Postgres' division scale: at least 16 significant digits, no less scale than an input, half away from zero. */
class PgNumericTest {

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    @Test
    void aQuotientWithALargerLeadingDigitGetsSixteenDecimals() {
        // given: the parity sample's baseline of 614 seconds over 5 mistakes

        // when
        BigDecimal average = PgNumeric.div(614, 5);

        // then
        assertThat(average.toPlainString()).isEqualTo("122.8000000000000000");
    }

    @Test
    void aQuotientWithASmallerLeadingDigitGetsTwentyDecimals() {
        // given
        BigDecimal dividend = dec("45.9111");
        BigDecimal divisor = dec("122.8");

        // when
        BigDecimal quotient = PgNumeric.div(dividend, divisor);

        // then
        assertThat(quotient.toPlainString()).isEqualTo("0.37386889250814332248");
    }

    @Test
    void oneThirdGetsTwentyDecimalsAsPostgresPrintsIt() {
        // given: the leading digit 1 is not greater than 3, so the quotient weight is one base-10000 digit lower

        // when
        BigDecimal third = PgNumeric.div(1, 3);

        // then
        assertThat(third.toPlainString()).isEqualTo("0.33333333333333333333");
    }

    @Test
    void fourThirdsGetSixteenDecimals() {
        // given: the leading digit 4 is greater than 3

        // when
        BigDecimal fourThirds = PgNumeric.div(4, 3);

        // then
        assertThat(fourThirds.toPlainString()).isEqualTo("1.3333333333333333");
    }

    @Test
    void theParitySampleImprovementRateIsReproducedDigitForDigit() {
        // given: baseline 122.8 and current average 76.8888888888888889 of a parity-sample row
        BigDecimal baseline = dec("122.8000000000000000");
        BigDecimal current = dec("76.8888888888888889");

        // when
        BigDecimal rate = PgNumeric.div(baseline.subtract(current), baseline);

        // then
        assertThat(rate.toPlainString()).isEqualTo("0.37386898298950416205");
    }

    @Test
    void theScaleIsNeverLessThanTheDividendsScale() {
        // given
        BigDecimal dividend = dec("1.00000000000000000000000");

        // when
        BigDecimal quotient = PgNumeric.div(dividend, dec("3"));

        // then
        assertThat(quotient.toPlainString()).isEqualTo("0.33333333333333333333333");
    }

    @Test
    void theScaleIsNeverLessThanTheDivisorsScale() {
        // given: the adaptive expectation 2.85 carries scale 18
        BigDecimal expected = dec("2.850000000000000000");

        // when
        BigDecimal ratio = PgNumeric.div(dec("3"), expected);

        // then
        assertThat(ratio.toPlainString()).isEqualTo("1.052631578947368421");
    }

    @Test
    void aRepeatingQuotientIsRoundedInItsLastDigit() {
        // given: 2/3 = 0.666..., cut after twenty decimals

        // when
        BigDecimal twoThirds = PgNumeric.div(2, 3);

        // then
        assertThat(twoThirds.toPlainString()).isEqualTo("0.66666666666666666667");
    }

    @Test
    void anExactHalfIsRoundedAwayFromZeroNotToEven() {
        // given: 100000000000000000001 / 2 has result scale 0 and is exactly ...000.5
        BigDecimal dividend = dec("100000000000000000001");

        // when
        BigDecimal half = PgNumeric.div(dividend, dec("2"));

        // then
        assertThat(half.toPlainString()).isEqualTo("50000000000000000001");
    }

    @Test
    void aNegativeExactHalfIsRoundedAwayFromZero() {
        // given
        BigDecimal dividend = dec("-100000000000000000001");

        // when
        BigDecimal half = PgNumeric.div(dividend, dec("2"));

        // then
        assertThat(half.toPlainString()).isEqualTo("-50000000000000000001");
    }

    @Test
    void aNegativeQuotientIsRoundedAwayFromZero() {
        // given

        // when
        BigDecimal negative = PgNumeric.div(-2, 3);

        // then
        assertThat(negative.toPlainString()).isEqualTo("-0.66666666666666666667");
    }

    @Test
    void zeroDividedGetsTwentyDecimals() {
        // given: an improvement rate of a baseline that did not move

        // when
        BigDecimal zero = PgNumeric.div(dec("0.0000000000000000"), dec("3.0000000000000000"));

        // then
        assertThat(zero.toPlainString()).isEqualTo("0.00000000000000000000");
    }
}
