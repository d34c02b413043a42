package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiPage;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * Golden tests of the SPEC §15 rows, from the docs' response examples (as the simulator keeps them), column by column,
 * the quirks read as meant.
 */
class SourcingRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FETCHED = Instant.parse("2026-12-07T08:00:00.123Z");
    private static final String DOCS_LINK = "https://detail.1688.com/offer/652702302959.html";

    private static String example(String name) throws Exception {
        try (InputStream in = SourcingRecordsTest.class.getResourceAsStream("/simulator/examples/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static TmapiQuery query(TmapiEndpoint endpoint, String... nameValue) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            values.put(nameValue[i], nameValue[i + 1]);
        }
        QueryValidator.Outcome outcome = new QueryValidator(QueryDefaults.DOCUMENTED).validate(endpoint, values, 2);
        assertThat(outcome.problems()).isEmpty();
        return outcome.query();
    }

    /** The rows of an answer as the job makes them: each record the answer holds, through the normalizer. */
    private static List<ProductRow> rows(TmapiQuery query, String answer) {
        TmapiPage page = TmapiPage.read(query.endpoint().id(), 200, answer);
        List<ProductRow> rows = new ArrayList<>();
        for (JsonNode record : page.items()) {
            rows.addAll(new ProductNormalizer().rows(query, record, FETCHED));
        }
        return rows;
    }

    private static Map<String, Object> cells(ProductRow row) {
        Map<String, Object> cells = new LinkedHashMap<>();
        SourcingRecords.columns(row.getSource()).forEach(c -> cells.put(c.name(), c.value().apply(row)));
        return cells;
    }

    @Test
    void givenTheDocsItemDetail_whenAskedByLink_thenOneRowPerSkuColumnByColumn() throws Exception {
        List<ProductRow> rows = rows(query(TmapiEndpoint.ITEM_DETAIL, "item_id", DOCS_LINK), example("item-detail"));

        assertThat(rows).hasSize(9);
        Map<String, Object> first = cells(rows.get(0));
        assertThat(first.keySet()).containsExactly("source", "query", "item_id", "title", "product_url", "image_url",
                "category_id", "currency", "unit", "moq", "price_min", "price_max", "price_tiers", "stock",
                "is_sold_out", "sales_90d", "shop_name", "shop_url", "seller_member_id", "location", "delivery_fee",
                "sku_id", "spec_id", "sku_name", "sku_price", "sku_stock", "sku_weight_kg", "sku_image_url",
                "fetched_at");
        assertThat(first).containsEntry("source", "item-detail")
                .containsEntry("query", DOCS_LINK)
                .containsEntry("item_id", "859086919394")
                .containsEntry("title", "跨境速卖通女式长款睡衣家居服豹纹款开衫法式浴袍长袖秋冬睡袍")
                .containsEntry("product_url", "https://detail.1688.com/offer/859086919394.html")
                .containsEntry("image_url",
                        "https://cbu01.alicdn.com/img/ibank/O1CN01gEiAAA1tfzhab0NhS_!!2214636595930-0-cib.jpg")
                .containsEntry("category_id", "1037924")
                .containsEntry("currency", "CNY")
                .containsEntry("unit", "件")
                .containsEntry("moq", 1L)
                .containsEntry("price_min", new BigDecimal("25.90"))
                .containsEntry("price_max", new BigDecimal("29.89"))
                .containsEntry("price_tiers", "1:29.89|100:27.60|300:25.90")
                .containsEntry("stock", 44732L)
                .containsEntry("is_sold_out", false)
                .containsEntry("sales_90d", 175L)
                .containsEntry("shop_name", "灌云县伊山镇春霞服装厂")
                .containsEntry("shop_url", "https://winport.m.1688.com/page/index.html?memberId=b2b-22146365959302bc20")
                .containsEntry("seller_member_id", "b2b-22146365959302bc20")
                .containsEntry("location", "江苏省连云港市")
                .containsEntry("delivery_fee", new BigDecimal("4"))
                .containsEntry("sku_id", "5674557541674")
                .containsEntry("spec_id", "6f5320c016c03d575ad1034b79869a28")
                .containsEntry("sku_name", "颜色:白色豹纹;尺码:L")
                .containsEntry("sku_price", new BigDecimal("29.89"))
                .containsEntry("sku_stock", 4975L)
                .containsEntry("sku_weight_kg", new BigDecimal("0.12"))
                // props_ids 0:1 is 白色豹纹, whose picture is the SKU's
                .containsEntry("sku_image_url",
                        "https://cbu01.alicdn.com/img/ibank/O1CN01zTDmhr1tfzgairTNV_!!2214636595930-0-cib.jpg")
                .containsEntry("fetched_at", "2026-12-07T08:00:00Z");
        assertThat(rows).extracting(r -> r.getFields().get("sku_name")).doesNotHaveDuplicates()
                .contains("颜色:肤色豹纹;尺码:S", "颜色:黄色豹纹;尺码:M");
        assertThat(rows).extracting(ProductRow::getPrice).as("a product condition reads the SKU's price")
                .containsOnly(new BigDecimal("29.89"));
    }

    @Test
    void givenAnItemWithoutSkusOrTiers_whenRead_thenOneRowWithTheSkuColumnsEmpty() throws Exception {
        ObjectNode answer = (ObjectNode) JSON.readTree(example("item-detail"));
        ObjectNode data = (ObjectNode) answer.get("data");
        data.putArray("skus");
        ((ObjectNode) data.get("tiered_price_info")).putArray("prices");
        ((ObjectNode) data.get("sku_price_range")).putArray("sku_param");
        data.put("is_sold_out", "null");

        List<ProductRow> rows = rows(query(TmapiEndpoint.ITEM_DETAIL, "item_id", "859086919394"), answer.toString());

        assertThat(rows).hasSize(1);
        Map<String, Object> row = cells(rows.get(0));
        assertThat(row).containsEntry("query", "859086919394").containsEntry("price_tiers", null)
                .containsEntry("sku_id", null).containsEntry("sku_price", null).containsEntry("is_sold_out", null)
                .containsEntry("price_min", new BigDecimal("25.90"));
    }

    @Test
    void givenTheDocsShippingQuote_whenRead_thenOneRowWithTheAskedItemAndProvince() throws Exception {
        List<ProductRow> rows = rows(query(TmapiEndpoint.ITEM_SHIPPING, "item_id", "652702302959", "province", "广东"),
                example("item-shipping"));

        assertThat(rows).hasSize(1);
        assertThat(cells(rows.get(0))).containsEntry("item_id", "652702302959").containsEntry("province", "广东")
                .containsEntry("shipping_to", "内蒙古").containsEntry("unit", "kg")
                .containsEntry("first_unit_fee", new BigDecimal("9")).containsEntry("next_unit_fee", new BigDecimal("7"))
                .containsEntry("total_quantity", 1L).containsEntry("total_weight", new BigDecimal("2"))
                .containsEntry("total_fee", new BigDecimal("16"));
    }

    @Test
    void givenTheDocsSalesStatistics_whenRead_thenOneRowPerDayWithFuzzyCountsAsTextAndNumber() throws Exception {
        List<ProductRow> rows = rows(query(TmapiEndpoint.ITEM_SALES, "item_id", "652702302959"),
                example("item-sales"));

        assertThat(rows).hasSize(30);
        Map<String, Object> first = cells(rows.get(0));
        assertThat(first).containsEntry("publish_time", "2024-06-27T09:22:26+08:00")
                .containsEntry("sales_quantity_30days", 3985L)
                .containsEntry("sales_quantity_total", "1.5万+").containsEntry("sales_quantity_total_min", 15000L)
                .containsEntry("order_quantity_total", "3500+").containsEntry("order_quantity_total_min", 3500L)
                .containsEntry("date", "2025-06-24").containsEntry("sales_quantity", 136L)
                .containsEntry("order_quantity", 12L).containsEntry("price_min", new BigDecimal("11.0"));
        assertThat(cells(rows.get(29))).as("the price trend has a day fewer, as published")
                .containsEntry("date", "2025-07-23").containsEntry("sales_quantity", 44L)
                .containsEntry("price_min", null);
        assertThat(rows.stream().mapToLong(r -> (Long) r.getFields().get("sales_quantity")).sum()).isEqualTo(3985);
    }

    @Test
    void givenTheDocsShop_whenRead_thenOneRowWithEveryRatingAsANumber() throws Exception {
        List<ProductRow> rows = rows(query(TmapiEndpoint.SHOP_INFO, "shop_url", "https://shop1467738698115.1688.com"),
                example("shop-info"));

        assertThat(rows).hasSize(1);
        assertThat(cells(rows.get(0))).containsEntry("query", "https://shop1467738698115.1688.com")
                .containsEntry("member_id", "b2b-2911575494fcf92").containsEntry("seller_id", 2911575494L)
                .containsEntry("contact_phone", "18200673435").containsEntry("is_super_factory", false)
                .containsEntry("tp_year", 9L).containsEntry("shop_ratings_comprehensive", new BigDecimal("5.0"))
                .containsEntry("shop_ratings_logistics", new BigDecimal("3.5"));
    }

    @Test
    void givenTheDocsRatings_whenRead_thenOneRowPerRatingWithSkusJoinedByABar() throws Exception {
        List<ProductRow> rows = rows(query(TmapiEndpoint.ITEM_RATING, "item_id", "652702302959"),
                example("item-rating"));

        assertThat(rows).hasSize(10);
        assertThat(cells(rows.get(0))).containsEntry("item_id", "652702302959").containsEntry("id", "33545064566")
                .containsEntry("feedback_date", "2024-06-26T01:17:51+00:00").containsEntry("rate_star", 5L)
                .containsEntry("sku_map", "颜色:白色;尺码:XL|颜色:白色;尺码:XXL|颜色:白色;尺码:XXXL");
    }

    @Test
    void givenTheDocsDescription_whenRead_thenOneRowPerPictureInOrder() throws Exception {
        List<ProductRow> rows = rows(query(TmapiEndpoint.ITEM_DESC, "item_id", "652702302959"), example("item-desc"));

        assertThat(rows).hasSize(15);
        assertThat(cells(rows.get(14))).containsEntry("item_id", "622619146604").containsEntry("position", 15L)
                .containsEntry("detail_img",
                        "https://cbu01.alicdn.com/img/ibank/2019/259/150/11419051952_1283248032.jpg");
    }

    @Test
    void givenTheDocsCategory_whenRead_thenTheCategoryThenItsChildrenWithTheirPaths() throws Exception {
        List<ProductRow> rows = rows(query(TmapiEndpoint.CATEGORY_INFO), example("category-info"));

        assertThat(rows).hasSize(7);
        assertThat(cells(rows.get(0))).containsEntry("query", null).containsEntry("id", "201149004")
                .containsEntry("level", 1L).containsEntry("parent_id", "54").containsEntry("has_children", true)
                .containsEntry("path_id", "54|201149004").containsEntry("path_name_en",
                        "Apparel Accessories & Jewelry|Children's Jewelry");
        assertThat(cells(rows.get(1))).containsEntry("id", "201545016").containsEntry("parent_id", "201149004")
                .containsEntry("level", 2L).containsEntry("has_children", false)
                .containsEntry("path_id", "54|201149004|201545016");
    }

    @Test
    void givenTheDocsFactories_whenRead_thenOneRowPerFactoryWithRatesAsTheFractionsTheyAre() throws Exception {
        List<ProductRow> rows = rows(query(TmapiEndpoint.FACTORY_SEARCH, "keywords", "玩具厂"),
                example("factory-search"));

        assertThat(rows).hasSize(3);
        assertThat(cells(rows.get(0))).containsEntry("login_id", "嘉玩玩具厂").containsEntry("factory_level", null)
                .containsEntry("factory_area_size", new BigDecimal("1000")).containsEntry("location_city", "汕头")
                .containsEntry("service_tags", "AA诚信等级|塑料/塑胶|注塑|清加工|汕头玩具")
                .containsEntry("product_tags", "泡泡玩具|玩具枪").containsEntry("super_factory", false)
                .containsEntry("shop_repurchase_rate", new BigDecimal("0.3"))
                .containsEntry("response_rate", new BigDecimal("0.44"));
        assertThat(cells(rows.get(1))).containsEntry("factory_level", "无牌工厂");
    }
}
