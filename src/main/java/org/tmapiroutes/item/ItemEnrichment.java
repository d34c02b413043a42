package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.item.KeptRecords.Kind;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The enrichment steps (SPEC §15): an item's details, the landed cost at a quantity, the supplier, added as columns to
 * listed products. Each step is two halves around {@code direct:tmapi-fetch-action}: the queries still to buy (what
 * the state store keeps from an earlier buy is not bought again within its keep time), then the columns, from what was
 * just bought and what was kept. Fetched through the fetch action, the calls are part of the job of a scheduled run:
 * recorded before they are made and not made again when the run resumes after a stop.
 */
public final class ItemEnrichment {

    /** The columns the details step adds, in order. */
    public static final List<String> DETAIL_COLUMNS = List.of("stock", "sku_count", "price_min", "price_max",
            "price_tiers", "unit_weight_kg", "is_sold_out", "delivery_fee", "location");
    /** The columns the landed cost step adds, in order, before {@code landed_unit_cost_<CUR>}. */
    public static final List<String> LANDED_COST_COLUMNS = List.of("unit_price_at_qty", "shipping_fee",
            "landed_unit_cost", "below_moq");
    /** The columns the supplier step adds, in order. */
    public static final List<String> SUPPLIER_COLUMNS = List.of("supplier_years", "supplier_is_factory",
            "supplier_super_factory", "supplier_repurchase_rate", "supplier_rating");
    /** The column the description step adds: the item's description pictures, separated by spaces. */
    public static final String DESCRIPTION_COLUMN = "description_images";
    /** How many products the details step enriches unless told otherwise. */
    public static final int DEFAULT_MAX_ITEMS = 20;

    /**
     * Exchange property set on an enrichment call: what its answer is kept as ({@code details}, {@code quote},
     * {@code shop}). The answer is kept as it is read, while its request still holds its slot, so that a stop or a
     * {@code kill -9} costs at most the calls in flight.
     */
    public static final String KEEP_AS = "tmapiKeepAs";

    /** Exchange property: what the steps of one exchange bought and took from the store ({@link Purchases}). */
    public static final String PURCHASES = "tmapiEnrichmentPurchases";

    private static final Logger PROGRESS = LoggerFactory.getLogger("org.tmapiroutes.progress");
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");
    private static final List<String> RATING_ORDER = List.of("comprehensive", "return_exchange_experience",
            "goods_quality_experience", "logistics", "dispute_resolution", "purchase_consultation");

    private final QueryValidator validator;
    private final KeptRecords kept;
    private final Duration detailsKept;
    private final Duration shopsKept;
    private final Duration quotesKept;
    private final Clock clock;

    /**
     * @param detailsKept {@code details.keep-hours}
     * @param shopsKept   {@code supplier.keep-hours}
     * @param quotesKept  {@code shipping.keep-hours}
     */
    public ItemEnrichment(QueryValidator validator, KeptRecords kept, Duration detailsKept, Duration shopsKept,
            Duration quotesKept, Clock clock) {
        this.validator = validator;
        this.kept = kept;
        this.detailsKept = detailsKept;
        this.shopsKept = shopsKept;
        this.quotesKept = quotesKept;
        this.clock = clock;
    }

    /**
     * What the steps of one exchange bought and what they took from the store, per kind, for the log and a job's
     * summary line ({@code details: 18 bought, 2 from the store}); counted from the calls made side by side.
     */
    public static final class Purchases {

        private final Map<String, AtomicIntegerArray> counts = new ConcurrentHashMap<>();

        void bought(String kind) {
            of(kind).incrementAndGet(0);
        }

        void reused(String kind, int count) {
            of(kind).addAndGet(1, count);
        }

        private AtomicIntegerArray of(String kind) {
            return counts.computeIfAbsent(kind, k -> new AtomicIntegerArray(2));
        }

