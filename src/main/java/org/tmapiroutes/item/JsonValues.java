package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the values of a TMAPI answer as the columns want them, whatever form the answer gives them in: a field that is
 * missing, {@code null}, blank, of the wrong type or not readable is {@code null}, never an exception.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** 1688 is a Chinese marketplace: a time it gives without an offset is Beijing time. */
    private static final ZoneId MARKETPLACE_ZONE = ZoneId.of("Asia/Shanghai");

    private static final DateTimeFormatter CREATED_TIME_OUTPUT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    /** {@code 2022-11-28T11:26:00+0800}, {@code …+08:00}, {@code …Z}, {@code 2022-11-28 11:26}, {@code 2022/11/28}. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})"
                    + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?)?",
            Pattern.CASE_INSENSITIVE);

    /** Epoch seconds (10 digits in this era) or milliseconds (13). */
    private static final Pattern EPOCH = Pattern.compile("\\d{9,13}");
    private static final long FIRST_EPOCH_MILLISECOND_IN_USE = 100_000_000_000L;

    /** A URL with too many slashes after the scheme ({@code https:////x}) or none at all ({@code //x}). */
    private static final Pattern SLASHED_URL =
            Pattern.compile("(?:(https?):)?/{2,}([^/].*)", Pattern.CASE_INSENSITIVE);

    static <T> T first(Function<JsonNode, T> read, JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            T value = read.apply(candidate);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A scalar as trimmed text; {@code null} for missing, null, blank, {@code "null"} and for objects and arrays. */
    static String text(JsonNode node) {
        if (node.isTextual()) {
            String text = nonBlank(node.textValue());
            // TMAPI writes some missing values as the text "null" (sku_price_scale_original)
            return "null".equals(text) ? null : text;
        }
        if (node.isNumber()) {
            return numberText(node);
        }
        if (node.isBoolean()) {
            return String.valueOf(node.booleanValue());
        }
        return null;
    }

    /** A JSON number in plain notation, so an id sent as a number reads the same as one sent as a string. */
    static String numberText(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return null;
        }
        return node.decimalValue().toPlainString();
    }

    static BigDecimal decimal(JsonNode node) {
        return LenientNumbers.decimal(text(node));
    }

    static Long count(JsonNode node) {
        return LenientNumbers.count(text(node));
    }

    static BigDecimal percent(JsonNode node) {
        return LenientNumbers.percent(text(node));
    }

    static Integer wholeYears(JsonNode node) {
        Long years = count(node);
        return years == null || years < Integer.MIN_VALUE || years > Integer.MAX_VALUE ? null : years.intValue();
    }

    /** {@code true}/{@code false} as JSON booleans, as text in any case, or as 1/0. */
    static Boolean flag(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String s = text(node);
        if ("true".equalsIgnoreCase(s) || "1".equals(s)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(s) || "0".equals(s)) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** A URL with its slashes repaired: TMAPI sends {@code https:////x} and protocol-relative {@code //x}. */
    static String url(JsonNode node) {
        String s = text(node);
        if (s == null) {
            return null;
        }
        Matcher m = SLASHED_URL.matcher(s);
        if (!m.matches()) {
            return s;
        }
        String scheme = m.group(1) == null ? "https" : m.group(1).toLowerCase();
        return scheme + "://" + m.group(2);
    }

    /** ISO-8601 with offset, e.g. {@code 2022-11-28T11:26:00+08:00}; {@code null} when the time can't be read. */
    static String isoTime(JsonNode node) {
        String s = text(node);
        if (s == null) {
            return null;
        }
        try {
            Matcher m = DATE_TIME.matcher(s);
            if (m.matches()) {
                LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                        m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
                OffsetDateTime time = m.group(7) == null
                        ? local.atZone(MARKETPLACE_ZONE).toOffsetDateTime()
                        : local.atOffset(ZoneOffset.of(m.group(7).toUpperCase()));
                return CREATED_TIME_OUTPUT.format(time);
            }
            if (EPOCH.matcher(s).matches()) {
                long epoch = Long.parseLong(s);
                Instant instant = epoch >= FIRST_EPOCH_MILLISECOND_IN_USE
                        ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
                return CREATED_TIME_OUTPUT.format(instant.atZone(MARKETPLACE_ZONE));
            }
        } catch (DateTimeException outOfRange) {
            return null;
        }
        return null;
    }

    static String nonBlank(String s) {
        if (s == null) {
            return null;
        }
        String stripped = s.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
