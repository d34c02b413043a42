package org.tmapiroutes.app.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes simulated products as the JSON each endpoint's docs example shows: the same keys in the same order, with the
 * same JSON types and the same quirks (numeric or textual ids, {@code "100000+"}, {@code https:////} images, …).
 */
final class ResponseShape {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter CREATED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");
    private static final String IMAGE_HOST = "https://cbu01.alicdn.com/";
    private static final String OVERSEAS_IMAGE_HOST = "https://cbu01-overseas.1688.com/";
    private static final long SALES_SHOWN_EXACTLY_BELOW = 100_000;

    private ResponseShape() {
    }

    /** The whole answer around a page: {@code code} 200, {@code msg} "success" and the endpoint's {@code data}. */
    static ObjectNode page(PageQuery query, int totalCount, boolean hasNextPage, List<ObjectNode> items) {
        ArrayNode itemArray = JSON.arrayNode().addAll(items);
        ObjectNode data = JSON.objectNode();
        data.put("page", query.page());
        data.put("page_size", query.pageSize());
        switch (query.endpoint()) {
            case CATEGORY_ITEMS -> {
                data.put("total_count", totalCount);
                data.put("keyword", "");
                data.put("sort", query.sort());
                data.put("cat_id", Long.parseLong(query.value()));
                data.set("filters", filters(query.filters()));
                data.set("items", itemArray);
                data.put("has_next_page", hasNextPage);
            }
            case CATEGORY_ITEMS_V1 -> {
                data.put("has_next_page", hasNextPage);
                data.set("filters", filters(query.filters()));
                data.set("items", itemArray);
            }
            case SHOP_ITEMS -> {
                data.put("total_count", totalCount);
                data.put("cat_id", query.echo("cat"));
                data.put("sort", query.sort());
                data.set("items", itemArray);
            }
            case SHOP_ITEMS_BY_MEMBER -> {
                data.put("total_count", String.valueOf(totalCount));
                data.put("shop_cat_id", query.echo("shop_cat_id"));
                data.put("keyword", "");
                data.put("price_start", query.echo("price_start"));
                data.put("price_end", query.echo("price_end"));
                data.put("sort", query.sort());
                data.set("items", itemArray);
            }
            case IMAGE_SEARCH -> {
                data.put("total_count", totalCount);
                data.put("keyword", "");
                data.put("sort", query.sort());
                data.putNull("cat_id");
                data.set("filters", filters(query.filters()));
                data.set("items", itemArray);
                data.put("has_next_page", hasNextPage);
            }
            case KEYWORD_SEARCH -> {
                data.put("total_count", totalCount);
                data.put("keyword", query.value());
                data.put("sort", query.sort());
                data.putNull("cat_id");
                data.set("filters", filters(query.filters()));
                data.set("items", itemArray);
                data.put("has_next_page", hasNextPage);
            }
            case KEYWORD_SEARCH_GLOBAL -> {
                // the multilingual keyword search tells no total_count: has_next_page alone says whether more follow
                data.put("has_next_page", hasNextPage);
                data.put("sort", query.sort());
                data.set("filters", filters(query.filters()));
                data.set("items", itemArray);
            }
        }
        ObjectNode answer = JSON.objectNode();
        answer.put("code", 200);
        answer.put("msg", "success");
        answer.set("data", data);
        return answer;
    }

    /** The convert tool's answer: {@code {"code":200,"msg":"success","data":{"image_url":"/search/…"}}}. */
    static ObjectNode converted(String imagePath) {
        ObjectNode answer = JSON.objectNode();
        answer.put("code", 200);
        answer.put("msg", "success");
        answer.putObject("data").put("image_url", imagePath);
        return answer;
    }

    /** The body of every failure: {@code {"code":<code>,"msg":"<message>","data":null}}. */
    static ObjectNode failure(int code, String message) {
        ObjectNode answer = JSON.objectNode();
        answer.put("code", code);
        answer.put("msg", message);
        answer.putNull("data");
        return answer;
    }

    /** One item as the endpoint of the query shows it. */
    static ObjectNode item(PageQuery query, SimulatedProduct product) {
        return switch (query.endpoint()) {
            case CATEGORY_ITEMS -> categoryItem(product);
            case CATEGORY_ITEMS_V1 -> categoryItemV1(product);
            case SHOP_ITEMS -> shopItem(product);
            case SHOP_ITEMS_BY_MEMBER -> shopItemByMember(product);
            case IMAGE_SEARCH -> imageSearchItem(product, "zh".equals(query.language()));
            case KEYWORD_SEARCH -> keywordSearchItem(product);
            case KEYWORD_SEARCH_GLOBAL -> globalKeywordSearchItem(product, "zh".equals(query.language()));
            default -> throw new IllegalArgumentException(query.endpoint().id() + " lists no products");
        };
    }

    private static ObjectNode keywordSearchItem(SimulatedProduct product) {
        ObjectNode item = JSON.objectNode();
        item.put("item_id", product.itemId());
        item.put("product_url", productUrl(product));
        item.put("title", product.title().zh());
        item.put("img", ibankImage(product, 0));
        item.set("category_path", texts(product.categoryPath()));
        // this endpoint writes prices without trailing zeros ("56", "8.9"), its price tiers with two decimals
        item.put("price", plain(product.price()));
        ObjectNode priceInfo = item.putObject("price_info");
        priceInfo.put("sale_price", plain(product.price()));
        priceInfo.putNull("origin_price");
        item.put("moq", product.moq());
        ArrayNode tiers = item.putArray("quantity_prices");
        int[] starts = {product.moq(), product.moq() * 100, product.moq() * 250};
        for (int i = 0; i < starts.length; i++) {
            ObjectNode tier = tiers.addObject();
            tier.put("begin_num", starts[i]);
            if (i + 1 < starts.length) {
                tier.put("end_num", starts[i + 1] - 1);
            } else {
                tier.putNull("end_num");
            }
            BigDecimal discount = BigDecimal.ONE.subtract(new BigDecimal("0.03").multiply(BigDecimal.valueOf(i)));
            tier.put("price", money(product.price().multiply(discount).max(new BigDecimal("0.01"))));
        }
        ObjectNode saleInfo = item.putObject("sale_info");
        saleInfo.put("sale_quantity", soldLabel(product.sales90d()));
        saleInfo.put("sale_quantity_int", product.sales90d());
        saleInfo.put("orders_count", Math.max(product.orders30d(), product.sales90d() / 3));
        item.putObject("delivery_info").putArray("area_from").add(product.shop().place().province())
                .add(product.shop().place().city());
        item.put("item_repurchase_rate", product.repurchasePercent() + "%");
        item.put("rating_star", product.shop().compositeScore());
        SimulatedShop shop = product.shop();
        ObjectNode shopInfo = item.putObject("shop_info");
        shopInfo.put("login_id", shop.loginId());
        shopInfo.put("member_id", "b2b-" + shop.imageOwner() + Long.toHexString(shop.imageOwner() % 0xFFFFFF));
        shopInfo.put("company_name", shop.companyName());
        shopInfo.put("shop_url", shop.shopUrl());
        shopInfo.put("biz_type", shop.factory() ? "生产加工" : "经销批发");
        shopInfo.put("is_factory", shop.factory());
        shopInfo.put("is_super_factory", shop.superFactory());
        shopInfo.putArray("location").add(shop.place().province()).add(shop.place().city());
        ArrayNode tags = shopInfo.putArray("service_tags");
        if (shop.factory()) {
            tags.add("深度验厂");
        }
        shopInfo.put("shop_years", shop.years());
        shopInfo.put("factory_inspection", shop.factory());
        ObjectNode scores = shopInfo.putObject("score_info");
        for (String name : List.of("composite_score", "consultation_score", "dispute_score", "logistics_score",
                "return_score")) {
            scores.put(name, shop.compositeScore());
        }
        item.put("is_ad", false);
        return item;
    }

    private static ObjectNode globalKeywordSearchItem(SimulatedProduct product, boolean chinese) {
        ObjectNode item = JSON.objectNode();
        item.put("item_id", String.valueOf(product.itemId()));
        item.put("product_url", productUrl(product));
        item.put("title", chinese ? product.title().zh() : product.title().en());
        item.put("title_origin", product.title().zh());
        // the multilingual keyword search serves images from 1688's overseas host
        item.put("img", OVERSEAS_IMAGE_HOST + "img/ibank/" + product.imageIds().get(0) + "_!!"
                + product.shop().imageOwner() + "-0-cib.jpg");
        item.put("price", oneDecimal(product.price()));
        ObjectNode priceInfo = item.putObject("price_info");
        priceInfo.put("price", oneDecimal(product.price()));
        priceInfo.put("price_min", oneDecimal(product.price()));
        priceInfo.put("price_max", oneDecimal(product.listPrice()));
        item.put("currency", "CNY");
        item.put("quantity_begin", String.valueOf(product.moq()));
        item.putObject("sale_info").put("sale_quantity_90days", String.valueOf(product.sales90d()));
        item.put("goods_score", product.shop().compositeScore());
        ObjectNode shopInfo = item.putObject("shop_info");
        shopInfo.put("is_gold_manufacturer", product.shop().superFactory());
        shopInfo.put("is_verified", product.shop().verified());
        item.put("is_free_shipping", product.freeShipping());
        item.put("is_new_item", product.newArrival());
        item.put("is_hot_item", product.sales90d() >= 10_000);
        return item;
    }

    private static ObjectNode categoryItem(SimulatedProduct product) {
        ObjectNode item = JSON.objectNode();
        item.put("item_id", product.itemId());
        item.put("product_url", productUrl(product));
        item.put("title", product.title().zh());
        item.put("img", ibankImage(product, 0));
        item.set("category_path", texts(product.categoryPath()));
        item.put("price", money(product.price()));
        ObjectNode priceInfo = item.putObject("price_info");
        priceInfo.put("price", money(product.price()));
        priceInfo.put("sale_price", money(product.price()));
        priceInfo.put("origin_price", product.discountShown() ? money(product.listPrice()) : "");
        item.put("currency", "CNY");
        item.put("moq", String.valueOf(product.moq()));
        item.put("quantity_begin", String.valueOf(product.moq()));
        item.putObject("sale_info").put("sale_quantity_90days", salesLabel(product.sales90d()));
        marketTail(item, product);
        return item;
    }

    private static ObjectNode imageSearchItem(SimulatedProduct product, boolean chinese) {
        ObjectNode item = JSON.objectNode();
        item.put("item_id", product.itemId());
        item.put("product_url", productUrl(product));
        item.put("title", chinese ? product.title().zh() : product.title().en());
        item.put("title_origin", product.title().zh());
        // The image search answers with image URLs without the /img/ibank/ folder.
        item.put("img", IMAGE_HOST + product.imageIds().get(0) + "_!!" + product.shop().imageOwner() + "-0-cib.jpg");
        item.set("category_path", texts(product.categoryPath()));
        item.put("price", money(product.price()));
        ObjectNode priceInfo = item.putObject("price_info");
        priceInfo.put("price", money(product.price()));
        priceInfo.put("sale_price", money(product.price()));
        priceInfo.put("origin_price", product.discountShown() ? money(product.listPrice()) : "");
        item.put("currency", "CNY");
        item.putNull("moq");
        item.putObject("sale_info").put("sale_quantity_90days", salesLabel(product.sales90d()));
        marketTail(item, product);
        return item;
    }

    /** The delivery, shop and badge fields the two multilingual market endpoints share. */
    private static void marketTail(ObjectNode item, SimulatedProduct product) {
        SimulatedShop shop = product.shop();
        ObjectNode delivery = item.putObject("delivery_info");
        delivery.putArray("area_from").add(shop.place().province()).add(shop.place().city());
        delivery.put("free_shipping", product.freeShipping());
        delivery.put("ship_in_48h", product.shipIn48h());
        ObjectNode shopInfo = item.putObject("shop_info");
        shopInfo.put("company_name", shop.companyName());
        shopInfo.put("is_powerful_seller", shop.powerfulSeller());
        shopInfo.put("is_super_factory", shop.superFactory());
        shopInfo.put("shop_years", shop.years());
        shopInfo.putObject("score_info").put("composite_score", shop.compositeScore());
        item.put("item_repurchase_rate", product.repurchasePercent() + "%");
        item.put("low_refund_rate", product.lowRefundRate());
        item.put("ship_in_48h", product.shipIn48h());
        item.put("one_piece_min_order", product.onePieceMinOrder());
    }

    private static ObjectNode categoryItemV1(SimulatedProduct product) {
        ObjectNode item = JSON.objectNode();
        item.put("item_id", product.itemId());
        item.put("product_url", productUrl(product));
        item.put("title", product.title().zh());
        item.put("img", ibankImage(product, 0));
        // v1 leaves "price" empty and gives the prices in price_info only.
        item.put("price", "");
        ObjectNode priceInfo = item.putObject("price_info");
        priceInfo.put("sale_price", money(product.price()));
        priceInfo.put("show_price", money(product.price()));
        priceInfo.put("origin_price", money(product.listPrice()));
        item.put("quantity_begin", product.moq());
        item.put("sales_count", String.valueOf(product.sales90d()));
        ObjectNode saleInfo = item.putObject("sale_info");
        saleInfo.put("sale_quantity_int", product.sales90d());
        saleInfo.put("buyer_count", product.buyerCount());
        SimulatedShop shop = product.shop();
        ObjectNode shopInfo = item.putObject("shop_info");
        shopInfo.put("login_id", shop.loginId());
        shopInfo.put("shop_url", shop.shopUrl());
        shopInfo.put("company_name", shop.companyName());
        shopInfo.put("is_super_factory", shop.superFactory());
        shopInfo.put("shop_repurchase_rate", shop.repurchaseRate().setScale(2, RoundingMode.HALF_UP).toPlainString());
        return item;
    }

    private static ObjectNode shopItem(SimulatedProduct product) {
        ObjectNode item = JSON.objectNode();
        item.put("item_id", String.valueOf(product.itemId()));
        item.put("title", product.title().zh());
        // The docs show this endpoint's image URLs with four slashes; clients are expected to repair them.
        item.put("img", "https:////" + ibankImage(product, 0).substring("https://".length()));
        item.putArray("category_path");
        item.put("category_name", "");
        item.put("price", money(product.price()));
        item.putNull("quantity");
        ObjectNode saleInfo = item.putObject("sale_info");
        saleInfo.put("sale_quantity", product.sales90d());
        saleInfo.put("sale_amount", 0);
        return item;
    }

    private static ObjectNode shopItemByMember(SimulatedProduct product) {
        ObjectNode item = JSON.objectNode();
        item.put("item_id", String.valueOf(product.itemId()));
        item.put("title", product.title().zh());
        item.put("img", ibankImage(product, 0));
        ArrayNode mainImages = item.putArray("main_imgs");
        for (int i = 0; i < product.imageIds().size(); i++) {
            mainImages.add(ibankImage(product, i));
        }
        item.put("video_id", product.videoId());
        item.set("category_path", texts(product.categoryPath()));
        item.put("category_name", product.categoryName());
        item.put("price", money(product.price()));
        ObjectNode priceInfo = item.putObject("price_info");
        priceInfo.put("drop_ship_price", money(product.dropShipPrice()));
        priceInfo.put("wholesale_price", money(product.price()));
        priceInfo.put("origin_price", plain(product.price()));
        priceInfo.put("agent_price", plain(product.price()));
        item.put("quantity_begin", String.valueOf(product.moq()));
        item.put("new_product", product.newArrival());
        ObjectNode saleInfo = item.putObject("sale_info");
        saleInfo.put("gmv_30days", plain(product.price().multiply(BigDecimal.valueOf(product.sales30d()))));
        saleInfo.put("gmv_90days", plain(product.price().multiply(BigDecimal.valueOf(product.sales90d()))));
        saleInfo.put("sale_quantity_30days", String.valueOf(product.sales30d()));
        saleInfo.put("sale_quantity_90days", String.valueOf(product.sales90d()));
        saleInfo.put("orders_count_30days", String.valueOf(product.orders30d()));
        item.put("primary_rank_score", "0");
        item.put("type", "SALE");
        item.put("unit", product.unit());
        item.put("created_time", CREATED_TIME.format(product.created()));
        item.put("status", "published");
        return item;
    }

    private static ObjectNode filters(Map<String, String> filters) {
        ObjectNode node = JSON.objectNode();
        filters.forEach(node::put);
        return node;
    }

    private static ArrayNode texts(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static String productUrl(SimulatedProduct product) {
        return "https://detail.1688.com/offer/" + product.itemId() + ".html";
    }

    private static String ibankImage(SimulatedProduct product, int index) {
        return IMAGE_HOST + "img/ibank/" + product.imageIds().get(index) + "_!!" + product.shop().imageOwner()
                + "-0-cib.jpg";
    }

    /** {@code 0.60}: two decimals, as every price field but the shop endpoint's {@code origin_price}. */
    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code 3.9}, {@code 56251.1}: no trailing zeros, as the shop endpoint writes some amounts. */
    private static String plain(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }

    /** {@code 35.0}, {@code 26.34}: at least one decimal, as the multilingual keyword search writes prices. */
    private static String oneDecimal(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 1 ? rounded.setScale(1).toPlainString() : rounded.toPlainString();
    }

    /** {@code 已售300+件} below ten thousand, {@code 全网4.1万+件} from there, as the keyword search labels sales. */
    private static String soldLabel(long sales) {
        if (sales < 10_000) {
            return "已售" + sales + "+件";
        }
        BigDecimal tenThousands = BigDecimal.valueOf(sales).movePointLeft(4).setScale(1, RoundingMode.DOWN);
        return "全网" + tenThousands.stripTrailingZeros().toPlainString() + "万+件";
    }

    /** {@code "100000+"} above the threshold 1688 stops counting at, the exact count below it. */
    private static String salesLabel(long sales) {
        return sales >= SALES_SHOWN_EXACTLY_BELOW ? SALES_SHOWN_EXACTLY_BELOW + "+" : String.valueOf(sales);
    }
}