        String text(String kind, boolean withKind) {
            AtomicIntegerArray count = of(kind);
            return (withKind ? kind + ": " : "") + count.get(0) + " bought, " + count.get(1) + " from the store";
        }

        /** {@code details: 18 bought, 2 from the store; shipping quotes: 20 bought, 0 from the store}. */
        @Override
        public String toString() {
            return counts.keySet().stream().sorted(Comparator.comparingInt(ORDER::indexOf))
                    .map(kind -> text(kind, true)).collect(Collectors.joining("; "));
        }

        private static final List<String> ORDER = List.of(DETAILS, QUOTES, SHOPS, DESCRIPTIONS);
    }

    private static final String DESCRIPTIONS = "descriptions";
    private static final String DETAILS = "details";
    private static final String QUOTES = "shipping quotes";
    private static final String SHOPS = "shops";

    private static Purchases purchases(Exchange exchange) {
        Purchases purchases = exchange.getProperty(PURCHASES, Purchases.class);
        if (purchases == null) {
            purchases = new Purchases();
            exchange.setProperty(PURCHASES, purchases);
        }
        return purchases;
    }

    // ---- details

    /** The item details to buy for the first {@code maxItems} products: those the store does not keep. */
    public List<TmapiQuery> detailQueries(List<ProductRow> products, String maxItems, Exchange exchange) {
        Instant now = clock.instant();
        List<TmapiQuery> queries = new ArrayList<>();
        List<String> ids = itemIds(products, maxItems);
        for (String itemId : ids) {
            if (kept.find(Kind.DETAIL, itemId, detailsKept, now).isEmpty()) {
                queries.add(query(TmapiEndpoint.ITEM_DETAIL, Map.of("item_id", itemId)));
            }
        }
        purchases(exchange).reused(DETAILS, ids.size() - queries.size());
        return queries;
    }

    /** Keeps an enrichment call's answer as {@link #KEEP_AS} says, as it is read. */
    public void keep(String keepAs, TmapiQuery query, List<ProductRow> rows, Exchange exchange) {
        switch (keepAs) {
            case "details" -> keepDetails(query, rows, exchange);
            case "quote" -> keepQuote(query, rows, exchange);
            case "shop" -> keepShop(query, rows, exchange);
            case "description" -> keepDescription(query, rows, exchange);
            default -> throw new IllegalArgumentException(KEEP_AS + " '" + keepAs
                    + "' is not details, quote, shop or description");
        }
    }

    /** Keeps an item's detail columns as soon as they are bought, from its SKU rows. */
    private void keepDetails(TmapiQuery query, List<ProductRow> skus, Exchange exchange) {
        Map<String, Object> summary = summary(skus);
        if (summary != null) {
            kept.keep(Kind.DETAIL, query.parameters().get("item_id"), summary, clock.instant());
            purchases(exchange).bought(DETAILS);
        }
    }

    /**
     * The first {@code maxItems} products with their details' columns, as the store keeps them; a product whose
     * details could not be bought gets them empty.
     */
    public List<ProductRow> addDetails(List<ProductRow> products, String maxItems, Exchange exchange) {
        PROGRESS.info("details: {}", purchases(exchange).text(DETAILS, false));
        return addDetails(products, maxItems);
    }

    private List<ProductRow> addDetails(List<ProductRow> products, String maxItems) {
        Instant now = clock.instant();
        for (ProductRow product : firstProducts(products, maxItems)) {
            Map<String, Object> details = kept.find(Kind.DETAIL, product.getItemId(), detailsKept, now).orElse(null);
            for (String column : DETAIL_COLUMNS) {
                product.getExtras().put(column, details == null ? null : details.get(column));
            }
        }
        return products;
    }

