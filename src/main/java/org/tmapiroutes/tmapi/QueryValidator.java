package org.tmapiroutes.tmapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a query against the endpoint's documented parameters before any HTTP call and turns it into a
 * {@link TmapiQuery}, or into messages that name the parameter and the allowed values.
 */
public final class QueryValidator {

    /** Columns that are not TMAPI parameters but limit how much of a query is fetched. */
    public static final String MAX_PAGES = "max_pages";
    public static final String MAX_ITEMS = "max_items";
    /** Columns a {@code -failed.csv} adds; accepted (and ignored) so the file can be dropped back into the inbox. */
    public static final Set<String> REPLAY_COLUMNS = Set.of("error_code", "error_message");
    /** The longest value a query may hold. */
    public static final int MAX_VALUE_LENGTH = 2000;
    /** The most of a value an error message quotes. */
    public static final int QUOTED_LENGTH = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    /** Values that name a seller, a word or a link: a control character in them is a mistake, never meant. */
    private static final Set<String> NO_CONTROL_CHARACTERS = Set.of("member_id", "keyword", "keywords", "shop_url",
            "img_url", "url", "province", "spec_id");
    private static final Pattern LINK = Pattern.compile("(?i)https?://[^\\s/?#]+\\S*");
    /** An item's page on 1688, whose number is the item id: {@code https://detail.1688.com/offer/652702302959.html}. */
    private static final Pattern OFFER_LINK =
            Pattern.compile("(?i)(?:https?://)?(?:detail|m)\\.1688\\.com/offer/(\\d+)\\.html(?:[?#]\\S*)?");
    private static final String OFFER_LINK_EXAMPLE = "https://detail.1688.com/offer/652702302959.html";

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");

    private final QueryDefaults defaults;

    public QueryValidator(QueryDefaults defaults) {
        this.defaults = defaults;
    }

