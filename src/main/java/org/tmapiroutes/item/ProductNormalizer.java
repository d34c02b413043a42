package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * Turns the items of a TMAPI response into {@link ProductRow}s with the SPEC §7 columns, whichever endpoint answered.
 * Beyond the §7 sources, the keyword searches' fields fill the columns they fit: the first of {@code quantity_prices}
 * (its {@code price} and {@code begin_num}) where no price or moq is given, and {@code is_free_shipping}.
 *
 * <p>Each column takes the first non-empty of the fields §7 lists for it; a field that is missing, {@code null},
 * blank, of the wrong type or not a readable number counts as empty, so the next one is tried and, when none is
 * left, the column stays {@code null}. Nothing in an item makes this class throw: one odd product must not cost a
 * user the whole report.
 */
public class ProductNormalizer {

    /** Where 1688 shows an offer, for the endpoints that give no {@code product_url}. */
    static final String OFFER_URL = "https://detail.1688.com/offer/%s.html";

    static final String DEFAULT_CURRENCY = "CNY";

    /** 1688 is a Chinese marketplace: a time it gives without an offset is Beijing time. */
    static final ZoneId MARKETPLACE_ZONE = ZoneId.of("Asia/Shanghai");

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

    /**
     * The §7 row for one item of a response.
     *
     * @param endpoint        the endpoint that answered; its id is the {@code source} column
     * @param queryParameters the query as asked; its required parameter is the {@code query} column, and its
     *                        {@code shop_url} / {@code member_id} stand in where the item names no shop
     * @param item            one element of {@code data.items}
     * @param fetchedAt       when the page was fetched
     */
    public ProductRow normalize(TmapiEndpoint endpoint, Map<String, String> queryParameters, JsonNode item,
            Instant fetchedAt) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Map<String, String> query = queryParameters == null ? Map.of() : queryParameters;
        JsonNode it = item == null ? MissingNode.getInstance() : item;
        JsonNode priceInfo = it.path("price_info");
        JsonNode saleInfo = it.path("sale_info");
        JsonNode deliveryInfo = it.path("delivery_info");
        JsonNode shopInfo = it.path("shop_info");
        // the keyword search's price tiers; the first is what the smallest order pays
        JsonNode firstTier = it.path("quantity_prices").path(0);

        ProductRow row = new ProductRow();
        row.setSource(endpoint.id());
        row.setQuery(nonBlank(endpoint.queryValue(query)));

        String itemId = text(it.path("item_id"));
        row.setItemId(itemId);
        row.setTitle(text(it.path("title")));
        row.setTitleOrigin(text(it.path("title_origin")));
        String productUrl = url(it.path("product_url"));
        row.setProductUrl(productUrl == null && itemId != null ? OFFER_URL.formatted(itemId) : productUrl);
        row.setImageUrl(url(it.path("img")));

        row.setPrice(first(ProductNormalizer::decimal, priceInfo.path("sale_price"), it.path("price"),
                priceInfo.path("show_price"), priceInfo.path("wholesale_price"), firstTier.path("price")));
        row.setSalePrice(first(ProductNormalizer::decimal, priceInfo.path("sale_price"), priceInfo.path("show_price")));
        row.setOriginPrice(decimal(priceInfo.path("origin_price")));
        String currency = text(it.path("currency"));
        row.setCurrency(currency == null ? DEFAULT_CURRENCY : currency);

        row.setMoq(first(ProductNormalizer::count, it.path("moq"), it.path("quantity_begin"),
                firstTier.path("begin_num")));
        row.setSales(first(ProductNormalizer::count, saleInfo.path("sale_quantity_90days"),
                saleInfo.path("sale_quantity_int"), it.path("sales_count"), saleInfo.path("sale_quantity")));
        row.setSales90d(count(saleInfo.path("sale_quantity_90days")));
        row.setSales30d(count(saleInfo.path("sale_quantity_30days")));
        row.setRepurchaseRate(percent(it.path("item_repurchase_rate")));
        row.setShopRepurchaseRate(percent(shopInfo.path("shop_repurchase_rate")));

