package org.tmapiroutes.item;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an inbox flow adds to its products (its template's {@code enrich}: {@code details}, {@code landed-cost},
 * {@code supplier}, with their settings {@code maxItems}, {@code province}, {@code quantity}, {@code currency},
 * {@code rate}): the enrichment steps to run once the job's pages are in, and the columns they add to its output.
 *
 * @param steps    the steps, in the order they run: details, landed cost, supplier
 * @param settings the steps' settings given, by name
 */
public record EnrichmentSettings(List<String> steps, Map<String, String> settings) {

    public static final String DETAILS = "details";
    public static final String LANDED_COST = "landed-cost";
    public static final String SUPPLIER = "supplier";
    /** The description pictures of every product (not only the first maxItems), for the Shopify export. */
    public static final String DESCRIPTION = "description";
    private static final List<String> STEPS = List.of(DETAILS, LANDED_COST, SUPPLIER, DESCRIPTION);
    private static final List<String> SETTINGS = List.of("maxItems", "province", "quantity", "currency", "rate");
    private static final ObjectMapper JSON = new ObjectMapper();

    public EnrichmentSettings {
        steps = List.copyOf(steps);
        settings = Map.copyOf(settings);
    }

    /**
     * The settings of a flow's template parameters, checked as the steps check them; {@code null} when it enriches
     * nothing.
     *
     * @throws IllegalArgumentException naming the parameter and what it allows
     */
    public static EnrichmentSettings of(String enrich, Map<String, String> parameters) {
        if (enrich == null || enrich.isBlank()) {
            return null;
        }
        List<String> asked = new ArrayList<>();
        for (String step : enrich.split(",")) {
            String name = step.strip().toLowerCase(Locale.ROOT);
            if (!STEPS.contains(name)) {
                throw new IllegalArgumentException("enrich '" + enrich.strip() + "' names '" + step.strip()
                        + "', which is not a step; use details, landed-cost, supplier or description,"
                        + " comma-separated");
            }
            if (!asked.contains(name)) {
                asked.add(name);
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : SETTINGS) {
            String value = parameters.get(name);
            if (value != null && !value.isBlank()) {
                settings.put(name, value.strip());
            }
        }
        // the landed cost takes the details first
        List<String> steps = STEPS.stream().filter(asked::contains)
                .filter(s -> !(s.equals(DETAILS) && asked.contains(LANDED_COST))).toList();
        EnrichmentSettings enrichment = new EnrichmentSettings(steps, settings);
        enrichment.check();
        return enrichment;
    }

    private void check() {
        if (steps.contains(LANDED_COST) && !settings.containsKey("province")) {
            throw new IllegalArgumentException("enrich landed-cost needs province, the Chinese province shipped to"
                    + " (such as 广东)");
        }
        for (String whole : List.of("maxItems", "quantity")) {
            Long value = LenientNumbers.count(settings.get(whole));
            if (settings.containsKey(whole) && (value == null || value < 1 || value > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(whole + " '" + settings.get(whole)
                        + "' is not a whole number of 1 or more");
            }
        }
        if (settings.containsKey("currency") != settings.containsKey("rate")) {
            throw new IllegalArgumentException("currency and rate go together: give both (such as USD and 0.14) or"
                    + " neither");
        }
        if (settings.containsKey("currency") && !settings.get("currency").matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("currency '" + settings.get("currency")
                    + "' is not a currency code such as USD");
        }
        if (settings.containsKey("rate") && (LenientNumbers.decimal(settings.get("rate")) == null
                || LenientNumbers.decimal(settings.get("rate")).signum() <= 0)) {
            throw new IllegalArgumentException("rate '" + settings.get("rate") + "' is not a positive number");
        }
    }

    /** These settings with the description step too (a Shopify export's), or settings of that step alone. */
    public static EnrichmentSettings withDescription(EnrichmentSettings settings) {
        if (settings == null) {
            return new EnrichmentSettings(List.of(DESCRIPTION), Map.of());
        }
        if (settings.steps.contains(DESCRIPTION)) {
            return settings;
        }
        List<String> steps = new ArrayList<>(settings.steps);
        steps.add(DESCRIPTION);
        return new EnrichmentSettings(steps, settings.settings);
    }

    /** Whether a step adds to listed products only (all but the description, which any item's rows take). */
    public boolean needsListedProducts() {
        return steps.stream().anyMatch(step -> !step.equals(DESCRIPTION));
    }

    /** The products enriched: the first this many. */
    public int maxItems() {
        return settings.containsKey("maxItems") ? Integer.parseInt(settings.get("maxItems"))
                : ItemEnrichment.DEFAULT_MAX_ITEMS;
    }

    public String setting(String name) {
        return settings.get(name);
    }

    /** The enrichment steps as the Kamelets to route the products through, in order. */
    public List<String> kamelets() {
        List<String> uris = new ArrayList<>();
        for (String step : steps) {
            uris.add(switch (step) {
                case DETAILS -> "kamelet:items-details-action?maxItems=" + maxItems();
                case LANDED_COST -> "kamelet:items-landed-cost-action?maxItems=" + maxItems()
                        + "&province=RAW(" + settings.get("province") + ")"
                        + (settings.containsKey("quantity") ? "&quantity=" + settings.get("quantity") : "")
                        + (settings.containsKey("currency") ? "&currency=" + settings.get("currency") + "&rate="
                                + settings.get("rate") : "");
                case SUPPLIER -> "kamelet:items-supplier-action";
                default -> "kamelet:items-description-action";
            });
        }
        return uris;
    }

    /** The columns the steps add, in order, after the output's own. */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        if (steps.contains(DETAILS) || steps.contains(LANDED_COST)) {
            columns.addAll(ItemEnrichment.DETAIL_COLUMNS);
        }
        if (steps.contains(LANDED_COST)) {
            columns.addAll(ItemEnrichment.LANDED_COST_COLUMNS);
            if (settings.containsKey("currency")) {
                columns.add("landed_unit_cost_" + settings.get("currency").toUpperCase(Locale.ROOT));
            }
        }
        if (steps.contains(SUPPLIER)) {
            columns.addAll(ItemEnrichment.SUPPLIER_COLUMNS);
        }
        if (steps.contains(DESCRIPTION)) {
            columns.add(ItemEnrichment.DESCRIPTION_COLUMN);
        }
        return columns;
    }

    /** As the job keeps it. */
    public String text() {
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("steps", steps);
        text.put("settings", settings);
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The settings a job keeps, or {@code null} for a job that enriches nothing. */
    public static EnrichmentSettings parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Map<String, Object> read = JSON.readValue(text, new TypeReference<>() {
            });
            @SuppressWarnings("unchecked")
            List<String> steps = (List<String>) read.get("steps");
            @SuppressWarnings("unchecked")
            Map<String, String> settings = (Map<String, String>) read.get("settings");
            return new EnrichmentSettings(steps, settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job's enrichment cannot be read: " + text, e);
        }
    }
}