    /** The outcome of validating one query: either a query or at least one problem. */
    public record Outcome(TmapiQuery query, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Every column name a query of this endpoint may hold, in documented order. */
    public static List<String> knownColumns(TmapiEndpoint endpoint) {
        List<String> names = new ArrayList<>();
        endpoint.parameters().forEach(p -> names.add(p.name()));
        names.add(MAX_PAGES);
        names.add(MAX_ITEMS);
        return names;
    }

    public static boolean isKnownColumn(TmapiEndpoint endpoint, String column) {
        return endpoint.takes(column) || MAX_PAGES.equals(column) || MAX_ITEMS.equals(column)
                || REPLAY_COLUMNS.contains(column);
    }

    /**
     * Validates one query.
     *
     * @param endpoint   the endpoint the query is for
     * @param values     parameter name to value as the user wrote it; blank values count as absent
     * @param lineNumber the input line, for the resulting query
     */
    public Outcome validate(TmapiEndpoint endpoint, Map<String, String> values, int lineNumber) {
        List<String> problems = new ArrayList<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> inputRow = new LinkedHashMap<>();

        for (Map.Entry<String, String> e : values.entrySet()) {
            String column = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            if (!REPLAY_COLUMNS.contains(column)) {
                inputRow.put(column, value);
            }
            if (!isKnownColumn(endpoint, column)) {
                problems.add("unknown parameter " + quote(column) + "; " + endpoint.id() + " takes: "
                        + String.join(", ", knownColumns(endpoint)));
            }
        }

        for (ParameterSpec spec : endpoint.parameters()) {
            String value = values.get(spec.name());
            value = value == null ? "" : value.strip();
            if (value.isEmpty()) {
                if (spec.required()) {
                    problems.add(spec.name() + " is required and is empty");
                }
                continue;
            }
            if (!readable(spec, value, problems)) {
                continue;
            }
            String checked = check(spec, value, problems);
            if (checked != null) {
                parameters.put(spec.name(), checked);
            }
        }

        // keyword-search-global: at least one of keyword and cat_id (neither is required alone)
        if (endpoint.requiresOneOf() && endpoint.queryParameter(values).isEmpty()) {
            problems.add(endpoint.queryParametersText().replace("'", "") + ": one of them is required, both are empty");
        }

        applyDefault(endpoint, parameters, "page_size", String.valueOf(defaults.pageSize()));
        applyDefault(endpoint, parameters, "language", defaults.language());

        int maxPages = positiveInteger(MAX_PAGES, values.get(MAX_PAGES), defaults.maxPages(), problems);
        Integer maxItems = values.containsKey(MAX_ITEMS) && !blank(values.get(MAX_ITEMS))
                ? positiveInteger(MAX_ITEMS, values.get(MAX_ITEMS), 0, problems)
                : null;

        if (!problems.isEmpty()) {
            return new Outcome(null, problems);
        }
        return new Outcome(new TmapiQuery(endpoint, parameters, maxPages, maxItems, lineNumber, inputRow), List.of());
    }

    private static void applyDefault(TmapiEndpoint endpoint, Map<String, String> parameters, String name, String value) {
        if (endpoint.takes(name) && !parameters.containsKey(name)) {
            parameters.put(name, value);
        }
    }

    /** Length, control characters and links: what a value must be before its type is checked. */
    private static boolean readable(ParameterSpec spec, String value, List<String> problems) {
        if (value.length() > MAX_VALUE_LENGTH) {
            problems.add(spec.name() + " is " + value.length() + " characters long, more than the " + MAX_VALUE_LENGTH
                    + " a value may have: " + quote(value));
            return false;
        }
        if (NO_CONTROL_CHARACTERS.contains(spec.name()) && CONTROL.matcher(value).find()) {
            problems.add(spec.name() + " " + quote(value) + " holds a control character (such as a tab or a line "
                    + "break inside the value); remove it");
            return false;
        }
        if (spec.type() == ParameterSpec.Type.LINK && !LINK.matcher(value).matches()) {
            problems.add(spec.name() + " " + quote(value) + " is not a link; use "
                    + (spec.name().equals("url") ? "the item's link, such as " + OFFER_LINK_EXAMPLE
                            : "the shop's home page link, such as https://xldjjg.1688.com/"));
            return false;
        }
        if (spec.name().equals("img_url") && !LINK.matcher(value).matches() && !value.startsWith("/search/")) {
            problems.add("img_url " + quote(value) + " is not a link to a picture; use an http(s) link, such as "
                    + "https://cbu01.alicdn.com/img/ibank/O1CN01.jpg");
            return false;
        }
        return true;
    }

    /** A value as an error message shows it: in quotes, control characters shown as '?', at most 200 characters. */
    public static String quote(String value) {
        String shown = CONTROL.matcher(value).replaceAll("?");
        if (shown.length() > QUOTED_LENGTH) {
            shown = shown.substring(0, QUOTED_LENGTH) + "…";
        }
        return "'" + shown + "'";
    }

    private static String check(ParameterSpec spec, String value, List<String> problems) {
        if (!spec.allowedValues().isEmpty()) {
            for (String allowed : spec.allowedValues()) {
                if (allowed.equalsIgnoreCase(value)) {
                    return allowed;
                }
            }
            problems.add(spec.name() + " " + quote(value) + " is not allowed; allowed values: "
                    + String.join(", ", spec.allowedValues()));
            return null;
        }
        switch (spec.type()) {
            case INTEGER -> {
                if (!INTEGER.matcher(value).matches()) {
                    problems.add(spec.name() + " " + quote(value) + " is not an integer");
                    return null;
                }
                long number;
                try {
                    number = Long.parseLong(value);
                } catch (NumberFormatException tooLarge) {
                    problems.add(spec.name() + " " + quote(value) + " is too large");
                    return null;
                }
                if (("page".equals(spec.name()) || "page_size".equals(spec.name()) || "moq".equals(spec.name()))
                        && number < 1) {
                    problems.add(spec.name() + " " + quote(value) + " must be 1 or more");
                    return null;
                }
                if ("cat_id".equals(spec.name()) && number < 0) {
                    problems.add(spec.name() + " " + quote(value) + " must not be negative");
                    return null;
                }
                return Long.toString(number);
            }
            case ITEM_ID -> {
                java.util.regex.Matcher link = OFFER_LINK.matcher(value);
                String id = link.matches() ? link.group(1) : value;
                if (!INTEGER.matcher(id).matches() || id.startsWith("-") || id.startsWith("+")
                        || id.length() > 18 || Long.parseLong(id) < 1) {
                    problems.add(spec.name() + " " + quote(value) + " is not an item id; use the item's number, or its "
                            + "link such as " + OFFER_LINK_EXAMPLE);
                    return null;
                }
                return Long.toString(Long.parseLong(id));
            }
            case BOOLEAN -> {
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    problems.add(spec.name() + " " + quote(value) + " is not a boolean; allowed values: true, false");
                    return null;
                }
                return lower;
            }
            case DECIMAL -> {
                if (!DECIMAL.matcher(value).matches()) {
                    problems.add(spec.name() + " " + quote(value) + " is not a price; use a number such as 5 or 12.50");
                    return null;
                }
                return value;
            }
            default -> {
                return value;
            }
        }
    }

    private static int positiveInteger(String name, String value, int fallback, List<String> problems) {
        if (blank(value)) {
            return fallback;
        }
        String v = value.strip();
        if (!INTEGER.matcher(v).matches()) {
            problems.add(name + " " + quote(v) + " is not an integer");
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                problems.add(name + " " + quote(v) + " must be 1 or more");
                return fallback;
            }
            return n;
        } catch (NumberFormatException tooLarge) {
            problems.add(name + " " + quote(v) + " is too large");
            return fallback;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
