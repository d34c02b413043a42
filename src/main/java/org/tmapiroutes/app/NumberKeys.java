package org.tmapiroutes.app;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks the keys that take a number, at start-up and when the configuration file is saved, so that a value that does
 * not parse or is out of range ({@code tmapi.max-concurrency = -1}, {@code tmapi.retry.500.max-retries = three}) is one
 * line naming the key, the value and what is allowed, instead of a stack trace or a setting silently in force.
 */
final class NumberKeys {

    /** What a key allows: a whole number, or any decimal, from {@code min} to {@code max}. */
    private record Range(boolean whole, long min, long max) {

        String allowed() {
            return (whole ? "a whole number" : "a number") + " from " + min + " to " + max;
        }
    }

    private static final Map<String, Range> RANGES = new LinkedHashMap<>();

    static {
        whole("tmapi.timeout-seconds", 1, 3600);
        whole("tmapi.connect-timeout-seconds", 1, 600);
        whole("tmapi.max-response-mb", 1, 1024);
        whole("tmapi.max-concurrency", 1, 100);
        whole("tmapi.concurrency.raise-after-successes", 1, 100_000);
        whole("tmapi.pause-minutes", 1, 7 * 24 * 60);
        whole("tmapi.page-size", 1, 1000);
        whole("tmapi.max-pages", 1, 100_000);
        for (String code : new String[] {"417", "499", "500", "503", "transport"}) {
            whole("tmapi.retry." + code + ".max-retries", 0, 100);
            whole("tmapi.retry." + code + ".delay-ms", 0, 3_600_000);
        }
        RANGES.put("tmapi.retry.417.multiplier", new Range(false, 1, 10));
        RANGES.put("tmapi.retry.503.multiplier", new Range(false, 1, 10));
        whole("inbox.quiet-seconds", 0, 3600);
        whole("inbox.max-workbook-mb", 1, 4096);
        whole("inbox.max-rows", 1, 10_000_000);
        whole("inbox.max-cells", 1, 100_000_000);
        whole("instance.takeover-seconds", 5, 3600);
        whole("report.category.max-pages", 1, 100_000);
        whole("report.category.top", 1, 1000);
        whole("report.new-items.max-pages", 1, 100_000);
        whole("push.shop.max-pages", 1, 100_000);
        whole("smtp.port", 1, 65_535);
        whole("sftp.port", 1, 65_535);
        whole("delivery.retry-seconds", 1, 86_400);
        whole("job.max-calls", 0, Long.MAX_VALUE);
        // at most 30 days: the state store forgets what it bought after 31
        whole("details.keep-hours", 1, 720);
        whole("supplier.keep-hours", 1, 720);
        whole("shipping.keep-hours", 1, 720);
        RANGES.put("watch.min-change-pct", new Range(false, 0, 1000));
        whole("watch.low-stock", 0, 1_000_000_000);
        whole("watch.keep-days", 1, 3650);
    }

    private NumberKeys() {
    }

    private static void whole(String key, long min, long max) {
        RANGES.put(key, new Range(true, min, max));
    }

    /** The first key whose value is not allowed, said in one line; {@code setting} reads a key as the program will. */
    static Optional<String> problem(Function<String, Optional<String>> setting) {
        for (Map.Entry<String, Range> entry : RANGES.entrySet()) {
            Optional<String> value = setting.apply(entry.getKey()).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isPresent() && !allowed(value.get(), entry.getValue())) {
                return Optional.of(entry.getKey() + " = " + value.get() + " is not allowed: it takes "
                        + entry.getValue().allowed());
            }
        }
        return Optional.empty();
    }

    private static boolean allowed(String value, Range range) {
        if (value.startsWith("{{")) {
            // another key or an environment variable, read by Camel: its own value is checked where it is set
            return true;
        }
        try {
            BigDecimal number = new BigDecimal(value);
            boolean whole = number.stripTrailingZeros().scale() <= 0;
            return (whole || !range.whole()) && number.compareTo(BigDecimal.valueOf(range.min())) >= 0
                    && number.compareTo(BigDecimal.valueOf(range.max())) <= 0;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
