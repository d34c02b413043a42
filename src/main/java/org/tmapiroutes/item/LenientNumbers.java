package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads the numbers TMAPI writes as text — prices, counts such as {@code "100000+"}, percentages such as
 * {@code "60%"} — and answers {@code null} for anything that is not one, so that junk in a response never stops a run.
 *
 * <p>Decimals keep the scale they were written with ({@code "0.60"} stays 0.60), because the CSV shows them as given.
 */
final class LenientNumbers {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern GROUPED_THOUSANDS = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?");
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    private LenientNumbers() {
    }

    /** A decimal as written ({@code "3.9"} stays 3.9, {@code "1,280.50"} is 1280.50), else {@code null}. */
    static BigDecimal decimal(String text) {
        String s = trimmed(text);
        if (s == null) {
            return null;
        }
        if (GROUPED_THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        return PLAIN_DECIMAL.matcher(s).matches() ? new BigDecimal(s) : null;
    }

    /**
     * A whole count: {@code "100000+"} is 100000 (1688 shows large counts as a floor) and {@code "1.2万"} is 12000
     * (万 is the Chinese ten thousand); fractions and values beyond {@code long} are {@code null}.
     */
    static Long count(String text) {
        String s = trimmed(text);
        if (s == null) {
            return null;
        }
        s = withoutSuffix(s, "+");
        BigDecimal multiplier = BigDecimal.ONE;
        if (s.endsWith("万")) {
            s = withoutSuffix(s, "万");
            multiplier = TEN_THOUSAND;
        }
        BigDecimal value = decimal(s);
        if (value == null) {
            return null;
        }
        try {
            return value.multiply(multiplier).longValueExact();
        } catch (ArithmeticException notWhole) {
            return null;
        }
    }

    /**
     * A percentage as a fraction, the {@code %} sign optional: {@code "60%"} is 0.60 and {@code "38.46"} is 0.3846; the
     * scale grows by two so that no digit is invented or lost.
     */
    static BigDecimal percent(String text) {
        String s = trimmed(text);
        if (s == null) {
            return null;
        }
        BigDecimal value = decimal(withoutSuffix(s, "%"));
        return value == null ? null : value.movePointLeft(2);
    }

    private static String withoutSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()).strip() : s;
    }

    private static String trimmed(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        return s.isEmpty() ? null : s;
    }
}