    /** One item's detail columns from its SKU rows, or {@code null} when there are none. */
    private static Map<String, Object> summary(List<ProductRow> skus) {
        Map<String, Object> summary = null;
        for (ProductRow sku : skus) {
            Map<String, Object> fields = sku.getFields();
            if (summary == null) {
                summary = new LinkedHashMap<>();
                for (String column : List.of("stock", "price_min", "price_max", "price_tiers", "is_sold_out",
                        "delivery_fee", "location", "moq")) {
                    summary.put(column, fields.get(column));
                }
                summary.put("sku_count", 0L);
                summary.put("unit_weight_kg", null);
            }
            if (fields.get("sku_id") != null) {
                summary.put("sku_count", (Long) summary.get("sku_count") + 1);
            }
            // the heaviest SKU: a shipping quote that is never too low
            if (fields.get("sku_weight_kg") instanceof BigDecimal weight && weight.signum() > 0
                    && (summary.get("unit_weight_kg") == null
                            || weight.compareTo((BigDecimal) summary.get("unit_weight_kg")) > 0)) {
                summary.put("unit_weight_kg", weight);
            }
        }
        return summary;
    }

    // ---- description

    /** The item descriptions to buy for every product, once per item: those the store does not keep. */
    public List<TmapiQuery> descriptionQueries(List<ProductRow> products, Exchange exchange) {
        Instant now = clock.instant();
        List<TmapiQuery> queries = new ArrayList<>();
        List<String> ids = itemIds(products, String.valueOf(Integer.MAX_VALUE));
        for (String itemId : ids) {
            if (kept.find(Kind.DESCRIPTION, itemId, detailsKept, now).isEmpty()) {
                queries.add(query(TmapiEndpoint.ITEM_DESC, Map.of("item_id", itemId)));
            }
        }
        purchases(exchange).reused(DESCRIPTIONS, ids.size() - queries.size());
        return queries;
    }

    /** Keeps an item's description pictures as soon as they are bought (an item without pictures keeps none). */
    private void keepDescription(TmapiQuery query, List<ProductRow> pictures, Exchange exchange) {
        List<String> urls = new ArrayList<>();
        for (ProductRow picture : pictures) {
            Object url = picture.getFields().get("detail_img");
            if (url != null && !url.toString().isBlank()) {
                urls.add(url.toString().strip());
            }
        }
        kept.keep(Kind.DESCRIPTION, query.parameters().get("item_id"), Map.of(DESCRIPTION_COLUMN,
                String.join(" ", urls)), clock.instant());
        purchases(exchange).bought(DESCRIPTIONS);
    }

    /** Every product with its description pictures as the store keeps them (empty when none could be bought). */
    public List<ProductRow> addDescriptions(List<ProductRow> products, Exchange exchange) {
        PROGRESS.info("descriptions: {}", purchases(exchange).text(DESCRIPTIONS, false));
        products.forEach(this::addDescription);
        return products;
    }

    private void addDescription(ProductRow product) {
        if (product.getItemId() == null) {
            return;
        }
        Object pictures = kept.find(Kind.DESCRIPTION, product.getItemId(), detailsKept, clock.instant())
                .map(values -> values.get(DESCRIPTION_COLUMN)).orElse(null);
        product.getExtras().put(DESCRIPTION_COLUMN, pictures);
    }

    // ---- landed cost

    /**
     * The shipping quotes to buy for the first {@code maxItems} products with details: to the province, for the
     * quantity (the product's moq when none is given) and, where the details give a unit weight, its weight.
     */
    public List<TmapiQuery> shippingQueries(List<ProductRow> products, String province, String quantity,
            String maxItems, Exchange exchange) {
        requireProvince(province);
        Instant now = clock.instant();
        List<TmapiQuery> queries = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        int reused = 0;
        for (ProductRow product : firstProducts(products, maxItems)) {
            Shipment shipment = shipment(product, province, quantity);
            if (shipment == null || asked.contains(shipment.key())) {
                continue;
            }
            asked.add(shipment.key());
            if (kept.find(Kind.SHIPPING, shipment.key(), quotesKept, now).isEmpty()) {
                queries.add(query(TmapiEndpoint.ITEM_SHIPPING, shipment.parameters()));
            } else {
                reused++;
            }
        }
        purchases(exchange).reused(QUOTES, reused);
        return queries;
    }

