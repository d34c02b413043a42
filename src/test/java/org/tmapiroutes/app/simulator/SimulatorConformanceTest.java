package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The simulator answers every endpoint exactly in the shape of the docs' response example.
 */
class SimulatorConformanceTest {

    private static final String TOKEN = "conformance-token";

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

    /** The request of each endpoint's docs example, so that echoed values such as {@code filters} line up. */
    static String[] docsRequest(TmapiEndpoint endpoint) {
        return switch (endpoint) {
            case CATEGORY_ITEMS -> new String[] {"cat_id", "1031922"};
            case CATEGORY_ITEMS_V1 -> new String[] {"cat_id", "1031910", "page", "1"};
            case SHOP_ITEMS -> new String[] {"shop_url", "https://xldjjg.1688.com/"};
            case SHOP_ITEMS_BY_MEMBER -> new String[] {"member_id", "jane727", "page", "1", "page_size", "20"};
            case IMAGE_SEARCH -> new String[] {"img_url", "/search/imgextra5/1589508648580602236.jpg",
                    "price_start", "2"};
            case KEYWORD_SEARCH -> new String[] {"keyword", "男士T恤"};
            case KEYWORD_SEARCH_GLOBAL -> new String[] {"keyword", "tote bag", "sort", "price_up"};
            default -> throw new IllegalArgumentException(endpoint.id() + " lists no products; see SourcingAnswersTest");
        };
    }

    /** The endpoints of SPEC §5, which list products. */
    static Stream<TmapiEndpoint> listEndpoints() {
        return Arrays.stream(TmapiEndpoint.values()).filter(TmapiEndpoint::listsProducts);
    }

    @ParameterizedTest
    @MethodSource("listEndpoints")
    void givenDocsExample_whenPageOneFetched_thenEveryKeyAndTypeMatchesTheDocs(TmapiEndpoint endpoint)
            throws Exception {
        HttpResponse<String> response = client.get(endpoint.id(), docsRequest(endpoint));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = SimulatorClient.parse(response.body());
        assertThat(body.get("code")).isEqualTo(IntNode.valueOf(200));
        assertThat(body.get("msg").textValue()).isEqualTo("success");
        assertThat(body.at("/data/items")).hasSize(20);
        assertThat(JsonShapeDifferences.between(DocsFixtures.response200(endpoint.id()), body)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("listEndpoints")
    void givenDocsExample_whenPageOneFetched_thenDataKeysComeInTheDocsOrder(TmapiEndpoint endpoint) throws Exception {
        JsonNode body = client.json(endpoint.id(), docsRequest(endpoint));

        JsonNode docs = DocsFixtures.response200(endpoint.id());
        assertThat(fieldNames(body)).isEqualTo(fieldNames(docs));
        assertThat(fieldNames(body.get("data"))).isEqualTo(fieldNames(docs.get("data")));
        JsonNode docsItem = docs.at("/data/items/0");
        for (JsonNode item : body.at("/data/items")) {
            assertThat(fieldNames(item)).isEqualTo(fieldNames(docsItem));
        }
    }

    @Test
    void givenDocsShowNull_whenItemsFetched_thenThoseFieldsAreNullToo() throws Exception {
        JsonNode image = client.json("image-search", docsRequest(TmapiEndpoint.IMAGE_SEARCH));
        JsonNode shop = client.json("shop-items", docsRequest(TmapiEndpoint.SHOP_ITEMS));

        assertThat(image.at("/data/cat_id").isNull()).isTrue();
        assertThat(image.at("/data/items")).allSatisfy(item -> assertThat(item.get("moq").isNull()).isTrue());
        assertThat(shop.at("/data/items")).allSatisfy(item -> assertThat(item.get("quantity").isNull()).isTrue());
    }

    @Test
    void givenDocsQuirks_whenItemsFetched_thenTheSimulatorHasThemToo() throws Exception {
        JsonNode category = client.json("category-items", docsRequest(TmapiEndpoint.CATEGORY_ITEMS));
        JsonNode v1 = client.json("category-items-v1", docsRequest(TmapiEndpoint.CATEGORY_ITEMS_V1));
        JsonNode shop = client.json("shop-items", docsRequest(TmapiEndpoint.SHOP_ITEMS));
        JsonNode member = client.json("shop-items-by-member", docsRequest(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER));
        JsonNode image = client.json("image-search", docsRequest(TmapiEndpoint.IMAGE_SEARCH));

        assertThat(category.at("/data/cat_id").asLong()).isEqualTo(1031922L);
        assertThat(category.at("/data/items")).allSatisfy(item -> {
            assertThat(item.at("/sale_info/sale_quantity_90days").textValue()).matches("\\d+\\+?");
            assertThat(item.get("item_repurchase_rate").textValue()).matches("\\d{1,2}%");
            assertThat(item.get("price").textValue()).matches("\\d+\\.\\d\\d");
            assertThat(item.get("product_url").textValue())
                    .isEqualTo("https://detail.1688.com/offer/" + item.get("item_id").asLong() + ".html");
            assertThat(item.at("/delivery_info/area_from/1").textValue()).endsWith("市");
        });
        assertThat(v1.at("/data/items")).allSatisfy(item -> {
            assertThat(item.get("price").textValue()).isEmpty();
            assertThat(item.at("/shop_info/shop_repurchase_rate").textValue()).matches("\\d{1,2}\\.\\d\\d");
            assertThat(item.get("sales_count").textValue())
                    .isEqualTo(item.at("/sale_info/sale_quantity_int").asText());
            assertThat(item.at("/shop_info/shop_url").textValue()).matches("https://[a-z]+\\d+\\.1688\\.com");
        });
        assertThat(shop.at("/data/items")).allSatisfy(item -> {
            assertThat(item.get("img").textValue()).startsWith("https:////cbu01.alicdn.com/");
            assertThat(item.get("category_path")).isEmpty();
        });
        assertThat(member.at("/data/total_count").isTextual()).isTrue();
        assertThat(member.at("/data/items")).allSatisfy(item -> {
            assertThat(item.get("created_time").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00\\+0800");
            assertThat(item.get("main_imgs")).hasSize(3);
            assertThat(item.get("main_imgs").get(0)).isEqualTo(item.get("img"));
        });
        assertThat(image.at("/data/items")).allSatisfy(item -> {
            assertThat(item.get("title").textValue()).matches("[A-Za-z0-9 -]+");
            assertThat(item.get("title_origin").textValue()).containsPattern("\\p{IsHan}");
        });
    }

    @Test
    void givenAnItemTypeChanged_whenComparedWithTheDocs_thenTheDifferenceNamesItsPath() throws Exception {
        simulator.setItemCustomizer((endpointId, value, index, item) ->
                ((ObjectNode) item.get("shop_info")).put("login_id", 42));

        JsonNode body = client.json("category-items-v1", docsRequest(TmapiEndpoint.CATEGORY_ITEMS_V1));

        assertThat(JsonShapeDifferences.between(DocsFixtures.response200("category-items-v1"), body))
                .hasSize(20)
                .contains("data.items[0].shop_info.login_id: expected STRING, got NUMBER");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