        row.setShopName(text(shopInfo.path("company_name")));
        String shopUrl = url(shopInfo.path("shop_url"));
        row.setShopUrl(shopUrl == null ? nonBlank(query.get("shop_url")) : shopUrl);
        String loginId = text(shopInfo.path("login_id"));
        row.setSellerLoginId(loginId == null ? nonBlank(query.get("member_id")) : loginId);

        row.setProvince(text(deliveryInfo.path("area_from").path(0)));
        row.setCity(text(deliveryInfo.path("area_from").path(1)));
        row.setFreeShipping(first(ProductNormalizer::flag, deliveryInfo.path("free_shipping"),
                it.path("is_free_shipping")));
        row.setShipIn48h(first(ProductNormalizer::flag, it.path("ship_in_48h"), deliveryInfo.path("ship_in_48h")));
        row.setSuperFactory(flag(shopInfo.path("is_super_factory")));
        row.setPowerfulSeller(flag(shopInfo.path("is_powerful_seller")));
        row.setShopYears(wholeYears(shopInfo.path("shop_years")));
        row.setShopScore(decimal(shopInfo.path("score_info").path("composite_score")));

        row.setCategoryPath(categoryPath(it.path("category_path")));
        row.setCategoryName(text(it.path("category_name")));
        row.setCreatedTime(createdTime(it.path("created_time")));
        row.setFetchedAt(DateTimeFormatter.ISO_INSTANT.format(fetchedAt.truncatedTo(ChronoUnit.SECONDS)));
        return row;
    }

    /**
     * The §7 rows for one page, in the order TMAPI listed the items.
     *
     * @param dataItems the {@code data.items} array of a response; anything but an array gives no rows, and elements
     *                  that are not objects carry no product and are skipped
     * @return a new, modifiable list
     */
    public List<ProductRow> normalizePage(TmapiEndpoint endpoint, Map<String, String> queryParameters,
            JsonNode dataItems, Instant fetchedAt) {
        List<ProductRow> rows = new ArrayList<>();
        if (dataItems == null || !dataItems.isArray()) {
            return rows;
        }
        for (JsonNode item : dataItems) {
            if (item.isObject()) {
                rows.add(normalize(endpoint, queryParameters, item, fetchedAt));
            }
        }
        return rows;
    }

    private static <T> T first(Function<JsonNode, T> read, JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            T value = read.apply(candidate);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A scalar as trimmed text; {@code null} for missing, null, blank and for objects and arrays. */
    private static String text(JsonNode node) {
        if (node.isTextual()) {
            return nonBlank(node.textValue());
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
    private static String numberText(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return null;
        }
        return node.decimalValue().toPlainString();
    }

    private static BigDecimal decimal(JsonNode node) {
        return LenientNumbers.decimal(text(node));
    }

    private static Long count(JsonNode node) {
        return LenientNumbers.count(text(node));
    }

    private static BigDecimal percent(JsonNode node) {
        return LenientNumbers.percent(text(node));
    }

    private static Integer wholeYears(JsonNode node) {
        Long years = count(node);
        return years == null || years < Integer.MIN_VALUE || years > Integer.MAX_VALUE ? null : years.intValue();
    }

    /** {@code true}/{@code false} as JSON booleans, as text in any case, or as 1/0. */
    private static Boolean flag(JsonNode node) {
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
    private static String url(JsonNode node) {
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

    private static String categoryPath(JsonNode node) {
        if (!node.isArray()) {
            return text(node);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode element : node) {
            String id = text(element);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids.isEmpty() ? null : String.join("/", ids);
    }

    /** ISO-8601 with offset, e.g. {@code 2022-11-28T11:26:00+08:00}; {@code null} when the time can't be read. */
    private static String createdTime(JsonNode node) {
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

    private static String nonBlank(String s) {
        if (s == null) {
            return null;
        }
        String stripped = s.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