    /** Keeps a shipping quote as soon as it is bought, under what was asked (the answer may say another quantity). */
    private void keepQuote(TmapiQuery query, List<ProductRow> quotes, Exchange exchange) {
        Map<String, String> asked = query.parameters();
        for (ProductRow quote : quotes) {
            if (quote.getFields().get("total_fee") != null) {
                String weight = asked.get("total_weight");
                kept.keep(Kind.SHIPPING, new Shipment(asked.get("item_id"), asked.get("province"),
                        Long.parseLong(asked.get("total_quantity")), weight == null ? null : new BigDecimal(weight))
                        .key(), Map.of("shipping_fee", quote.getFields().get("total_fee")), clock.instant());
                purchases(exchange).bought(QUOTES);
                return;
            }
        }
    }

    /**
     * The first {@code maxItems} products with their landed cost at the quantity: {@code unit_price_at_qty} (the tier
     * whose start is the largest at or below it; below the first tier, the first tier's price and {@code below_moq}
     * true; no tiers, the lowest price), {@code shipping_fee}, {@code landed_unit_cost} = (unit price × quantity +
     * shipping fee) ÷ quantity rounded half-up to two decimals, and {@code landed_unit_cost_<CUR>} (× rate).
     */
    public List<ProductRow> addLandedCost(List<ProductRow> products, String province, String quantity,
            String currency, String rate, String maxItems, Exchange exchange) {
        PROGRESS.info("shipping quotes: {}", purchases(exchange).text(QUOTES, false));
        return addLandedCost(products, province, quantity, currency, rate, maxItems);
    }

    private List<ProductRow> addLandedCost(List<ProductRow> products, String province, String quantity,
            String currency, String rate, String maxItems) {
        requireProvince(province);
        String cur = blank(currency) ? null : currency.strip().toUpperCase(Locale.ROOT);
        BigDecimal multiplier = null;
        if (cur != null) {
            if (!CURRENCY.matcher(cur).matches()) {
                throw new IllegalArgumentException("currency '" + currency + "' is not a currency code such as USD");
            }
            multiplier = LenientNumbers.decimal(rate);
            if (multiplier == null || multiplier.signum() <= 0) {
                throw new IllegalArgumentException("rate '" + rate + "' is not a positive number; with currency "
                        + cur + ", give the rate from CNY, such as 0.14");
            }
        }
        Instant now = clock.instant();
        for (ProductRow product : firstProducts(products, maxItems)) {
            Shipment shipment = shipment(product, province, quantity);
            if (shipment == null) {
                continue;
            }
            BigDecimal fee = kept.find(Kind.SHIPPING, shipment.key(), quotesKept, now)
                    .map(values -> number(values.get("shipping_fee"))).orElse(null);
            PriceTiers tiers = PriceTiers.parse((String) product.getExtras().get("price_tiers"));
            PriceTiers.UnitPrice at = tiers.at(shipment.quantity());
            BigDecimal unit = at != null ? at.price() : number(product.getExtras().get("price_min"));
            if (unit == null) {
                unit = product.getPrice();
            }
            product.getExtras().put("unit_price_at_qty", unit);
            product.getExtras().put("shipping_fee", fee);
            BigDecimal landed = unit == null || fee == null ? null
                    : unit.multiply(BigDecimal.valueOf(shipment.quantity())).add(fee)
                            .divide(BigDecimal.valueOf(shipment.quantity()), 2, RoundingMode.HALF_UP);
            product.getExtras().put("landed_unit_cost", landed);
            product.getExtras().put("below_moq", at != null && at.belowMoq());
            if (cur != null) {
                product.getExtras().put("landed_unit_cost_" + cur, landed == null ? null
                        : landed.multiply(multiplier).setScale(2, RoundingMode.HALF_UP));
            }
        }
        return products;
    }

