package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The simulator pages a query's catalog like TMAPI: page, page size, a partial last page, and {@code has_next_page}
 * or {@code total_count} consistent with the catalog.
 */
class SimulatorPaginationTest {

    private static final String TOKEN = "pagination-token";

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

    @ParameterizedTest
    @MethodSource("org.tmapiroutes.app.simulator.SimulatorConformanceTest#listEndpoints")
    void givenDefault45Items_whenThreePagesFetched_thenTwentyTwentyFiveAndEveryItemOnce(TmapiEndpoint endpoint)
            throws Exception {
        String required = endpoint.requiredParameter().name();
        List<String> itemIds = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode data = client.json(endpoint.id(), required, "7001", "page", String.valueOf(page)).get("data");
            assertThat(data.get("page").intValue()).isEqualTo(page);
            assertThat(data.get("page_size").intValue()).isEqualTo(20);
            sizes.add(data.get("items").size());
            data.get("items").forEach(item -> itemIds.add(item.get("item_id").asText()));
            assertMorePages(endpoint, data, page < 3);
        }

        assertThat(sizes).containsExactly(20, 20, 5);
        assertThat(itemIds).hasSize(45).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("org.tmapiroutes.app.simulator.SimulatorConformanceTest#listEndpoints")
    void givenDefault45Items_whenPageOneFetched_thenTotalCountSaysFortyFive(TmapiEndpoint endpoint) throws Exception {
        JsonNode data = client.json(endpoint.id(), endpoint.requiredParameter().name(), "7002").get("data");

        if (endpoint == TmapiEndpoint.CATEGORY_ITEMS_V1 || endpoint == TmapiEndpoint.KEYWORD_SEARCH_GLOBAL) {
            assertThat(data.has("total_count")).isFalse();
        } else if (endpoint == TmapiEndpoint.SHOP_ITEMS_BY_MEMBER) {
            assertThat(data.get("total_count").textValue()).isEqualTo("45");
        } else {
            assertThat(data.get("total_count").intValue()).isEqualTo(45);
        }
    }

    @Test
    void givenSixtyItemsForOneCategory_whenPagesFetched_thenThreeFullPagesAndNoFourth() throws Exception {
        simulator.setItemsForQuery("category-items", "60", 60);

        JsonNode third = client.json("category-items", "cat_id", "60", "page", "3").get("data");
        JsonNode fourth = client.json("category-items", "cat_id", "60", "page", "4").get("data");
        JsonNode otherCategory = client.json("category-items", "cat_id", "61").get("data");

        assertThat(third.get("items")).hasSize(20);
        assertThat(third.get("has_next_page").booleanValue()).isFalse();
        assertThat(third.get("total_count").intValue()).isEqualTo(60);
        assertThat(fourth.get("items")).isEmpty();
        assertThat(fourth.get("has_next_page").booleanValue()).isFalse();
        assertThat(otherCategory.get("total_count").intValue()).isEqualTo(45);
    }

    @ParameterizedTest
    @MethodSource("org.tmapiroutes.app.simulator.SimulatorConformanceTest#listEndpoints")
    void givenAQueryWithoutItems_whenFetched_thenEmptyItemsAndNothingMore(TmapiEndpoint endpoint) throws Exception {
        simulator.setItemsForQuery(endpoint.id(), "4040", 0);

        JsonNode data = client.json(endpoint.id(), endpoint.requiredParameter().name(), "4040").get("data");

        assertThat(data.get("items")).isEmpty();
        assertMorePages(endpoint, data, false);
        if (data.has("total_count")) {
            assertThat(data.get("total_count").asInt()).isZero();
        }
    }

    @Test
    void givenItemsPerQuerySetTo100_whenFetched_thenEveryQueryHasOneHundred() throws Exception {
        simulator.setItemsPerQuery(100);

        JsonNode data = client.json("shop-items", "shop_url", "https://a.1688.com", "page", "5").get("data");

        assertThat(data.get("total_count").intValue()).isEqualTo(100);
        assertThat(data.get("items")).hasSize(20);
    }

    @Test
    void givenPageSizeSeven_whenPageSevenFetched_thenThreeItemsAndPageSizeEchoed() throws Exception {
        JsonNode data = client.json("image-search", "img_url", "https://cbu01.alicdn.com/img/x/y.jpg", "page", "7", "page_size", "7")
                .get("data");

        assertThat(data.get("page_size").intValue()).isEqualTo(7);
        assertThat(data.get("items")).hasSize(3);
        assertThat(data.get("has_next_page").booleanValue()).isFalse();
    }

    @Test
    void givenPageSizeSentToV1_whenFetched_thenStillTwentyAsV1HasNoPageSize() throws Exception {
        JsonNode data = client.json("category-items-v1", "cat_id", "7003", "page_size", "5").get("data");

        assertThat(data.get("page_size").intValue()).isEqualTo(20);
        assertThat(data.get("items")).hasSize(20);
    }

    @Test
    void givenShopItemsWithoutHasNextPage_whenLastPageFetched_thenPageTimesSizeReachesTotalCount() throws Exception {
        JsonNode second = client.json("shop-items-by-member", "member_id", "jane727", "page", "2", "page_size", "25")
                .get("data");

        assertThat(second.has("has_next_page")).isFalse();
        assertThat(second.get("items")).hasSize(20);
        assertThat(2 * 25).isGreaterThanOrEqualTo(Integer.parseInt(second.get("total_count").textValue()));
    }

    private static void assertMorePages(TmapiEndpoint endpoint, JsonNode data, boolean more) {
        if (data.has("has_next_page")) {
            assertThat(data.get("has_next_page").booleanValue()).as("has_next_page").isEqualTo(more);
        } else {
            int total = data.get("total_count").asInt();
            boolean beyond = data.get("page").intValue() * data.get("page_size").intValue() < total;
            assertThat(beyond).as(endpoint.id() + " page x page_size < total_count").isEqualTo(more);
        }
    }
}
