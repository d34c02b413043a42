package org.tmapiroutes.item;

import static org.tmapiroutes.item.JsonValues.count;
import static org.tmapiroutes.item.JsonValues.decimal;
import static org.tmapiroutes.item.JsonValues.first;
import static org.tmapiroutes.item.JsonValues.flag;
import static org.tmapiroutes.item.JsonValues.isoTime;
import static org.tmapiroutes.item.JsonValues.text;
import static org.tmapiroutes.item.JsonValues.url;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.tmapiroutes.item.ProductRow.Column;
import org.tmapiroutes.item.ProductRow.Kind;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The rows and columns of the SPEC §15 endpoints: an item detail gives one row per SKU, the others one row per record
 * they answer (a shipping quote, a day of sales statistics, a shop, a rating, a description picture, a category, a
 * factory). Columns are named after the documented fields in snake_case, nested fields flattened with {@code _},
 * lists of scalars joined with {@code |}; the answers' quirks are read as meant: {@code "null"} is empty, numbers
 * written as strings are numbers, {@code beginAmount} is read, a fuzzy count ({@code "1.5万+"}) keeps its text and
 * adds its number ({@code _min}).
 *
 * <p>Every row has {@code source} and {@code query} first and {@code fetched_at} last, as §7; {@code query} is the
 * value as the user gave it (an item's link where the link was given). An item detail row also fills the §7 values it
 * has ({@code price} is the SKU's price), so a product condition such as {@code ${body.price} <= 20} reads it.
 */
public final class SourcingRecords {

    private static final List<String> RATING_TYPES = List.of("comprehensive", "return_exchange_experience",
            "goods_quality_experience", "logistics", "dispute_resolution", "purchase_consultation");

    private static final Map<String, List<Column>> COLUMNS = Map.of(
            "item-detail", detailColumns(),
            "item-detail-by-url", detailColumns(),
            "item-shipping", layout("item_id", "province", "shipping_to", "unit", "#first_unit", "#first_unit_fee",
                    "#next_unit", "#next_unit_fee", "#total_quantity", "#total_weight", "#total_fee"),
            "item-sales", layout("item_id", "spec_id", "publish_time", "#sales_quantity_30days",
                    "sales_quantity_total", "#sales_quantity_total_min", "order_quantity_total",
                    "#order_quantity_total_min", "date", "#sales_quantity", "#order_quantity", "#price_min",
                    "#price_max"),
            "shop-info", shopColumns(),
            "item-rating", layout("item_id", "id", "feedback", "feedback_date", "#rate_star", "sku_map", "user_nick"),
            "item-desc", layout("item_id", "#position", "detail_img"),
            "category-info", layout("id", "name", "name_en", "#level", "parent_id", "?has_children", "path_id",
                    "path_name", "path_name_en"),
            "factory-search", layout("login_id", "member_id", "userid", "company_name", "factory_url",
                    "factory_level", "#factory_area_size", "location_city", "service_tags", "product_tags",
                    "?invoice_available", "?tp_member", "#tp_year", "?is_factory", "?super_factory",
                    "#shop_repurchase_rate", "#response_rate"));

    /** The endpoint's columns in their order: its own for a §15 endpoint, else the §7 columns. */
    public static List<Column> columns(String endpointId) {
        return COLUMNS.getOrDefault(endpointId, ProductRow.COLUMNS);
    }

    /** Whether the endpoint's rows have columns of their own rather than §7's. */
    public static boolean hasOwnColumns(String endpointId) {
        return COLUMNS.containsKey(endpointId);
    }

    /**
     * The columns of rows held together: those of their source when every row has the same §15 source, else the §7
     * columns.
     */
    public static List<Column> columns(Iterable<ProductRow> rows) {
        String source = null;
        for (ProductRow row : rows) {
            if (source != null && !source.equals(row.getSource())) {
                return ProductRow.COLUMNS;
            }
            source = row.getSource();
        }
        return source == null ? ProductRow.COLUMNS : columns(source);
    }

    /**
     * The rows of one record of an answer.
     *
     * @param record an item detail's {@code data}, one element of {@code data.items} or {@code data.list}, …
     */
    public List<ProductRow> rows(TmapiQuery query, JsonNode record, Instant fetchedAt) {
        List<Map<String, Object>> values = switch (query.endpoint()) {
            case ITEM_DETAIL, ITEM_DETAIL_BY_URL -> detail(record);
            case ITEM_SHIPPING -> List.of(shipping(query, record));
            case ITEM_SALES -> sales(query, record);
            case SHOP_INFO -> List.of(shop(record));
            case ITEM_RATING -> List.of(rating(query, record));
            case ITEM_DESC -> pictures(record);
            case CATEGORY_INFO -> categories(record);
            case FACTORY_SEARCH -> List.of(factory(record));
            default -> throw new IllegalArgumentException(query.endpoint().id() + " lists products (§7)");
        };
        String fetched = DateTimeFormatter.ISO_INSTANT.format(fetchedAt.truncatedTo(ChronoUnit.SECONDS));
        List<ProductRow> rows = new ArrayList<>(values.size());
        for (Map<String, Object> fields : values) {
            ProductRow row = new ProductRow();
            row.setSource(query.endpoint().id());
            row.setQuery(query.asGiven());
            row.setFetchedAt(fetched);
            row.getFields().putAll(fields);
            if (query.endpoint() == TmapiEndpoint.ITEM_DETAIL || query.endpoint() == TmapiEndpoint.ITEM_DETAIL_BY_URL) {
                productValues(row, fields);
            }
            rows.add(row);
        }
        return rows;
    }

    // ---- item detail: one row per SKU

    /**
     * A number of a row's fields as the row holds it: a number, or, read back from the state store, an integer or its
     * text; {@code null} for none.
     */
    public static BigDecimal number(ProductRow row, String field) {
        Object value = row.getFields().get(field);
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** An item detail row's stock: its SKU's, or the item's for an item without SKUs; {@code null} when unknown. */
    public static Long stock(ProductRow row) {
        BigDecimal stock = number(row, row.getFields().containsKey("sku_stock") ? "sku_stock" : "stock");
        return stock == null ? null : stock.longValue();
    }

    private static List<Column> detailColumns() {
        return layout("item_id", "title", "product_url", "image_url", "category_id", "currency", "unit", "#moq",
                "#price_min", "#price_max", "price_tiers", "#stock", "?is_sold_out", "#sales_90d", "shop_name",
                "shop_url", "seller_member_id", "location", "#delivery_fee", "sku_id", "spec_id", "sku_name",
                "#sku_price", "#sku_stock", "#sku_weight_kg", "sku_image_url");
    }

    private static List<Map<String, Object>> detail(JsonNode d) {
        Map<String, Object> item = new LinkedHashMap<>();
        String itemId = text(d.path("item_id"));
        item.put("item_id", itemId);
        item.put("title", text(d.path("title")));
        String productUrl = url(d.path("product_url"));
        item.put("product_url", productUrl == null && itemId != null ? ProductNormalizer.OFFER_URL.formatted(itemId)
                : productUrl);
        item.put("image_url", url(d.path("main_imgs").path(0)));
        // every picture of the item, for a store's product (not a column of the item-detail CSV)
        List<String> pictures = new ArrayList<>();
        d.path("main_imgs").forEach(picture -> {
            String link = url(picture);
            if (link != null) {
                pictures.add(link);
            }
        });
        item.put("image_urls", pictures);
        item.put("category_id", text(d.path("category_id")));
        String currency = text(d.path("currency"));
        item.put("currency", currency == null ? ProductNormalizer.DEFAULT_CURRENCY : currency);
        item.put("unit", text(d.path("offer_unit")));
        item.put("moq", first(JsonValues::count, d.path("tiered_price_info").path("begin_num"),
                d.path("sku_price_range").path("begin_num")));
        JsonNode priceInfo = d.path("price_info");
        List<BigDecimal> skuPrices = new ArrayList<>();
        d.path("skus").forEach(sku -> {
            BigDecimal price = skuPrice(sku);
            if (price != null) {
                skuPrices.add(price);
            }
        });
        BigDecimal priceMin = first(JsonValues::decimal, priceInfo.path("price_min"), priceInfo.path("price"));
        BigDecimal priceMax = first(JsonValues::decimal, priceInfo.path("price_max"), priceInfo.path("price"));
        item.put("price_min", priceMin != null ? priceMin : skuPrices.stream().min(BigDecimal::compareTo).orElse(null));
        item.put("price_max", priceMax != null ? priceMax : skuPrices.stream().max(BigDecimal::compareTo).orElse(null));
        // an item without SKUs: its list price, for a store's compare-at price (each SKU has its own)
        item.put("sku_list_price", decimal(priceInfo.path("origin_price_min")));
        PriceTiers tiers = PriceTiers.of(d);
        item.put("price_tiers", tiers.isEmpty() ? null : tiers.toString());
        item.put("stock", first(JsonValues::count, d.path("stock"), d.path("sku_price_range").path("stock")));
        item.put("is_sold_out", flag(d.path("is_sold_out")));
        item.put("sales_90d", first(JsonValues::count, d.path("sale_info").path("sale_quantity_90days"),
                d.path("sale_count")));
        JsonNode shop = d.path("shop_info");
        item.put("shop_name", text(shop.path("shop_name")));
        item.put("shop_url", url(shop.path("shop_url")));
        item.put("seller_member_id", text(shop.path("seller_member_id")));
        item.put("location", text(d.path("delivery_info").path("location")));
        item.put("delivery_fee", decimal(d.path("delivery_info").path("delivery_fee")));

        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode sku : d.path("skus")) {
            if (!sku.isObject()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>(item);
            row.put("sku_id", text(sku.path("skuid")));
            row.put("spec_id", text(sku.path("specid")));
            row.put("sku_name", text(sku.path("props_names")));
            row.put("sku_price", skuPrice(sku));
            // the SKU's list price, for a store's compare-at price (not a column of the item-detail CSV)
            row.put("sku_list_price", decimal(sku.path("origin_price")));
            row.put("sku_stock", count(sku.path("stock")));
            row.put("sku_weight_kg", decimal(sku.path("package_info").path("weight")));
            row.put("sku_image_url", skuPicture(d.path("sku_props"), text(sku.path("props_ids"))));
            rows.add(row);
        }
        if (rows.isEmpty()) {
            // an item without SKUs: one row, its SKU columns empty
            rows.add(item);
        }
        return rows;
    }

    private static BigDecimal skuPrice(JsonNode sku) {
        return first(JsonValues::decimal, sku.path("sale_price"), sku.path("price"));
    }

    /** The picture of the SKU's first property value that has one ({@code props_ids} is {@code 0:1;1:2}). */
    private static String skuPicture(JsonNode skuProps, String propsIds) {
        if (propsIds == null) {
            return null;
        }
        for (String pair : propsIds.split(";")) {
            String[] pidAndVid = pair.split(":", 2);
            if (pidAndVid.length < 2) {
                continue;
            }
            for (JsonNode prop : skuProps) {
                if (!pidAndVid[0].strip().equals(text(prop.path("pid")))) {
                    continue;
                }
                for (JsonNode value : prop.path("values")) {
                    if (pidAndVid[1].strip().equals(text(value.path("vid")))) {
                        String picture = url(value.has("imageUrl") ? value.path("imageUrl") : value.path("image_url"));
                        if (picture != null) {
                            return picture;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The §7 values an item detail row has, for product conditions and steps written for lists. */
    private static void productValues(ProductRow row, Map<String, Object> fields) {
        row.setItemId((String) fields.get("item_id"));
        row.setTitle((String) fields.get("title"));
        row.setProductUrl((String) fields.get("product_url"));
        row.setImageUrl((String) fields.get("image_url"));
        row.setCurrency((String) fields.get("currency"));
        row.setMoq((Long) fields.get("moq"));
        BigDecimal skuPrice = (BigDecimal) fields.get("sku_price");
        row.setPrice(skuPrice != null ? skuPrice : (BigDecimal) fields.get("price_min"));
        row.setSales((Long) fields.get("sales_90d"));
        row.setSales90d((Long) fields.get("sales_90d"));
        row.setShopName((String) fields.get("shop_name"));
        row.setShopUrl((String) fields.get("shop_url"));
    }

    // ---- the other endpoints: one row per record

    private static Map<String, Object> shipping(TmapiQuery query, JsonNode d) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("item_id", query.parameters().get("item_id"));
        row.put("province", query.parameters().get("province"));
        row.put("shipping_to", text(d.path("shipping_to")));
        row.put("unit", text(d.path("unit")));
        for (String number : List.of("first_unit", "first_unit_fee", "next_unit", "next_unit_fee", "total_weight",
                "total_fee")) {
            row.put(number, decimal(d.path(number)));
        }
        row.put("total_quantity", count(d.path("total_quantity")));
        return row;
    }

    /** One row per day of the trends (the price trend may have a day fewer), each with the item's totals. */
    private static List<Map<String, Object>> sales(TmapiQuery query, JsonNode d) {
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("item_id", query.parameters().get("item_id"));
        totals.put("spec_id", query.parameters().get("spec_id"));
        totals.put("publish_time", isoTime(d.path("publish_time")));
        totals.put("sales_quantity_30days", count(d.path("sales_quantity_30days")));
        totals.put("sales_quantity_total", text(d.path("sales_quantity_total")));
        totals.put("sales_quantity_total_min", count(d.path("sales_quantity_total")));
        totals.put("order_quantity_total", text(d.path("order_quantity_total")));
        totals.put("order_quantity_total_min", count(d.path("order_quantity_total")));
        Map<String, JsonNode> sales = byDate(d.path("sales_trend"));
        Map<String, JsonNode> prices = byDate(d.path("price_trend"));
        Set<String> dates = new LinkedHashSet<>(sales.keySet());
        dates.addAll(prices.keySet());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String date : dates) {
            Map<String, Object> row = new LinkedHashMap<>(totals);
            JsonNode day = sales.getOrDefault(date, MissingNode.getInstance());
            JsonNode price = prices.getOrDefault(date, MissingNode.getInstance());
            row.put("date", date);
            row.put("sales_quantity", count(day.path("sales_quantity")));
            row.put("order_quantity", count(day.path("order_quantity")));
            row.put("price_min", decimal(price.path("price_min")));
            row.put("price_max", decimal(price.path("price_max")));
            rows.add(row);
        }
        if (rows.isEmpty()) {
            rows.add(totals);
        }
        return rows;
    }

    private static Map<String, JsonNode> byDate(JsonNode trend) {
        Map<String, JsonNode> days = new LinkedHashMap<>();
        for (JsonNode day : trend) {
            String date = text(day.path("date"));
            if (date != null) {
                days.putIfAbsent(date, day);
            }
        }
        return days;
    }

    private static List<Column> shopColumns() {
        List<String> names = new ArrayList<>(List.of("member_id", "#seller_id", "#company_id", "company_name",
                "contact_phone", "shop_url", "shop_logo", "shop_name", "chat_url", "location_str",
                "?is_industry_brand", "?is_factory", "?is_super_factory", "?is_flagship_shop", "?is_tp", "#tp_year",
                "#favorite_count"));
        RATING_TYPES.forEach(type -> names.add("#shop_ratings_" + type));
        return layout(names.toArray(String[]::new));
    }

    private static Map<String, Object> shop(JsonNode d) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String name : List.of("member_id", "company_name", "contact_phone", "shop_name", "location_str")) {
            row.put(name, text(d.path(name)));
        }
        for (String name : List.of("shop_url", "shop_logo", "chat_url")) {
            row.put(name, url(d.path(name)));
        }
        for (String name : List.of("seller_id", "company_id", "tp_year", "favorite_count")) {
            row.put(name, count(d.path(name)));
        }
        for (String name : List.of("is_industry_brand", "is_factory", "is_super_factory", "is_flagship_shop",
                "is_tp")) {
            row.put(name, flag(d.path(name)));
        }
        for (JsonNode rating : d.path("shop_ratings")) {
            String type = text(rating.path("type"));
            if (type != null && RATING_TYPES.contains(type)) {
                row.put("shop_ratings_" + type, decimal(rating.path("score")));
            }
        }
        return row;
    }

    private static Map<String, Object> rating(TmapiQuery query, JsonNode r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("item_id", query.parameters().get("item_id"));
        row.put("id", text(r.path("id")));
        row.put("feedback", text(r.path("feedback")));
        row.put("feedback_date", isoTime(r.path("feedback_date")));
        row.put("rate_star", count(r.path("rate_star")));
        // several SKUs are joined with "#7C", the hex code of '|', as published
        String skuMap = text(r.path("sku_map"));
        row.put("sku_map", skuMap == null ? null : skuMap.replace("#7C", "|"));
        row.put("user_nick", text(r.path("user_nick")));
        return row;
    }

    private static List<Map<String, Object>> pictures(JsonNode d) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String itemId = text(d.path("item_id"));
        int position = 0;
        for (JsonNode picture : d.path("detail_imgs")) {
            String link = url(picture);
            if (link != null) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("item_id", itemId);
                row.put("position", (long) ++position);
                row.put("detail_img", link);
                rows.add(row);
            }
        }
        return rows;
    }

    /** The category asked, then each of its children (whose path is the category's and their own). */
    private static List<Map<String, Object>> categories(JsonNode d) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<JsonNode> path = new ArrayList<>();
        d.path("path").forEach(path::add);
        if (text(d.path("id")) != null) {
            rows.add(category(d, path));
        }
        for (JsonNode child : d.path("children")) {
            List<JsonNode> childPath = new ArrayList<>(path);
            childPath.add(child);
            Map<String, Object> row = category(child, childPath);
            if (row.get("parent_id") == null) {
                row.put("parent_id", text(d.path("id")));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> category(JsonNode c, List<JsonNode> path) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", text(c.path("id")));
        row.put("name", text(c.path("name")));
        row.put("name_en", text(c.path("name_en")));
        row.put("level", count(c.path("level")));
        row.put("parent_id", text(c.path("parent_id")));
        row.put("has_children", flag(c.path("has_children")));
        row.put("path_id", joined(path, p -> text(p.path("id"))));
        row.put("path_name", joined(path, p -> text(p.path("name"))));
        row.put("path_name_en", joined(path, p -> text(p.path("name_en"))));
        return row;
    }

    private static Map<String, Object> factory(JsonNode f) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String name : List.of("login_id", "member_id", "userid", "company_name", "factory_level")) {
            row.put(name, text(f.path(name)));
        }
        row.put("factory_url", url(f.path("factory_url")));
        row.put("factory_area_size", decimal(f.path("factory_area_size")));
        row.put("location_city", text(f.path("location").path("city")));
        List<JsonNode> tags = new ArrayList<>();
        f.path("service_tags").forEach(tags::add);
        row.put("service_tags", joined(tags, JsonValues::text));
        // one ';'-joined string in the docs, unlike service_tags: written as the other lists are
        String productTags = text(f.path("product_tags"));
        row.put("product_tags", productTags == null ? null : String.join("|", productTags.split("\\s*;\\s*")));
        for (String name : List.of("invoice_available", "tp_member", "is_factory", "super_factory")) {
            row.put(name, flag(f.path(name)));
        }
        row.put("tp_year", count(f.path("tp_year")));
        // fractions already ("0.3"), not percentages
        row.put("shop_repurchase_rate", decimal(f.path("shop_repurchase_rate")));
        row.put("response_rate", decimal(f.path("response_rate")));
        return row;
    }

    private static String joined(List<JsonNode> nodes, Function<JsonNode, String> value) {
        StringJoiner joined = new StringJoiner("|");
        nodes.stream().map(value).filter(v -> v != null).forEach(joined::add);
        return joined.length() == 0 ? null : joined.toString();
    }

    /**
     * Columns from names: {@code #} marks a number, {@code ?} a boolean; {@code source} and {@code query} come first
     * and {@code fetched_at} last.
     */
    private static List<Column> layout(String... names) {
        List<Column> columns = new ArrayList<>();
        columns.add(ProductRow.COLUMNS.get(0));
        columns.add(ProductRow.COLUMNS.get(1));
        for (String marked : names) {
            Kind kind = marked.startsWith("#") ? Kind.NUMBER : marked.startsWith("?") ? Kind.BOOLEAN : Kind.TEXT;
            String name = kind == Kind.TEXT ? marked : marked.substring(1);
            columns.add(new Column(name, kind, row -> row.getFields().get(name)));
        }
        columns.add(ProductRow.COLUMNS.get(ProductRow.COLUMNS.size() - 1));
        return List.copyOf(columns);
    }
}