    /** What one product's quote asks: the quantity given, else its moq (its first tier's start), else one. */
    private static Shipment shipment(ProductRow product, String province, String quantity) {
        if (product.getItemId() == null || !product.getExtras().containsKey("price_tiers")) {
            return null;
        }
        long pieces;
        if (!blank(quantity)) {
            Long given = LenientNumbers.count(quantity);
            if (given == null || given < 1) {
                throw new IllegalArgumentException("quantity '" + quantity + "' is not a whole number of 1 or more");
            }
            pieces = given;
        } else {
            PriceTiers tiers = PriceTiers.parse((String) product.getExtras().get("price_tiers"));
            pieces = product.getMoq() != null && product.getMoq() > 0 ? product.getMoq()
                    : tiers.isEmpty() ? 1 : Math.max(1, tiers.tiers().get(0).from());
        }
        BigDecimal unitWeight = number(product.getExtras().get("unit_weight_kg"));
        BigDecimal weight = unitWeight == null || unitWeight.signum() <= 0 ? null
                : unitWeight.multiply(BigDecimal.valueOf(pieces)).stripTrailingZeros();
        return new Shipment(product.getItemId(), province.strip(), pieces, weight);
    }

    /** One quote to ask for: an item to a province, so many pieces weighing so much (when known). */
    private record Shipment(String itemId, String province, long quantity, BigDecimal weight) {

        String key() {
            return itemId + "|" + province + "|" + quantity + "|" + (weight == null ? "" : weight.toPlainString());
        }

