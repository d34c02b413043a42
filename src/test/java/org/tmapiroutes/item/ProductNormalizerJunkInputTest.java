package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tmapiroutes.item.ExpectedRow.dec;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * Responses that are not what the docs show — nulls, wrong types, words where numbers belong — never stop a run:
 * the column stays empty or the next field in the §7 order fills it.
 */
class ProductNormalizerJunkInputTest {

    private static final Instant FETCHED_AT = Instant.parse("2026-11-22T08:00:00Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ProductNormalizer normalizer = new ProductNormalizer();

    private ProductRow normalizeCategoryItem(JsonNode item) {
        return normalizer.normalize(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", "1031922"), item, FETCHED_AT);
    }

    /** Every kind of JSON value a field could wrongly hold. */
    private static List<JsonNode> junkValues() {
        ObjectNode object = NODES.objectNode().put("unexpected", "abc");
        ArrayNode array = NODES.arrayNode().add("abc").addNull().add(object.deepCopy());
        return List.of(NullNode.getInstance(), TextNode.valueOf(""), TextNode.valueOf("abc"),
                TextNode.valueOf("-"), TextNode.valueOf("%"), TextNode.valueOf("+"), TextNode.valueOf("万"),
                NODES.numberNode(-1), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(1.5e300),
                NODES.numberNode(Double.NaN), NODES.numberNode(Double.POSITIVE_INFINITY), NODES.booleanNode(true),
                object, array, NODES.arrayNode());
    }

    /** Every field of an item, nested ones included, as (object holding it, field name). */
    private static void collectFields(JsonNode node, List<Map.Entry<ObjectNode, String>> into) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> into.add(Map.entry(object, name)));
        }
        node.forEach(child -> collectFields(child, into));
    }

    /** The endpoints of SPEC §5, which list products. */
    static Stream<TmapiEndpoint> listEndpoints() {
        return Arrays.stream(TmapiEndpoint.values()).filter(TmapiEndpoint::listsProducts);
    }

    @ParameterizedTest
    @MethodSource("listEndpoints")
    void givenAnyFieldOfTheDocsExampleReplacedByJunk_whenNormalized_thenNoExceptionAndIdKept(TmapiEndpoint endpoint) {
        int itemCount = ResponseExamples.items(endpoint).size();
        int tried = 0;
        for (int index = 0; index < itemCount; index++) {
            List<Map.Entry<ObjectNode, String>> fields = new ArrayList<>();
            ObjectNode item = ResponseExamples.item(endpoint, index);
            collectFields(item, fields);
            String itemId = item.get("item_id").asText();
            for (Map.Entry<ObjectNode, String> field : fields) {
                JsonNode original = field.getKey().get(field.getValue());
                for (JsonNode junk : junkValues()) {
                    field.getKey().set(field.getValue(), junk);
                    ProductRow row = normalizer.normalize(endpoint, Map.of(), item, FETCHED_AT);
                    if (!field.getValue().equals("item_id")) {
                        assertThat(row.getItemId()).as("item_id with %s = %s", field.getValue(), junk)
                                .isEqualTo(itemId);
                    }
                    tried++;
                }
                field.getKey().set(field.getValue(), original);
            }
        }
        assertThat(tried).as("junk variations tried").isGreaterThan(100);
    }

    /** The §15 answers (an item detail, a shop, a day of sales…) are read as forgivingly, whatever field is junk. */
    @ParameterizedTest
    @EnumSource(value = TmapiEndpoint.class, names = {"ITEM_DETAIL", "ITEM_SHIPPING", "ITEM_SALES", "SHOP_INFO",
            "ITEM_RATING", "ITEM_DESC", "CATEGORY_INFO", "FACTORY_SEARCH"})
    void givenAnyFieldOfASourcingExampleReplacedByJunk_whenRead_thenNoException(TmapiEndpoint endpoint)
            throws Exception {
        JsonNode answer;
        String name = endpoint.id();
        try (InputStream in = getClass().getResourceAsStream("/simulator/examples/" + name + ".json")) {
            answer = new ObjectMapper().readTree(in);
        }
        TmapiQuery query = new TmapiQuery(endpoint,
                Map.of("item_id", "1", "province", "广东", "keywords", "x"), 1, null, 2, Map.of());
        List<Map.Entry<ObjectNode, String>> fields = new ArrayList<>();
        collectFields(answer.get("data"), fields);
        int tried = 0;
        for (Map.Entry<ObjectNode, String> field : fields) {
            JsonNode original = field.getKey().get(field.getValue());
            for (JsonNode junk : junkValues()) {
                field.getKey().set(field.getValue(), junk);
                JsonNode data = answer.get("data");
                JsonNode records = endpoint == TmapiEndpoint.ITEM_RATING ? data.path("list")
                        : endpoint == TmapiEndpoint.FACTORY_SEARCH ? data.path("items") : NODES.arrayNode().add(data);
                for (JsonNode record : records) {
                    assertThat(normalizer.rows(query, record, FETCHED_AT)).as("%s = %s", field.getValue(), junk)
                            .isNotNull();
                }
                tried++;
            }
            field.getKey().set(field.getValue(), original);
        }
        assertThat(tried).as("junk variations tried").isGreaterThan(20);
    }

    @Test
    void givenNullNestedObjects_whenNormalized_thenTheirColumnsEmptyAndTheRestKept() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        Stream.of("shop_info", "delivery_info", "sale_info", "price_info").forEach(item::putNull);

        ProductRow row = normalizeCategoryItem(item);

        assertThat(row.getShopName()).isNull();
        assertThat(row.getShopYears()).isNull();
        assertThat(row.getShopScore()).isNull();
        assertThat(row.getSuperFactory()).isNull();
        assertThat(row.getProvince()).isNull();
        assertThat(row.getFreeShipping()).isNull();
        assertThat(row.getSales()).isNull();
        assertThat(row.getSalePrice()).isNull();
        assertThat(row.getShipIn48h()).as("the item-level flag is still there").isFalse();
        assertThat(row.getPrice()).as("the item-level price is still there").isEqualTo(dec("0.60"));
        assertThat(row.getMoq()).isEqualTo(1L);
    }

    @Test
    void givenNestedObjectsOfWrongType_whenNormalized_thenTheirColumnsEmpty() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        item.put("shop_info", "台州市路桥喜字电子商务商行");
        item.putArray("delivery_info").add("浙江").add("台州市");
        item.put("sale_info", 100000);
        item.putArray("price_info");

        ProductRow row = normalizeCategoryItem(item);

        assertThat(row.getShopName()).isNull();
        assertThat(row.getProvince()).isNull();
        assertThat(row.getCity()).isNull();
        assertThat(row.getSales()).isNull();
        assertThat(row.getPrice()).isEqualTo(dec("0.60"));
    }

    @Test
    void givenAreaFromAsTextOrWithOneEntry_whenNormalized_thenOnlyWhatIsThere() {
        ObjectNode asText = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        ((ObjectNode) asText.get("delivery_info")).put("area_from", "浙江 台州市");
        ObjectNode oneEntry = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        ((ObjectNode) oneEntry.get("delivery_info")).putArray("area_from").add("浙江");

        assertThat(normalizeCategoryItem(asText).getProvince()).isNull();
        ProductRow row = normalizeCategoryItem(oneEntry);
        assertThat(row.getProvince()).isEqualTo("浙江");
        assertThat(row.getCity()).isNull();
    }

    @Test
    void givenNullQuantityMoqAndCatId_whenNormalized_thenMoqEmpty() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS, 0);
        item.putNull("moq");
        item.putNull("cat_id");

        ProductRow row = normalizer.normalize(TmapiEndpoint.SHOP_ITEMS, Map.of("shop_url", "https://xldjjg.1688.com/"),
                item, FETCHED_AT);

        assertThat(item.get("quantity").isNull()).as("the docs example has quantity: null").isTrue();
        assertThat(row.getMoq()).isNull();
        assertThat(row.getItemId()).isEqualTo("765000043412");
    }

    @Test
    void givenWordsWhereNumbersBelong_whenNormalized_thenNextFieldFillsInOrEmpty() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0)
                .put("moq", "abc")
                .put("quantity_begin", "3")
                .put("item_repurchase_rate", "abc%");
        ObjectNode priceInfo = ((ObjectNode) item.get("price_info")).put("sale_price", "面议");
        priceInfo.put("origin_price", "N/A");
        ((ObjectNode) item.get("sale_info")).put("sale_quantity_90days", "很多");
        ObjectNode shopInfo = ((ObjectNode) item.get("shop_info")).put("shop_years", "three");
        ((ObjectNode) shopInfo.get("score_info")).put("composite_score", "N/A");

        ProductRow row = normalizeCategoryItem(item);

        assertThat(row.getPrice()).as("sale_price unreadable, so price").isEqualTo(dec("0.60"));
        assertThat(row.getSalePrice()).isNull();
        assertThat(row.getOriginPrice()).isNull();
        assertThat(row.getMoq()).as("moq unreadable, so quantity_begin").isEqualTo(3L);
        assertThat(row.getSales()).isNull();
        assertThat(row.getSales90d()).isNull();
        assertThat(row.getRepurchaseRate()).isNull();
        assertThat(row.getShopYears()).isNull();
        assertThat(row.getShopScore()).isNull();
    }

    @ParameterizedTest(name = "sale_quantity_90days \"{0}\" is left empty")
    @CsvSource({
            "99999999999999999999",
            "12.5",
            "1e5",
            "0x10",
            "12 345",
            "'1,2345'",
            "++5"})
    void givenCountThatIsNoWholeNumber_whenNormalized_thenEmpty(String written) {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        ((ObjectNode) item.get("sale_info")).put("sale_quantity_90days", written);

        assertThat(normalizeCategoryItem(item).getSales90d()).isNull();
    }

    @Test
    void givenShopYearsBeyondInteger_whenNormalized_thenEmpty() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        ((ObjectNode) item.get("shop_info")).put("shop_years", 3_000_000_000L);

        assertThat(normalizeCategoryItem(item).getShopYears()).isNull();
    }

    @Test
    void givenNotANumberPrice_whenNormalized_thenNextPriceFieldFillsIn() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, 0).put("price", Double.NaN);

        ProductRow row = normalizer.normalize(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, Map.of("member_id", "jane727"),
                item, FETCHED_AT);

        assertThat(row.getPrice()).as("wholesale_price").isEqualTo(dec("3.90"));
    }

    @ParameterizedTest(name = "free_shipping {0} gives {1}")
    @CsvSource({
            "TRUE, true",
            "false, false",
            "1, true",
            "0, false",
            "yes, ",
            "'', "})
    void givenFlagWrittenAsText_whenNormalized_thenBooleanOrEmpty(String written, Boolean expected) {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        ((ObjectNode) item.get("delivery_info")).put("free_shipping", written);

        assertThat(normalizeCategoryItem(item).getFreeShipping()).isEqualTo(expected);
    }

    @Test
    void givenItemThatIsNoObject_whenNormalized_thenOnlyWhatTheQueryAndFetchGive() {
        JsonNode[] notObjects = {null, NullNode.getInstance(), TextNode.valueOf("abc"), NODES.arrayNode()};
        for (JsonNode item : notObjects) {
            ProductRow row = normalizer.normalize(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, Map.of("member_id", "jane727"),
                    item, FETCHED_AT);

            assertThat(row.getSource()).isEqualTo("shop-items-by-member");
            assertThat(row.getQuery()).isEqualTo("jane727");
            assertThat(row.getSellerLoginId()).isEqualTo("jane727");
            assertThat(row.getCurrency()).isEqualTo("CNY");
            assertThat(row.getFetchedAt()).isEqualTo("2026-11-22T08:00:00Z");
            assertThat(row.getItemId()).isNull();
            assertThat(row.getProductUrl()).as("no item_id to build it from").isNull();
        }
    }

    @Test
    void givenNoOrNullQueryParameters_whenNormalized_thenQueryEmpty() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("cat_id", null);

        for (Map<String, String> query : List.of(Map.<String, String>of(), nullValue, Map.of("cat_id", "  "))) {
            ProductRow row = normalizer.normalize(TmapiEndpoint.CATEGORY_ITEMS, query,
                    ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0), FETCHED_AT);
            assertThat(row.getQuery()).isNull();
        }
        ProductRow row = normalizer.normalize(TmapiEndpoint.CATEGORY_ITEMS, null,
                ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0), FETCHED_AT);
        assertThat(row.getQuery()).isNull();
        assertThat(row.getItemId()).isEqualTo("991188728585");
    }

    @Test
    void givenItemsThatAreNoArray_whenPageNormalized_thenNoRows() {
        for (JsonNode items : new JsonNode[] {null, NullNode.getInstance(), TextNode.valueOf("abc"),
                ResponseExamples.response(TmapiEndpoint.CATEGORY_ITEMS).path("data"),
                ResponseExamples.response(TmapiEndpoint.CATEGORY_ITEMS).path("data").path("missing")}) {
            assertThat(normalizer.normalizePage(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", "1"), items, FETCHED_AT))
                    .isEmpty();
        }
    }

    @Test
    void givenPageWithEntriesThatAreNoObjects_whenPageNormalized_thenOnlyTheProductsInOrder() {
        ArrayNode items = NODES.arrayNode()
                .addNull()
                .add(ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 1))
                .add("abc")
                .add(42)
                .add(NODES.arrayNode())
                .add(ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0));

        List<ProductRow> rows = normalizer.normalizePage(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", "1031922"),
                items, FETCHED_AT);

        assertThat(rows).extracting(ProductRow::getItemId).containsExactly("740842253828", "991188728585");
    }
}
