package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reusable filter and transform steps the {@code items-…-action} Kamelets offer to YAML routes: each takes the
 * list of products and the Kamelet's parameters (as the user wrote them; empty means "not set") and returns the list
 * to go on with. Parameters are checked, and a wrong one fails with a message naming it.
 */
public final class ProductSteps {

    /** Keeps products whose price is within [min, max]; a product without a price is dropped once a bound is set. */
    public List<ProductRow> priceRange(List<ProductRow> rows, String min, String max) {
        BigDecimal low = decimal("min", min);
        BigDecimal high = decimal("max", max);
        return keep(rows, r -> (low == null && high == null) || (r.getPrice() != null
                && (low == null || r.getPrice().compareTo(low) >= 0) && (high == null || r.getPrice().compareTo(high) <= 0)));
    }

    /** Keeps products sold at least {@code min} times in 90 days (the best sales count where no period is given). */
    public List<ProductRow> minSales(List<ProductRow> rows, String min) {
        BigDecimal floor = decimal("min", min);
        return keep(rows, r -> {
            Long sales = r.getSales90d() != null ? r.getSales90d() : r.getSales();
            return floor == null || (sales != null && BigDecimal.valueOf(sales).compareTo(floor) >= 0);
        });
    }

    /** Keeps products whose shop scores at least {@code min}. */
    public List<ProductRow> minShopScore(List<ProductRow> rows, String min) {
        BigDecimal floor = decimal("min", min);
        return keep(rows, r -> floor == null || (r.getShopScore() != null && r.getShopScore().compareTo(floor) >= 0));
    }

    /**
     * Keeps products whose title or original title holds one of the {@code include} words (when given) and none of
     * the {@code exclude} words; comma-separated, case-insensitive.
     */
    public List<ProductRow> keywords(List<ProductRow> rows, String include, String exclude) {
        List<String> wanted = words(include);
        List<String> unwanted = words(exclude);
        return keep(rows, r -> {
            String text = (Objects.toString(r.getTitle(), "") + " " + Objects.toString(r.getTitleOrigin(), ""))
                    .toLowerCase(Locale.ROOT);
            return (wanted.isEmpty() || wanted.stream().anyMatch(text::contains))
                    && unwanted.stream().noneMatch(text::contains);
        });
    }

    /** Keeps products shipped from one of the provinces and cities given (comma-separated; 浙江 matches 浙江省). */
    public List<ProductRow> location(List<ProductRow> rows, String province, String city) {
        List<String> provinces = words(province);
        List<String> cities = words(city);
        return keep(rows, r -> matchesAny(r.getProvince(), provinces) && matchesAny(r.getCity(), cities));
    }

    /** Keeps products with the flags asked for: {@code true} requires the flag, {@code false} requires its absence. */
    public List<ProductRow> flags(List<ProductRow> rows, String superFactory, String powerfulSeller, String freeShipping,
            String shipIn48h) {
        Boolean factory = bool("superFactory", superFactory);
        Boolean powerful = bool("powerfulSeller", powerfulSeller);
        Boolean free = bool("freeShipping", freeShipping);
        Boolean fast = bool("shipIn48h", shipIn48h);
        return keep(rows, r -> flag(r.getSuperFactory(), factory) && flag(r.getPowerfulSeller(), powerful)
                && flag(r.getFreeShipping(), free) && flag(r.getShipIn48h(), fast));
    }

    /** Keeps the first product of each {@code item_id}, across all the queries of the job. */
    public List<ProductRow> dedupe(List<ProductRow> rows) {
        Set<String> seen = new LinkedHashSet<>();
        return keep(rows, r -> r.getItemId() == null || seen.add(r.getItemId()));
    }

    /**
     * Sorts by a column (its §7 name, its camelCase name or an added column) and keeps the first {@code top}.
     *
     * @param order {@code desc} (default) or {@code asc}; products without a value come last either way
     */
    public List<ProductRow> top(List<ProductRow> rows, String sortBy, String order, String top) {
        if (blank(sortBy)) {
            throw new IllegalArgumentException("sortBy is required; columns: " + columnNames());
        }
        Function<ProductRow, Object> value = column(sortBy.strip());
        boolean descending = blank(order) || order.strip().equalsIgnoreCase("desc");
        if (!descending && !order.strip().equalsIgnoreCase("asc")) {
            throw new IllegalArgumentException("order '" + order + "' is not allowed; allowed values: asc, desc");
        }
        Comparator<Object> natural = ProductSteps::compareValues;
        Comparator<ProductRow> comparator = Comparator.comparing(value, Comparator.nullsLast(
                descending ? natural.reversed() : natural));
        Integer limit = integer("top", top);
        return rows.stream().sorted(comparator).limit(limit == null ? Long.MAX_VALUE : limit).collect(Collectors.toList());
    }