        Map<String, String> parameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("item_id", itemId);
            parameters.put("province", province);
            parameters.put("total_quantity", String.valueOf(quantity));
            if (weight != null) {
                parameters.put("total_weight", weight.toPlainString());
            }
            return parameters;
        }
    }

    // ---- supplier

    /** The shops to buy the information of, once each: those of the products the store does not keep. */
    public List<TmapiQuery> shopQueries(List<ProductRow> products, Exchange exchange) {
        Instant now = clock.instant();
        List<TmapiQuery> queries = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (ProductRow product : products) {
            String shop = product.getShopUrl();
            if (shop != null && !asked.contains(shop)) {
                asked.add(shop);
                if (kept.find(Kind.SHOP, shop, shopsKept, now).isEmpty()) {
                    queries.add(query(TmapiEndpoint.SHOP_INFO, Map.of("shop_url", shop)));
                }
            }
        }
        purchases(exchange).reused(SHOPS, asked.size() - queries.size());
        return queries;
    }

    /** Keeps a shop's supplier columns as soon as its information is bought. */
    private void keepShop(TmapiQuery query, List<ProductRow> shops, Exchange exchange) {
        for (ProductRow shop : shops) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("supplier_years", shop.getFields().get("tp_year"));
            values.put("supplier_is_factory", shop.getFields().get("is_factory"));
            values.put("supplier_super_factory", shop.getFields().get("is_super_factory"));
            List<String> ratings = new ArrayList<>();
            for (String type : RATING_ORDER) {
                Object score = shop.getFields().get("shop_ratings_" + type);
                if (score != null) {
                    ratings.add(type + ":" + (score instanceof BigDecimal d ? d.toPlainString() : score));
                }
            }
            values.put("supplier_rating", ratings.isEmpty() ? null : String.join("|", ratings));
            kept.keep(Kind.SHOP, query.parameters().get("shop_url"), values, clock.instant());
            purchases(exchange).bought(SHOPS);
            return;
        }
    }

    /**
     * The products with their supplier's columns: years on 1688, factory, super factory, the shop's repurchase rate
     * (from the list: the shop information has none) and its ratings, the comprehensive one first.
     */
    public List<ProductRow> addSupplier(List<ProductRow> products, Exchange exchange) {
        PROGRESS.info("shops: {}", purchases(exchange).text(SHOPS, false));
        return addSupplier(products);
    }

    private List<ProductRow> addSupplier(List<ProductRow> products) {
        Instant now = clock.instant();
        for (ProductRow product : products) {
            String shop = product.getShopUrl();
            if (shop == null) {
                continue;
            }
            Map<String, Object> values = kept.find(Kind.SHOP, shop, shopsKept, now).orElse(null);
            for (String column : SUPPLIER_COLUMNS) {
                product.getExtras().put(column, column.equals("supplier_repurchase_rate")
                        ? product.getShopRepurchaseRate() : values == null ? null : values.get(column));
            }
        }
        return products;
    }

    // ---- an inbox job's output

    /**
     * A job's products as its output writes them: the first {@code maxItems} with an item id get the columns of the
     * flow's steps from what the steps kept in the store (bought just before), the others pass as they are. Read as
     * they are written, so nothing is held in memory.
     */
    public Iterable<ProductRow> fromStore(Iterable<ProductRow> rows, EnrichmentSettings enrichment) {
        return () -> new Iterator<>() {
            private final Iterator<ProductRow> all = rows.iterator();

            @Override
            public boolean hasNext() {
                return all.hasNext();
            }

            private final java.util.Set<String> items = new java.util.HashSet<>();

            @Override
            public ProductRow next() {
                ProductRow row = all.next();
                if (row.getItemId() == null) {
                    return row;
                }
                if (enrichment.steps().contains(EnrichmentSettings.DESCRIPTION)) {
                    addDescription(row);
                }
                // the first maxItems items: an item's SKU rows count once
                if (items.contains(row.getItemId()) || (items.size() < enrichment.maxItems() && items.add(row.getItemId()))) {
                    List<ProductRow> one = List.of(row);
                    if (enrichment.steps().contains(EnrichmentSettings.DETAILS)
                            || enrichment.steps().contains(EnrichmentSettings.LANDED_COST)) {
                        addDetails(one, null);
                    }
                    if (enrichment.steps().contains(EnrichmentSettings.LANDED_COST)) {
                        addLandedCost(one, enrichment.setting("province"), enrichment.setting("quantity"),
                                enrichment.setting("currency"), enrichment.setting("rate"), null);
                    }
                    if (enrichment.steps().contains(EnrichmentSettings.SUPPLIER)) {
                        addSupplier(one);
                    }
                }
                return row;
            }
        };
    }

    // ---- shared

    private TmapiQuery query(TmapiEndpoint endpoint, Map<String, String> values) {
        QueryValidator.Outcome outcome = validator.validate(endpoint, values, 0);
        if (!outcome.valid()) {
            throw new IllegalArgumentException("Invalid " + endpoint.id() + " query: "
                    + String.join("; ", outcome.problems()));
        }
        return outcome.query();
    }

    private static List<String> itemIds(List<ProductRow> products, String maxItems) {
        List<String> ids = new ArrayList<>();
        for (ProductRow product : firstProducts(products, maxItems)) {
            if (!ids.contains(product.getItemId())) {
                ids.add(product.getItemId());
            }
        }
        return ids;
    }

    /** The first {@code maxItems} products that have an item id. */
    private static List<ProductRow> firstProducts(List<ProductRow> products, String maxItems) {
        int most = DEFAULT_MAX_ITEMS;
        if (!blank(maxItems)) {
            Long given = LenientNumbers.count(maxItems);
            if (given == null || given < 1 || given > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxItems '" + maxItems + "' is not a whole number of 1 or more");
            }
            most = given.intValue();
        }
        List<ProductRow> first = new ArrayList<>();
        for (ProductRow product : products) {
            if (first.size() == most) {
                break;
            }
            if (product.getItemId() != null) {
                first.add(product);
            }
        }
        return first;
    }

    private static void requireProvince(String province) {
        if (blank(province)) {
            throw new IllegalArgumentException("province is required: the Chinese province shipped to, such as 广东");
        }
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        return value instanceof Number number ? new BigDecimal(number.toString()) : null;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
