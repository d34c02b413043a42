package org.tmapiroutes.item;

import static org.tmapiroutes.item.JsonValues.count;
import static org.tmapiroutes.item.JsonValues.isoTime;
import static org.tmapiroutes.item.JsonValues.decimal;
import static org.tmapiroutes.item.JsonValues.first;
import static org.tmapiroutes.item.JsonValues.flag;
import static org.tmapiroutes.item.JsonValues.nonBlank;
import static org.tmapiroutes.item.JsonValues.percent;
import static org.tmapiroutes.item.JsonValues.text;
import static org.tmapiroutes.item.JsonValues.url;
import static org.tmapiroutes.item.JsonValues.wholeYears;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

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

    private final SourcingRecords sourcing = new SourcingRecords();

    /**
     * The rows of one record of an answer: a listed product's §7 row, or the rows of a §15 record (an item detail's
     * SKUs, a shop, a day of sales…), see {@link SourcingRecords}.
     */
    public List<ProductRow> rows(TmapiQuery query, JsonNode record, Instant fetchedAt) {
        if (SourcingRecords.hasOwnColumns(query.endpoint().id())) {
            return sourcing.rows(query, record, fetchedAt);
        }
        return List.of(normalize(query.endpoint(), query.parameters(), record, fetchedAt));
    }

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

        row.setPrice(first(JsonValues::decimal, priceInfo.path("sale_price"), it.path("price"),
                priceInfo.path("show_price"), priceInfo.path("wholesale_price"), firstTier.path("price")));
        row.setSalePrice(first(JsonValues::decimal, priceInfo.path("sale_price"), priceInfo.path("show_price")));
        row.setOriginPrice(decimal(priceInfo.path("origin_price")));
        String currency = text(it.path("currency"));
        row.setCurrency(currency == null ? DEFAULT_CURRENCY : currency);

        row.setMoq(first(JsonValues::count, it.path("moq"), it.path("quantity_begin"),
                firstTier.path("begin_num")));
        row.setSales(first(JsonValues::count, saleInfo.path("sale_quantity_90days"),
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
        row.setFreeShipping(first(JsonValues::flag, deliveryInfo.path("free_shipping"),
                it.path("is_free_shipping")));
        row.setShipIn48h(first(JsonValues::flag, it.path("ship_in_48h"), deliveryInfo.path("ship_in_48h")));
        row.setSuperFactory(flag(shopInfo.path("is_super_factory")));
        row.setPowerfulSeller(flag(shopInfo.path("is_powerful_seller")));
        row.setShopYears(wholeYears(shopInfo.path("shop_years")));
        row.setShopScore(decimal(shopInfo.path("score_info").path("composite_score")));

        row.setCategoryPath(categoryPath(it.path("category_path")));
        row.setCategoryName(text(it.path("category_name")));
        row.setCreatedTime(isoTime(it.path("created_time")));
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

}