    /** Adds {@code price_<CUR>} = price × rate, to two decimals, e.g. {@code price_USD}. */
    public List<ProductRow> convertCurrency(List<ProductRow> rows, String currency, String rate) {
        if (blank(currency) || !currency.strip().matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("currency '" + currency + "' is not a 3-letter currency code such as USD");
        }
        BigDecimal factor = required("rate", rate);
        String column = "price_" + currency.strip().toUpperCase(Locale.ROOT);
        rows.forEach(r -> r.getExtras().put(column, r.getPrice() == null ? null
                : r.getPrice().multiply(factor).setScale(2, RoundingMode.HALF_UP)));
        return rows;
    }

    /**
     * Adds {@code retail_price} = price × markup + fixed, rounded to a multiple of {@code roundTo} (default 0.01),
     * {@code up}, {@code down} or {@code half-up} (default).
     */
    public List<ProductRow> retailPrice(List<ProductRow> rows, String markup, String fixed, String roundTo,
            String rounding) {
        BigDecimal times = required("markup", markup);
        BigDecimal plus = decimal("fixed", fixed);
        BigDecimal step = blank(roundTo) ? new BigDecimal("0.01") : required("roundTo", roundTo);
        if (step.signum() <= 0) {
            throw new IllegalArgumentException("roundTo must be more than 0, e.g. 0.01, 0.5 or 1");
        }
        RoundingMode mode = switch (blank(rounding) ? "half-up" : rounding.strip().toLowerCase(Locale.ROOT)) {
            case "up" -> RoundingMode.CEILING;
            case "down" -> RoundingMode.FLOOR;
            case "half-up" -> RoundingMode.HALF_UP;
            default -> throw new IllegalArgumentException("rounding '" + rounding
                    + "' is not allowed; allowed values: up, down, half-up");
        };
        rows.forEach(r -> {
            if (r.getPrice() == null) {
                r.getExtras().put("retail_price", null);
                return;
            }
            BigDecimal raw = r.getPrice().multiply(times).add(plus == null ? BigDecimal.ZERO : plus);
            BigDecimal rounded = raw.divide(step, 0, mode).multiply(step);
            r.getExtras().put("retail_price", rounded.setScale(Math.max(step.scale(), 0), RoundingMode.UNNECESSARY));
        });
        return rows;
    }

    /** The names a route may use for a product's fields: {@code ${body.<name>}}. */
    public static List<String> fieldNames() {
        return ProductRow.COLUMNS.stream().map(c -> camelCase(c.name())).toList();
    }

    static String camelCase(String column) {
        String[] parts = column.split("_");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return name.toString();
    }

    private static String columnNames() {
        return ProductRow.COLUMNS.stream().map(ProductRow.Column::name).collect(Collectors.joining(", "));
    }

    private static Function<ProductRow, Object> column(String name) {
        for (ProductRow.Column c : ProductRow.COLUMNS) {
            if (c.name().equals(name) || camelCase(c.name()).equals(name)) {
                return c.value();
            }
        }
        return r -> {
            if (!r.getExtras().containsKey(name)) {
                throw new IllegalArgumentException("sortBy '" + name + "' is no column; columns: " + columnNames()
                        + (r.getExtras().isEmpty() ? "" : ", " + String.join(", ", r.getExtras().keySet())));
            }
            return r.getExtras().get(name);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof Comparable ca && a.getClass().isInstance(b)) {
            return ca.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    private static List<ProductRow> keep(List<ProductRow> rows, java.util.function.Predicate<ProductRow> test) {
        List<ProductRow> kept = new ArrayList<>();
        for (ProductRow r : rows) {
            if (test.test(r)) {
                kept.add(r);
            }
        }
        return kept;
    }

    private static boolean matchesAny(String value, List<String> wanted) {
        if (wanted.isEmpty()) {
            return true;
        }
        String v = Objects.toString(value, "").toLowerCase(Locale.ROOT);
        return !v.isEmpty() && wanted.stream().anyMatch(w -> v.contains(w) || w.contains(v));
    }

    private static boolean flag(Boolean actual, Boolean wanted) {
        return wanted == null || wanted.equals(actual);
    }

    private static List<String> words(String list) {
        if (blank(list)) {
            return List.of();
        }
        return Arrays.stream(list.split("[,，]")).map(w -> w.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty())
                .toList();
    }

    private static Boolean bool(String name, String value) {
        if (blank(value)) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a boolean; allowed values: true, false");
        }
        return Boolean.valueOf(v);
    }

    private static BigDecimal required(String name, String value) {
        BigDecimal number = decimal(name, value);
        if (number == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return number;
    }

    private static BigDecimal decimal(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        }
    }

    private static Integer integer(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new IllegalArgumentException(name + " '" + value + "' must be 1 or more");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
