package io.mistakeflow.analyzer.numeric;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Postgres {@code numeric} arithmetic, as the triggers computed it. Addition, subtraction and
 * multiplication are exact in both worlds and {@link BigDecimal} keeps the same scales (max of the
 * scales; sum of the scales). Division is where they differ: Postgres picks the result scale so the
 * quotient has at least 16 significant digits and no less scale than either input
 * ({@code select_div_scale} in {@code numeric.c}), then rounds half away from zero. Matching it
 * makes every stored value and every comparison identical to the triggers'.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#numbers}.
 */
public final class PgNumeric {

    private static final int MIN_SIG_DIGITS = 16;
    /** Postgres stores numerics in base-10000 digits; the scale rule counts in those. */
    private static final int DEC_DIGITS = 4;
    private static final int MAX_DISPLAY_SCALE = 1000;

    private PgNumeric() {
    }

    public static BigDecimal div(BigDecimal dividend, BigDecimal divisor) {
        int qweight = weight(dividend) - weight(divisor);
        if (firstDigit(dividend) <= firstDigit(divisor)) {
            qweight--;
        }
        int rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
        rscale = Math.max(rscale, Math.max(dividend.scale(), 0));
        rscale = Math.max(rscale, Math.max(divisor.scale(), 0));
        rscale = Math.max(rscale, 0);
        rscale = Math.min(rscale, MAX_DISPLAY_SCALE);
        return dividend.divide(divisor, rscale, RoundingMode.HALF_UP);
    }

    public static BigDecimal div(long dividend, long divisor) {
        return div(BigDecimal.valueOf(dividend), BigDecimal.valueOf(divisor));
    }

    /** The position of the leading base-10000 digit: 0 for [1, 10000), -1 for [0.0001, 1), ... */
    static int weight(BigDecimal value) {
        if (value.signum() == 0) {
            return 0;
        }
        BigDecimal abs = value.abs();
        int leadingDecimalExponent = abs.precision() - abs.scale() - 1;
        return Math.floorDiv(leadingDecimalExponent, DEC_DIGITS);
    }

    /** The leading base-10000 digit (1..9999), 0 for zero. */
    static int firstDigit(BigDecimal value) {
        if (value.signum() == 0) {
            return 0;
        }
        return value.abs().movePointLeft(weight(value) * DEC_DIGITS).setScale(0, RoundingMode.DOWN).intValueExact();
    }
}
