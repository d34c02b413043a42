package org.tmapiroutes.app.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The simulator's answers to the SPEC §15 endpoints. Asked what the docs' request example asks (item 652702302959,
 * the docs' shop, keywords 玩具厂, no category), each answers its docs' response example as published, quirks
 * included (another item id than asked, page 2 of size 3 for page 1 of 20, a category for no {@code cat_id}). Asked
 * anything else, it answers an example of the same shape — every field, its name, type and order — with values
 * derived from what was asked: from 0 to 30 SKUs, sold-out items, items without quantity prices, shops, ratings, days
 * and factories of their own; the same question always gets the same answer.
 */
final class SourcingAnswers {

    /** The item, shop and keywords of the docs' request examples. */
    static final String DOCS_ITEM = "652702302959";
    static final String DOCS_SHOP_URL = "https://shop1467738698115.1688.com";
    static final String DOCS_MEMBER_ID = "b2b-2211444284979bbec9";
    static final String DOCS_KEYWORDS = "玩具厂";
    static final String DOCS_CATEGORY = "201149004";

    /** Ratings come ten a page, as in the docs' example. */
    static final int RATINGS_PER_PAGE = 10;
    private static final Pattern OFFER_ID = Pattern.compile("(?i)offer/(\\d+)\\.html");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<TmapiEndpoint, ObjectNode> EXAMPLES = new EnumMap<>(TmapiEndpoint.class);

    static {
        for (TmapiEndpoint endpoint : TmapiEndpoint.values()) {
            if (!endpoint.listsProducts()) {
                String name = endpoint == TmapiEndpoint.ITEM_DETAIL_BY_URL ? "item-detail" : endpoint.id();
                EXAMPLES.put(endpoint, example(name));
            }
        }
    }

    private SourcingAnswers() {
    }

    /** The docs' response example of a §15 endpoint, a copy to change at will. */
    static ObjectNode docsExample(TmapiEndpoint endpoint) {
        return EXAMPLES.get(endpoint).deepCopy();
    }

    /** The item id a by-link query names, or {@code null} when its link holds none (TMAPI refuses it as 422). */
    static String itemIdOfLink(String url) {
        Matcher m = url == null ? null : OFFER_ID.matcher(url);
        return m != null && m.find() ? m.group(1) : null;
    }

    /**
     * The answer to a valid query of a §15 endpoint.
     *
     * @param catalogVersion the simulator's catalog version: prices and stock move with it, as a watched item's do
     */
    static ObjectNode answer(PageQuery query, int catalogVersion) {
        TmapiEndpoint endpoint = query.endpoint();
        Map<String, String> asked = query.parameters();
        return switch (endpoint) {
            case ITEM_DETAIL -> detail(asked.get("item_id"), catalogVersion);
            case ITEM_DETAIL_BY_URL -> detail(itemIdOfLink(asked.get("url")), catalogVersion);
            case ITEM_SHIPPING -> shipping(asked);
            case ITEM_SALES -> sales(asked.get("item_id"));
            case SHOP_INFO -> shop(asked.get("shop_url"), asked.get("member_id"));
            case ITEM_RATING -> ratings(asked.get("item_id"), query.page());
            case ITEM_DESC -> description(asked.get("item_id"));
            case CATEGORY_INFO -> category(asked.get("cat_id"));
            case FACTORY_SEARCH -> factories(query);
            default -> throw new IllegalArgumentException(endpoint.id() + " lists products");
        };
    }

    // ---- item detail

    private static ObjectNode detail(String itemId, int catalogVersion) {
        ObjectNode answer = docsExample(TmapiEndpoint.ITEM_DETAIL);
        if (DOCS_ITEM.equals(itemId) && catalogVersion == 1) {
            return answer;
        }
        Random stable = new Random(SimulatedCatalog.seed("detail\n" + itemId));
        // what moves from one catalog version to the next, as a watched item does between two checks
        Random moves = new Random(SimulatedCatalog.mix(SimulatedCatalog.seed("detail moves\n" + itemId),
                catalogVersion));
        ObjectNode data = (ObjectNode) answer.get("data");
        long id = Long.parseLong(itemId);
        data.put("item_id", id);
        data.put("product_url", "https://detail.1688.com/offer/" + itemId + ".html");
        data.put("title", "跨境" + CatalogVocabulary.THEMES.get(stable.nextInt(CatalogVocabulary.THEMES.size())).nouns().get(0).zh()
                + "货源 " + itemId.substring(Math.max(0, itemId.length() - 4)));
        data.put("category_id", 1_000_000 + stable.nextInt(900_000));
        int skuCount = stable.nextInt(31);
        boolean tiered = stable.nextInt(5) != 0;
        boolean soldOutAtFirst = stable.nextInt(7) == 0;
        int sellerPrice = 200 + stable.nextInt(9800);
        // after the first version: one item in four is priced 3 to 15 % up or down (back again at the next version
        // unless it moves again); one sold-out item in two is back in stock; one SKU in five sells down, one in
        // twenty sells out
        boolean moved = catalogVersion > 1 && moves.nextInt(4) == 0;
        int movePct = 3 + moves.nextInt(13);
        boolean soldOut = soldOutAtFirst && (catalogVersion == 1 || moves.nextInt(2) == 0);
        BigDecimal base = BigDecimal.valueOf(moved ? sellerPrice * (100 + (moves.nextBoolean() ? movePct : -movePct))
                / 100 : sellerPrice, 2);

        // the quantity prices: one to three tiers, or none
        ArrayNode tiers = (ArrayNode) data.get("tiered_price_info").get("prices");
        ObjectNode tierShape = (ObjectNode) tiers.get(0);
        tiers.removeAll();
        ArrayNode skuParam = (ArrayNode) data.get("sku_price_range").get("sku_param");
        skuParam.removeAll();
        int tierCount = tiered ? 1 + stable.nextInt(3) : 0;
        int[] starts = {1 + stable.nextInt(3), 10 * (1 + stable.nextInt(10)), 300 + 100 * stable.nextInt(5)};
        for (int t = 0; t < tierCount; t++) {
            ObjectNode tier = tierShape.deepCopy();
            tier.put("beginAmount", String.valueOf(starts[t]));
            tier.put("price", money(base.subtract(BigDecimal.valueOf(t * 50L, 2))));
            tiers.add(tier);
            skuParam.add(tier.deepCopy());
        }
        long moq = tierCount > 0 ? starts[0] : 1;
        ((ObjectNode) data.get("tiered_price_info")).put("begin_num", moq);
        ((ObjectNode) data.get("sku_price_range")).put("begin_num", moq);

        // the SKUs: colours, and sizes beyond ten
        ArrayNode props = ((ArrayNode) data.get("sku_props"));
        ArrayNode skus = ((ArrayNode) data.get("skus"));
        ObjectNode skuShape = (ObjectNode) skus.get(0);
        skus.removeAll();
        int colours = Math.min(skuCount, 10);
        int sizes = skuCount > 10 ? (skuCount + 9) / 10 : 1;
        ArrayNode colourValues = (ArrayNode) props.get(0).get("values");
        ArrayNode sizeValues = (ArrayNode) props.get(1).get("values");
        ObjectNode valueShape = (ObjectNode) colourValues.get(0);
        colourValues.removeAll();
        sizeValues.removeAll();
        for (int c = 0; c < colours; c++) {
            ObjectNode value = valueShape.deepCopy();
            value.put("vid", String.valueOf(c));
            value.put("name", "颜色" + (c + 1));
            value.put("imageUrl", c % 3 == 2 ? "" : "https://cbu01.alicdn.com/img/ibank/O1CN01sim" + itemId + "_" + c
                    + ".jpg");
            colourValues.add(value);
        }
        String[] sizeNames = {"S", "M", "L", "XL"};
        for (int s = 0; s < sizes; s++) {
            ObjectNode value = valueShape.deepCopy();
            value.put("vid", String.valueOf(s));
            value.put("name", sizeNames[s]);
            value.put("imageUrl", "");
            sizeValues.add(value);
        }
        if (skuCount == 0) {
            props.removeAll();
        }
        long stock = 0;
        for (int k = 0; k < skuCount; k++) {
            int c = k % colours;
            int s = k / colours;
            ObjectNode sku = skuShape.deepCopy();
            sku.put("skuid", String.valueOf(5_600_000_000_000L + id % 1_000_000 * 100 + k));
            sku.put("specid", Long.toHexString(SimulatedCatalog.seed(itemId + "/" + k)) + "0000000000000000");
            sku.put("sale_price", money(base.add(BigDecimal.valueOf(stable.nextInt(3) * 100L, 2))));
            int firstStock = stable.nextInt(6) == 0 ? stable.nextInt(40) : 100 + stable.nextInt(5000);
            int sells = catalogVersion > 1 ? moves.nextInt(20) : 19;
            int skuStock = soldOut || sells == 0 ? 0 : sells < 4 ? firstStock * 3 / 10 : firstStock;
            stock += skuStock;
            sku.put("stock", skuStock);
            sku.put("props_ids", "0:" + c + ";1:" + s);
            sku.put("props_names", "颜色:颜色" + (c + 1) + ";尺码:" + sizeNames[s]);
            ((ObjectNode) sku.get("package_info")).put("weight", BigDecimal.valueOf(5 + stable.nextInt(200), 2));
            skus.add(sku);
        }
        if (skuCount == 0 && !soldOut) {
            stock = 50 + stable.nextInt(5000);
        }
        ObjectNode priceInfo = (ObjectNode) data.get("price_info");
        priceInfo.put("price", money(tierCount > 0 ? base.subtract(BigDecimal.valueOf((tierCount - 1) * 50L, 2))
                : base));
        priceInfo.put("price_min", priceInfo.get("price").asText());
        priceInfo.put("price_max", money(base.add(BigDecimal.valueOf(skuCount > 0 ? 200 : 0, 2))));
        data.put("sku_price_scale", priceInfo.get("price_min").asText() + "-" + priceInfo.get("price_max").asText());
        long sales = stable.nextInt(5000) + (catalogVersion - 1L) * moves.nextInt(40);
        data.put("sale_count", String.valueOf(sales));
        ((ObjectNode) data.get("sale_info")).put("sale_quantity_90days", sales);
        ((ObjectNode) data.get("delivery_info")).put("delivery_fee", 3 + stable.nextInt(6));
        ((ObjectNode) data.get("sku_price_range")).put("stock", stock);
        data.put("is_sold_out", soldOut);
        data.put("stock", stock);
        return answer;
    }

    // ---- the other records

    private static ObjectNode shipping(Map<String, String> asked) {
        ObjectNode answer = docsExample(TmapiEndpoint.ITEM_SHIPPING);
        if (DOCS_ITEM.equals(asked.get("item_id"))) {
            return answer;
        }
        ObjectNode data = (ObjectNode) answer.get("data");
        Random random = new Random(SimulatedCatalog.seed("shipping\n" + asked.get("item_id") + "\n"
                + asked.get("province")));
        int quantity = Integer.parseInt(asked.getOrDefault("total_quantity", "1"));
        BigDecimal weight = asked.containsKey("total_weight") ? new BigDecimal(asked.get("total_weight"))
                : BigDecimal.valueOf(quantity);
        int first = 6 + random.nextInt(8);
        int next = 2 + random.nextInt(6);
        int weightUnits = Math.max(1, weight.setScale(0, RoundingMode.CEILING).intValue());
        data.put("shipping_to", asked.get("province"));
        data.put("first_unit_fee", first);
        data.put("next_unit_fee", next);
        data.put("total_quantity", quantity);
        data.put("total_weight", weightUnits);
        data.put("total_fee", first + (weightUnits - 1) * next);
        return answer;
    }

    private static ObjectNode sales(String itemId) {
        ObjectNode answer = docsExample(TmapiEndpoint.ITEM_SALES);
        if (DOCS_ITEM.equals(itemId)) {
            return answer;
        }
        ObjectNode data = (ObjectNode) answer.get("data");
        Random random = new Random(SimulatedCatalog.seed("sales\n" + itemId));
        ArrayNode salesTrend = ((ArrayNode) data.get("sales_trend"));
        ArrayNode priceTrend = ((ArrayNode) data.get("price_trend"));
        ObjectNode dayShape = (ObjectNode) salesTrend.get(0);
        ObjectNode priceShape = (ObjectNode) priceTrend.get(0);
        salesTrend.removeAll();
        priceTrend.removeAll();
        LocalDate first = LocalDate.parse(dayShape.get("date").asText());
        BigDecimal price = BigDecimal.valueOf(300 + random.nextInt(5000), 2);
        long month = 0;
        for (int d = 0; d < 30; d++) {
            String date = first.plusDays(d).toString();
            ObjectNode day = dayShape.deepCopy();
            int sold = random.nextInt(400);
            month += sold;
            day.put("date", date);
            day.put("sales_quantity", sold);
            day.put("order_quantity", Math.min(sold, random.nextInt(60)));
            salesTrend.add(day);
            if (d < 29) {
                // one day fewer than the sales, as published
                ObjectNode prices = priceShape.deepCopy();
                prices.put("date", date);
                prices.put("price_min", price.setScale(1, RoundingMode.HALF_UP).toPlainString());
                prices.put("price_max", price.add(BigDecimal.ONE).setScale(1, RoundingMode.HALF_UP).toPlainString());
                priceTrend.add(prices);
            }
        }
        data.put("sales_quantity_30days", month);
        long total = month * (2 + random.nextInt(20));
        data.put("sales_quantity_total", total >= 10_000 ? BigDecimal.valueOf(total / 1000, 1).stripTrailingZeros()
                .toPlainString() + "万+" : (total / 100 * 100) + "+");
        data.put("order_quantity_total", (total / 4 / 100 * 100) + "+");
        return answer;
    }

    private static ObjectNode shop(String shopUrl, String memberId) {
        ObjectNode answer = docsExample(TmapiEndpoint.SHOP_INFO);
        if (DOCS_SHOP_URL.equals(shopUrl) || shopUrl == null && DOCS_MEMBER_ID.equals(memberId)) {
            return answer;
        }
        ObjectNode data = (ObjectNode) answer.get("data");
        String key = shopUrl != null ? shopUrl : memberId;
        Random random = new Random(SimulatedCatalog.seed("shop\n" + key));
        long seller = 2_000_000_000L + random.nextInt(900_000_000);
        data.put("member_id", memberId != null ? memberId : "b2b-" + seller + "sim");
        data.put("seller_id", seller);
        data.put("company_id", 10_000_000 + random.nextInt(80_000_000));
        data.put("shop_url", shopUrl != null ? shopUrl : "https://shop" + seller + ".1688.com");
        data.put("is_factory", random.nextBoolean());
        data.put("is_super_factory", random.nextInt(4) == 0);
        data.put("tp_year", 1 + random.nextInt(15));
        data.put("favorite_count", random.nextInt(5000));
        for (JsonNode rating : ((ArrayNode) data.get("shop_ratings"))) {
            ((ObjectNode) rating).put("score", BigDecimal.valueOf(30 + random.nextInt(21), 1).toPlainString());
        }
        return answer;
    }

    private static ObjectNode ratings(String itemId, int page) {
        ObjectNode answer = docsExample(TmapiEndpoint.ITEM_RATING);
        ObjectNode data = (ObjectNode) answer.get("data");
        boolean docs = DOCS_ITEM.equals(itemId);
        if (docs && page == 1) {
            return answer;
        }
        Random random = new Random(SimulatedCatalog.seed("ratings\n" + itemId));
        // the docs' item has 14 ratings: its example page, then four
        int total = docs ? 14 : random.nextInt(36);
        int skip = docs ? RATINGS_PER_PAGE : 0;
        ArrayNode list = ((ArrayNode) data.get("list"));
        ObjectNode shape = (ObjectNode) list.get(0);
        list.removeAll();
        if (!docs) {
            data.put("item_id", Long.parseLong(itemId));
        }
        data.put("page", page);
        for (int r = (page - 1) * RATINGS_PER_PAGE; r < Math.min(total, page * RATINGS_PER_PAGE); r++) {
            if (r < skip) {
                continue;
            }
            ObjectNode rating = shape.deepCopy();
            rating.put("id", 30_000_000_000L + SimulatedCatalog.mix(SimulatedCatalog.seed(itemId), r) % 9_000_000_000L);
            rating.put("feedback", r % 3 == 0 ? "评价方未及时做出评价,系统默认好评!" : "不错");
            rating.put("feedback_date", LocalDate.of(2024, 1, 1).plusDays(r * 3L) + "T08:00:00.000+00:00");
            rating.put("rate_star", 3 + random.nextInt(3));
            rating.put("sku_map", r % 4 == 0 ? "颜色:白色;尺码:L#7C颜色:黑色;尺码:L" : "颜色:黑色;尺码:M");
            rating.put("user_nick", "t**" + r % 10);
            list.add(rating);
        }
        return answer;
    }

    private static ObjectNode description(String itemId) {
        ObjectNode answer = docsExample(TmapiEndpoint.ITEM_DESC);
        if (DOCS_ITEM.equals(itemId)) {
            return answer;
        }
        ObjectNode data = (ObjectNode) answer.get("data");
        Random random = new Random(SimulatedCatalog.seed("desc\n" + itemId));
        data.put("item_id", Long.parseLong(itemId));
        ArrayNode pictures = ((ArrayNode) data.get("detail_imgs"));
        pictures.removeAll();
        StringBuilder html = new StringBuilder();
        int count = random.nextInt(16);
        for (int i = 0; i < count; i++) {
            String picture = "https://cbu01.alicdn.com/img/ibank/2024/" + itemId + "_" + i + ".jpg";
            pictures.add(picture);
            html.append("<img src=\"").append(picture).append("\"/>");
        }
        data.put("detail_html", html.toString());
        return answer;
    }

    private static ObjectNode category(String catId) {
        ObjectNode answer = docsExample(TmapiEndpoint.CATEGORY_INFO);
        if (catId == null || DOCS_CATEGORY.equals(catId)) {
            // as published: asked for no category, the docs show this one
            return answer;
        }
        ObjectNode data = (ObjectNode) answer.get("data");
        Random random = new Random(SimulatedCatalog.seed("category\n" + catId));
        data.put("id", catId);
        data.put("name", "类目" + catId);
        data.put("name_en", "Category " + catId);
        ArrayNode children = ((ArrayNode) data.get("children"));
        ObjectNode shape = (ObjectNode) children.get(0);
        children.removeAll();
        int count = random.nextInt(9);
        for (int c = 0; c < count; c++) {
            ObjectNode child = shape.deepCopy();
            child.put("id", catId + c);
            child.put("name", "子类目" + (c + 1));
            child.put("name_en", "Subcategory " + (c + 1));
            child.put("has_children", random.nextInt(3) == 0);
            children.add(child);
        }
        data.put("has_children", count > 0);
        ((ObjectNode) ((ArrayNode) data.get("path")).get(1)).put("id", catId);
        ((ObjectNode) ((ArrayNode) data.get("path")).get(1)).put("name", "类目" + catId);
        ((ObjectNode) ((ArrayNode) data.get("path")).get(1)).put("name_en", "Category " + catId);
        return answer;
    }

    private static ObjectNode factories(PageQuery query) {
        ObjectNode answer = docsExample(TmapiEndpoint.FACTORY_SEARCH);
        String keywords = query.value();
        if (DOCS_KEYWORDS.equals(keywords) && query.page() == 1) {
            return answer;
        }
        ObjectNode data = (ObjectNode) answer.get("data");
        Random random = new Random(SimulatedCatalog.seed("factories\n" + keywords));
        int total = DOCS_KEYWORDS.equals(keywords) ? 2000 : random.nextInt(70);
        data.put("page", query.page());
        data.put("page_size", query.pageSize());
        data.put("total_count", total);
        data.put("keywords", keywords);
        data.put("sort", query.sort());
        ArrayNode items = ((ArrayNode) data.get("items"));
        ObjectNode shape = (ObjectNode) items.get(1);
        items.removeAll();
        long from = (long) (query.page() - 1) * query.pageSize();
        for (long f = from; f < Math.min(total, from + query.pageSize()); f++) {
            Random one = new Random(SimulatedCatalog.mix(SimulatedCatalog.seed(keywords), f));
            ObjectNode factory = shape.deepCopy();
            String member = "b2b-22" + (100_000_000L + one.nextInt(900_000_000)) + "sim";
            factory.put("login_id", keywords + "工厂" + (f + 1));
            factory.put("member_id", member);
            factory.put("userid", member);
            factory.put("company_name", "汕头市" + keywords + "实业有限公司" + (f + 1));
            factory.put("factory_url", "https://sale.1688.com/factory/card.html?memberId=" + member);
            factory.put("factory_area_size", String.valueOf(500 * (1 + one.nextInt(40))));
            factory.put("tp_year", 1 + one.nextInt(12));
            factory.put("super_factory", one.nextInt(4) == 0);
            factory.put("shop_repurchase_rate", BigDecimal.valueOf(one.nextInt(80), 2).toPlainString());
            factory.put("response_rate", BigDecimal.valueOf(one.nextInt(100), 2).toPlainString());
            items.add(factory);
        }
        return answer;
    }

    private static String money(BigDecimal amount) {
        return amount.max(BigDecimal.valueOf(10, 2)).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static ObjectNode example(String name) {
        try (InputStream in = SourcingAnswers.class.getResourceAsStream("/simulator/examples/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("the simulator's copy of the docs example " + name + " is missing");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
