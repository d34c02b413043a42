package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The simulator answers the SPEC §15 endpoints as their docs show: the docs' request gets the docs' response example
 * field by field, quirks included; any other question an answer of exactly the example's shape (every key, in order,
 * with its JSON type), with data that varies as real items do.
 */
class SourcingAnswersTest {

    private static final String TOKEN = "sourcing-token";
    private static final String OTHER_ITEM = "610947572360";

    private TmapiSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void startSimulator() {
        simulator = new TmapiSimulator(TOKEN).start();
        client = new SimulatorClient(simulator, TOKEN);
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    /** The request of each endpoint's docs example. */
    private static String[] docsRequest(TmapiEndpoint endpoint) {
        return switch (endpoint) {
            case ITEM_DETAIL -> new String[] {"item_id", "652702302959", "language", "zh"};
            case ITEM_SHIPPING -> new String[] {"item_id", "652702302959", "province", "内蒙古", "total_quantity", "1"};
            case ITEM_SALES, ITEM_DESC -> new String[] {"item_id", "652702302959"};
            case SHOP_INFO -> new String[] {"shop_url", "https://shop1467738698115.1688.com",
                    "member_id", "b2b-2211444284979bbec9"};
            case ITEM_RATING -> new String[] {"item_id", "652702302959", "page", "1", "sort_type", "default"};
            case CATEGORY_INFO -> new String[] {};
            case FACTORY_SEARCH -> new String[] {"page", "1", "page_size", "20", "keywords", "玩具厂", "sort", "default"};
            default -> throw new IllegalArgumentException(endpoint.id());
        };
    }

    /** Another question of the same endpoint, whose answer the simulator makes up. */
    private static String[] otherRequest(TmapiEndpoint endpoint, int n) {
        String item = String.valueOf(610947572360L + n * 7919L);
        return switch (endpoint) {
            case ITEM_DETAIL, ITEM_SALES, ITEM_DESC -> new String[] {"item_id", item};
            case ITEM_SHIPPING -> new String[] {"item_id", item, "province", "广东", "total_quantity", "100",
                    "total_weight", "12.5"};
            case SHOP_INFO -> new String[] {"member_id", "b2b-" + item};
            case ITEM_RATING -> new String[] {"item_id", item, "page", "1"};
            case CATEGORY_INFO -> new String[] {"cat_id", String.valueOf(1031910 + n)};
            case FACTORY_SEARCH -> new String[] {"keywords", "杯子厂" + n};
            default -> throw new IllegalArgumentException(endpoint.id());
        };
    }

    private static JsonNode docs(TmapiEndpoint endpoint) {
        return SourcingAnswers.docsExample(endpoint);
    }

    /**
     * An item detail's {@code product_props} is a list of one-key objects, each with a key of its own: not a list of
     * records of one shape, so it is compared on its own.
     */
    private static JsonNode withoutProductProps(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        if (copy.get("data") instanceof ObjectNode data) {
            data.remove("product_props");
        }
        return copy;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @ParameterizedTest
    @EnumSource(value = TmapiEndpoint.class, names = {"ITEM_DETAIL", "ITEM_SHIPPING", "ITEM_SALES", "SHOP_INFO",
            "ITEM_RATING", "ITEM_DESC", "CATEGORY_INFO", "FACTORY_SEARCH"})
    void givenTheDocsRequest_whenAsked_thenTheDocsExampleFieldByField(TmapiEndpoint endpoint) throws Exception {
        HttpResponse<String> response = client.get(endpoint.id(), docsRequest(endpoint));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(SimulatorClient.parse(response.body())).isEqualTo(docs(endpoint));
    }

    @ParameterizedTest
    @EnumSource(value = TmapiEndpoint.class, names = {"ITEM_DETAIL", "ITEM_SHIPPING", "ITEM_SALES", "SHOP_INFO",
            "ITEM_RATING", "ITEM_DESC", "CATEGORY_INFO", "FACTORY_SEARCH"})
    void givenOtherQuestions_whenAsked_thenEveryAnswerHasTheDocsShapeAndKeyOrder(TmapiEndpoint endpoint)
            throws Exception {
        JsonNode example = docs(endpoint);
        for (int n = 0; n < 25; n++) {
            JsonNode answer = client.json(endpoint.id(), otherRequest(endpoint, n));

            assertThat(JsonShapeDifferences.between(withoutProductProps(example), withoutProductProps(answer)))
                    .as("question %d", n).isEmpty();
            answer.at("/data/product_props").forEach(prop -> assertThat(prop.size()).isOne());
            assertThat(fieldNames(answer.get("data"))).isEqualTo(fieldNames(example.get("data")));
            assertThat(answer).isEqualTo(client.json(endpoint.id(), otherRequest(endpoint, n)))
                    .as("the same question gets the same answer");
        }
    }

    @Test
    void givenManyItems_whenTheirDetailsAreAsked_thenSkuCountsFromNoneToThirtySoldOutItemsAndItemsWithoutTiers()
            throws Exception {
        Set<Integer> skuCounts = new HashSet<>();
        int soldOut = 0;
        int withoutTiers = 0;
        for (int n = 0; n < 400; n++) {
            JsonNode data = client.json("item-detail", otherRequest(TmapiEndpoint.ITEM_DETAIL, n)).get("data");
            skuCounts.add(data.get("skus").size());
            if (data.get("is_sold_out").booleanValue()) {
                soldOut++;
                assertThat(data.get("stock").asLong()).isZero();
            }
            if (data.at("/tiered_price_info/prices").isEmpty()) {
                withoutTiers++;
            }
            long stock = 0;
            for (JsonNode sku : data.get("skus")) {
                stock += sku.get("stock").asLong();
                assertThat(sku.get("props_names").asText()).matches("颜色:[^;]+;尺码:\\w+");
            }
            if (data.get("skus").size() > 0) {
                assertThat(data.get("stock").asLong()).isEqualTo(stock);
            }
        }
        assertThat(skuCounts).contains(0, 1, 10, 11, 30).allMatch(c -> c >= 0 && c <= 30);
        assertThat(soldOut).isBetween(20, 120);
        assertThat(withoutTiers).isBetween(40, 160);
    }

    @Test
    void givenTheDocsItemsLink_whenPostedAsJson_thenTheDocsExampleAndAGetIsRefused() throws Exception {
        HttpResponse<String> posted = client.post("/1688/item_detail_by_url",
                "{\"url\":\"https://detail.1688.com/offer/652702302959.html\",\"language\":\"zh\"}");
        HttpResponse<String> noItem = client.post("/1688/item_detail_by_url", "{\"url\":\"https://www.1688.com/\"}");
        HttpResponse<String> got = client.get("item-detail-by-url", "url",
                "https://detail.1688.com/offer/652702302959.html");

        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(SimulatorClient.parse(posted.body())).isEqualTo(docs(TmapiEndpoint.ITEM_DETAIL));
        assertThat(noItem.statusCode()).isEqualTo(422);
        assertThat(got.statusCode()).isEqualTo(405);
        assertThat(simulator.requests()).extracting(RecordedRequest::endpointId).containsOnly("item-detail-by-url");
        assertThat(simulator.requests().get(0).parameter("url"))
                .isEqualTo("https://detail.1688.com/offer/652702302959.html");
    }

    @Test
    void givenTheDocsItemsRatings_whenPaged_thenTheExamplePageThenAShortLastPage() throws Exception {
        JsonNode second = client.json("item-rating", "item_id", "652702302959", "page", "2");
        JsonNode third = client.json("item-rating", "item_id", "652702302959", "page", "3");

        assertThat(second.at("/data/list")).hasSize(4);
        assertThat(second.at("/data/page").asInt()).isEqualTo(2);
        assertThat(third.at("/data/list")).isEmpty();
    }

    @Test
    void givenAFaultForItemDetails_whenAsked_thenTheFaultAnswersLikeForAList() throws Exception {
        simulator.failNext("item-detail", Fault.httpStatus(500), 1);
        simulator.failNext("shop-info", Fault.jsonCode(439), 1);

        assertThat(client.get("item-detail", "item_id", OTHER_ITEM).statusCode()).isEqualTo(500);
        assertThat(client.get("item-detail", "item_id", OTHER_ITEM).statusCode()).isEqualTo(200);
        assertThat(SimulatorClient.parse(client.get("shop-info", "member_id", "b2b-1").body()).get("code").asInt())
                .isEqualTo(439);
    }

    @Test
    void givenWatchedItems_whenTheCatalogMoves_thenAFewPricesGoUpOrDownAndStockMovesButNoSkuChanges() throws Exception {
        List<JsonNode> before = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            before.add(client.json("item-detail", "item_id", String.valueOf(610947572360L + i * 7919)).get("data"));
        }
        simulator.setCatalogVersion(2);
        int up = 0;
        int down = 0;
        int stockMoved = 0;
        int backInStock = 0;
        for (int i = 0; i < 80; i++) {
            JsonNode was = before.get(i);
            JsonNode now = client.json("item-detail", "item_id", was.get("item_id").asText()).get("data");
            assertThat(now.get("skus").findValuesAsText("skuid")).as("the SKUs stay")
                    .containsExactlyElementsOf(was.get("skus").findValuesAsText("skuid"));
            assertThat(now.get("title")).isEqualTo(was.get("title"));
            int sign = new java.math.BigDecimal(now.get("price_info").get("price").asText())
                    .compareTo(new java.math.BigDecimal(was.get("price_info").get("price").asText()));
            up += sign > 0 ? 1 : 0;
            down += sign < 0 ? 1 : 0;
            stockMoved += now.get("stock").asLong() != was.get("stock").asLong() ? 1 : 0;
            backInStock += was.get("is_sold_out").asBoolean() && !now.get("is_sold_out").asBoolean() ? 1 : 0;
        }
        assertThat(up).as("some items dearer").isPositive();
        assertThat(down).as("some items cheaper").isPositive();
        assertThat(up + down).as("most items keep their price").isLessThan(40);
        assertThat(stockMoved).as("stock moves").isPositive();
        assertThat(backInStock).as("a sold-out item back in stock").isPositive();

        simulator.setCatalogVersion(1);
        assertThat(client.json("item-detail", "item_id", before.get(3).get("item_id").asText()).get("data"))
                .as("the same version, the same answer").isEqualTo(before.get(3));
    }
}
