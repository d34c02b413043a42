package org.tmapiroutes.app.simulator;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.tmapiroutes.tmapi.ParameterSpec;
import org.tmapiroutes.tmapi.TmapiEndpoint;


/**
 * One request to a simulated endpoint, checked against the endpoint catalog the way TMAPI checks it: the query value,
 * page, page size, sort, price range and filters it asks for.
 *
 * <p>An empty optional parameter counts as absent, as the docs' own examples send some empty. Parameters an endpoint
 * does not document are ignored, as by a typical HTTP API.
 *
 * @param endpoint   the endpoint asked
 * @param value      what it asks for: the value of its required parameter (keyword-search-global: keyword, else
 *                   cat_id)
 * @param page       the page, from 1
 * @param pageSize   items per page
 * @param sort       the sort order ({@code default} unless given)
 * @param language   the answer language where the endpoint takes one, else {@code null}
 * @param priceStart the lowest price wanted, or {@code null}
 * @param priceEnd   the highest price wanted, or {@code null}
 * @param filters    the filter parameters given (price range and boolean filters), as sent, in documented order
 * @param parameters every documented parameter given, as sent, in documented order
 */
record PageQuery(TmapiEndpoint endpoint, String value, int page, int pageSize, String sort, String language,
                 BigDecimal priceStart, BigDecimal priceEnd, Map<String, String> filters,
                 Map<String, String> parameters) {

    /** category-items-v1 has no page_size parameter; it always answers 20 items a page. */
    static final int FIXED_PAGE_SIZE = 20;

    // Parameters that select or shape the page; all others of an endpoint filter its items.
    private static final Set<String> NOT_FILTERS = Set.of("page", "page_size", "sort", "language", "cat", "cat_type",
            "shop_cat_id");

    // What each documented boolean filter keeps when sent as true.
    private static final Map<String, Predicate<SimulatedProduct>> BOOLEAN_FILTERS = Map.of(
            "free_shipping", SimulatedProduct::freeShipping,
            "support_dropshipping", SimulatedProduct::supportDropshipping,
            "new_arrival", SimulatedProduct::newArrival,
            "is_super_factory", p -> p.shop().superFactory(),
            "super_factory", p -> p.shop().superFactory(),
            "is_factory", p -> p.shop().factory(),
            "verified_supplier", p -> p.shop().verified());

    /** A parameter TMAPI would refuse with code 422; the message says which and why, for the simulator's log. */
    static final class InvalidParameter extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidParameter(String message) {
            super(message);
        }
    }

    static PageQuery parse(TmapiEndpoint endpoint, Map<String, String> query) throws InvalidParameter {
        Map<String, String> given = new LinkedHashMap<>();
        for (ParameterSpec spec : endpoint.parameters()) {
            String raw = query.get(spec.name());
            if (raw == null || raw.isEmpty()) {
                if (spec.required()) {
                    throw new InvalidParameter(spec.name() + " is required");
                }
                continue;
            }
            check(spec, raw);
            given.put(spec.name(), raw);
        }
        String value = endpoint.queryValue(given);
        if (value == null && endpoint.needsQueryValue()) {
            throw new InvalidParameter(endpoint.queryParametersText() + " is required");
        }
        int page = endpoint.takes("page") ? intValue(endpoint, given, "page") : 1;
        int pageSize = endpoint.takes("page_size") ? intValue(endpoint, given, "page_size") : FIXED_PAGE_SIZE;
        String sort = endpoint.takes("sort") ? valueOrDefault(endpoint, given, "sort") : "default";
        String language = endpoint.takes("language") ? valueOrDefault(endpoint, given, "language") : null;
        BigDecimal priceStart = given.containsKey("price_start") ? new BigDecimal(given.get("price_start")) : null;
        BigDecimal priceEnd = given.containsKey("price_end") ? new BigDecimal(given.get("price_end")) : null;

        Map<String, String> filters = new LinkedHashMap<>();
        given.forEach((name, raw) -> {
            boolean asked = endpoint.queryParameters().stream().anyMatch(p -> p.name().equals(name));
            if (!asked && !NOT_FILTERS.contains(name)) {
                filters.put(name, raw);
            }
        });
        return new PageQuery(endpoint, value, page, pageSize, sort, language, priceStart, priceEnd,
                Collections.unmodifiableMap(filters), Collections.unmodifiableMap(given));
    }

    /** Whether the product passes the price range and every boolean filter sent as {@code true}. */
    boolean keeps(SimulatedProduct product) {
        if (priceStart != null && product.price().compareTo(priceStart) < 0
                || priceEnd != null && product.price().compareTo(priceEnd) > 0) {
            return false;
        }
        // A filter sent as false filters nothing out, as on the 1688 site where the box is simply unticked.
        return filters.entrySet().stream()
                .filter(filter -> BOOLEAN_FILTERS.containsKey(filter.getKey()))
                .filter(filter -> filter.getValue().equalsIgnoreCase("true"))
                .allMatch(filter -> BOOLEAN_FILTERS.get(filter.getKey()).test(product));
    }

    /** The order the requested sort puts products in; ties keep default order when the sort is stable. */
    Comparator<SimulatedProduct> order() {
        return switch (sort) {
            case "sales" -> Comparator.comparingLong(SimulatedProduct::sales90d).reversed();
            case "price_up" -> Comparator.comparing(SimulatedProduct::price);
            case "price_down" -> Comparator.comparing(SimulatedProduct::price).reversed();
            case "time_up" -> Comparator.comparing(SimulatedProduct::created);
            case "time_down" -> Comparator.comparing(SimulatedProduct::created).reversed();
            default -> (a, b) -> 0;
        };
    }

    /** A parameter as sent, or the empty text the docs' examples echo for an absent one. */
    String echo(String name) {
        return parameters.getOrDefault(name, "");
    }

    private static void check(ParameterSpec spec, String raw) throws InvalidParameter {
        if (!spec.allowedValues().isEmpty() && !spec.allowedValues().contains(raw)) {
            throw new InvalidParameter(spec.name() + "=" + raw + " is not one of " + spec.allowedValues());
        }
        switch (spec.type()) {
            case INTEGER, ITEM_ID -> {
                long number;
                try {
                    number = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    throw new InvalidParameter(spec.name() + "=" + raw + " is not an integer");
                }
                boolean pageParameter = spec.name().equals("page") || spec.name().equals("page_size");
                if (number < 1 || pageParameter && number > Integer.MAX_VALUE) {
                    throw new InvalidParameter(spec.name() + "=" + raw + " is out of range");
                }
            }
            case BOOLEAN -> {
                String lower = raw.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new InvalidParameter(spec.name() + "=" + raw + " is not true or false");
                }
            }
            case DECIMAL -> {
                BigDecimal number;
                try {
                    number = new BigDecimal(raw);
                } catch (NumberFormatException e) {
                    throw new InvalidParameter(spec.name() + "=" + raw + " is not a number");
                }
                if (number.signum() < 0) {
                    throw new InvalidParameter(spec.name() + "=" + raw + " is negative");
                }
            }
            case STRING -> {
                // any text is accepted; documented enums were checked above
            }
        }
    }

    private static int intValue(TmapiEndpoint endpoint, Map<String, String> given, String name) {
        return Integer.parseInt(valueOrDefault(endpoint, given, name));
    }

    private static String valueOrDefault(TmapiEndpoint endpoint, Map<String, String> given, String name) {
        return given.getOrDefault(name, endpoint.parameter(name).orElseThrow().defaultValue());
    }
}
