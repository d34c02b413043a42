package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The simulated catalog is deterministic and realistic, and its sorts, price filters, boolean filters, versions and
 * item customizer work as documented.
 */
class SimulatorCatalogTest {

    private static final String TOKEN = "catalog-token";

    // Real province/prefecture pairs are what the simulator draws from; a typo here or there would show.
    private static final Map<String, Set<String>> CITIES_BY_PROVINCE = Map.ofEntries(
            Map.entry("浙江", Set.of("台州市", "金华市", "温州市", "宁波市", "杭州市")),
            Map.entry("广东", Set.of("广州市", "深圳市", "东莞市", "汕头市", "佛山市")),
            Map.entry("江苏", Set.of("苏州市", "南通市")),
            Map.entry("福建", Set.of("泉州市", "厦门市", "三明市")),
            Map.entry("山东", Set.of("临沂市", "青岛市")),
            Map.entry("河北", Set.of("邢台市", "保定市")),
            Map.entry("湖南", Set.of("湘潭市", "长沙市")),
            Map.entry("河南", Set.of("郑州市")), Map.entry("安徽", Set.of("合肥市")),
            Map.entry("江西", Set.of("南昌市")), Map.entry("四川", Set.of("成都市")),
            Map.entry("湖北", Set.of("武汉市")), Map.entry("上海", Set.of("上海市")),
            Map.entry("北京", Set.of("北京市")));

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
    void givenTwoSimulators_whenTheSameRequestIsSent_thenTheBytesAreEqual(TmapiEndpoint endpoint) throws Exception {
        try (TmapiSimulator other = new TmapiSimulator("another-token").start()) {
            SimulatorClient otherClient = new SimulatorClient(other, "another-token");
            String[] request = {endpoint.requiredParameter().name(), "1031922", "page", "2"};

            String first = client.get(endpoint.id(), request).body();
            String second = otherClient.get(endpoint.id(), request).body();

            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void givenTheDocsCategory_whenFetched_thenItsFirstItemIsTheSameInEveryRunAndJvm() throws Exception {
        // Pinned on purpose: changing them changes every user's demo data, so it must be a deliberate change.
        JsonNode first = client.json("category-items", "cat_id", "1031922").at("/data/items/0");

        assertThat(first.get("item_id").longValue()).isEqualTo(675491832397L);
        assertThat(first.get("title").textValue()).isEqualTo("日系轻奢雪纺法式连衣裙 一件代发");
        assertThat(first.get("price").textValue()).isEqualTo("26.34");
        assertThat(first.at("/delivery_info/area_from").toString()).isEqualTo("[\"广东\",\"深圳市\"]");
    }

    @ParameterizedTest
    @CsvSource({"keyword-search, 马克杯, 杯|壶", "keyword-search, mug, 杯|壶", "keyword-search-global, 连衣裙, 裙",
            "keyword-search, 枸杞, 枸杞|红枣|莲子|桂圆"})
    void givenAKeywordNamingAProduct_whenSearched_thenEveryItemIsSuchAProduct(String endpoint, String keyword,
                                                                              String word) throws Exception {
        JsonNode items = client.json(endpoint, "keyword", keyword, "language", "zh").at("/data/items");

        assertThat(items).isNotEmpty().allSatisfy(item -> assertThat(item.has("title_origin")
                ? item.get("title_origin").textValue() : item.get("title").textValue()).containsPattern(word));
    }

    @Test
    void givenTwoCategories_whenFetched_thenTheirItemsDiffer() throws Exception {
        Set<String> first = itemIds(client.json("category-items", "cat_id", "1031922"));
        Set<String> second = itemIds(client.json("category-items", "cat_id", "1031910"));

        assertThat(first).doesNotContainAnyElementsOf(second);
    }

    @Test
    void givenMoreItemsForAQuery_whenFetched_thenTheFirstItemsStayTheSame() throws Exception {
        String before = client.get("category-items", "cat_id", "1031922").body();
        simulator.setItemsForQuery("category-items", "1031922", 80);

        String after = client.get("category-items", "cat_id", "1031922").body();

        assertThat(after.replace("\"total_count\":80", "\"total_count\":45")).isEqualTo(before);
    }

    @Test
    void givenACategory_whenAllItemsFetched_thenTitlesAreChineseAndPlacesAndShopsReal() throws Exception {
        JsonNode items = client.json("category-items", "cat_id", "1031922", "page_size", "45").at("/data/items");

        Set<String> titles = new HashSet<>();
        Set<String> prices = new HashSet<>();
        Set<String> shops = new HashSet<>();
        for (JsonNode item : items) {
            titles.add(item.get("title").textValue());
            prices.add(item.get("price").textValue());
            shops.add(item.at("/shop_info/company_name").textValue());
            String province = item.at("/delivery_info/area_from/0").textValue();
            String city = item.at("/delivery_info/area_from/1").textValue();
            assertThat(CITIES_BY_PROVINCE).containsKey(province);
            assertThat(CITIES_BY_PROVINCE.get(province)).contains(city);
            assertThat(item.at("/shop_info/company_name").textValue()).startsWith(city);
            assertThat(item.get("title").textValue()).containsPattern("\\p{IsHan}{6,}");
            assertThat(item.get("item_id").asText()).matches("[6-9]\\d{11}");
        }
        assertThat(titles).hasSizeGreaterThan(35);
        assertThat(prices).hasSizeGreaterThan(35);
        assertThat(shops).hasSizeGreaterThan(5);
    }

    @ParameterizedTest
    @CsvSource({"category-items, cat_id", "image-search, img_url", "shop-items-by-member, member_id"})
    void givenSortBySales_whenAllItemsFetched_thenNinetyDaySalesDescend(String endpointId, String required)
            throws Exception {
        List<Long> sales = new ArrayList<>();
        List<Long> unsorted = new ArrayList<>();
        for (JsonNode item : client.json(endpointId, required, "8001", "sort", "sales", "page_size", "45")
                .at("/data/items")) {
            sales.add(salesOf(item));
        }
        for (JsonNode item : client.json(endpointId, required, "8001", "page_size", "45").at("/data/items")) {
            unsorted.add(salesOf(item));
        }

        assertThat(sales).hasSize(45).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(unsorted).isNotEqualTo(sales).containsExactlyInAnyOrderElementsOf(sales);
    }

    @Test
    void givenSortSentToV1_whenPagesFetched_thenIgnoredAsV1DocumentsNoSort() throws Exception {
        List<Long> sales = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            for (JsonNode item : client.json("category-items-v1", "cat_id", "8002", "sort", "sales",
                    "page", String.valueOf(page)).at("/data/items")) {
                sales.add(item.at("/sale_info/sale_quantity_int").longValue());
            }
        }
        List<Long> bySales = new ArrayList<>(sales);
        bySales.sort(Comparator.reverseOrder());

        assertThat(sales).hasSize(45).isNotEqualTo(bySales);
    }

    @ParameterizedTest
    @CsvSource({"price_up, false", "price_down, true"})
    void givenSortByPrice_whenAllPagesFetched_thenPricesAreOrderedAcrossPages(String sort, boolean descending)
            throws Exception {
        List<BigDecimal> prices = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            for (JsonNode item : client.json("shop-items", "shop_url", "https://xldjjg.1688.com/", "sort", sort,
                    "page", String.valueOf(page)).at("/data/items")) {
                prices.add(new BigDecimal(item.get("price").textValue()));
            }
        }

        Comparator<BigDecimal> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        assertThat(prices).hasSize(45).isSortedAccordingTo(order);
    }

    @ParameterizedTest
    @CsvSource({"time_up, false", "time_down, true"})
    void givenSortByTime_whenFetched_thenCreatedTimesAreOrdered(String sort, boolean descending) throws Exception {
        List<String> created = new ArrayList<>();
        for (JsonNode item : client.json("shop-items-by-member", "member_id", "jane727", "sort", sort,
                "page_size", "45").at("/data/items")) {
            created.add(item.get("created_time").textValue());
        }

        // All times are +0800, so their text sorts like the instants.
        Comparator<String> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        assertThat(created).hasSize(45).isSortedAccordingTo(order);
    }

    @Test
    void givenPriceRange_whenFetched_thenOnlyItemsInRangeAndTotalCountShrinksAndFiltersEchoed() throws Exception {
        JsonNode all = client.json("category-items", "cat_id", "1031922", "page_size", "45").get("data");
        BigDecimal low = new BigDecimal("5");
        BigDecimal high = new BigDecimal("20");
        long expected = 0;
        for (JsonNode item : all.get("items")) {
            BigDecimal price = new BigDecimal(item.get("price").textValue());
            expected += price.compareTo(low) >= 0 && price.compareTo(high) <= 0 ? 1 : 0;
        }

        JsonNode data = client.json("category-items", "cat_id", "1031922", "price_start", "5", "price_end", "20",
                "page_size", "45").get("data");

        assertThat(expected).isBetween(1L, 44L);
        assertThat(data.get("total_count").longValue()).isEqualTo(expected);
        assertThat(data.get("items")).hasSize((int) expected).allSatisfy(item ->
                assertThat(new BigDecimal(item.get("price").textValue())).isBetween(low, high));
        assertThat(data.get("filters").toString()).isEqualTo("{\"price_start\":\"5\",\"price_end\":\"20\"}");
    }

    @Test
    void givenPriceRangeOnShopByMember_whenFetched_thenRangeEchoedAsText() throws Exception {
        JsonNode data = client.json("shop-items-by-member", "member_id", "jane727", "price_end", "3.5").get("data");

        assertThat(data.get("price_start").textValue()).isEmpty();
        assertThat(data.get("price_end").textValue()).isEqualTo("3.5");
        assertThat(data.get("items")).allSatisfy(item ->
                assertThat(new BigDecimal(item.get("price").textValue())).isLessThanOrEqualTo(new BigDecimal("3.5")));
    }

    @Test
    void givenFreeShippingFilter_whenFetched_thenEveryItemShipsFree() throws Exception {
        JsonNode data = client.json("category-items", "cat_id", "1031922", "free_shipping", "true", "page_size", "45")
                .get("data");

        assertThat(data.get("total_count").intValue()).isBetween(1, 44);
        assertThat(data.get("items")).allSatisfy(item ->
                assertThat(item.at("/delivery_info/free_shipping").booleanValue()).isTrue());
        assertThat(data.at("/filters/free_shipping").textValue()).isEqualTo("true");
    }

    @Test
    void givenSortAndEchoes_whenShopItemsFetched_thenSortAndCategoryEchoed() throws Exception {
        JsonNode data = client.json("shop-items", "shop_url", "https://xldjjg.1688.com/", "sort", "time_down",
                "cat", "1234").get("data");

        assertThat(data.get("sort").textValue()).isEqualTo("time_down");
        assertThat(data.get("cat_id").textValue()).isEqualTo("1234");
    }

    @Test
    void givenImageSearchInChinese_whenFetched_thenTitleIsTheChineseOrigin() throws Exception {
        JsonNode items = client.json("image-search", "img_url", "https://cbu01.alicdn.com/img/x/y.jpg", "language", "zh")
                .at("/data/items");

        assertThat(items).allSatisfy(item ->
                assertThat(item.get("title").textValue()).isEqualTo(item.get("title_origin").textValue()));
    }

    @Test
    void givenCatalogVersionTwo_whenFetchedAgain_thenAboutOneFifthOfPricesChangeAndThreeNewItemsComeFirst()
            throws Exception {
        simulator.setItemsForQuery("category-items", "1031922", 200);
        Map<String, String> before = prices(client.json("category-items", "cat_id", "1031922", "page_size", "300"));

        simulator.setCatalogVersion(2);
        JsonNode after = client.json("category-items", "cat_id", "1031922", "page_size", "300");
        Map<String, String> afterPrices = prices(after);

        List<String> newIds = new ArrayList<>(afterPrices.keySet());
        newIds.removeAll(before.keySet());
        long changed = before.keySet().stream().filter(id -> !before.get(id).equals(afterPrices.get(id))).count();
        assertThat(after.at("/data/total_count").intValue()).isEqualTo(203);
        assertThat(newIds).hasSize(3);
        assertThat(List.of(after.at("/data/items/0/item_id").asText(), after.at("/data/items/1/item_id").asText(),
                after.at("/data/items/2/item_id").asText())).containsExactlyElementsOf(newIds);
        assertThat(afterPrices.keySet()).containsAll(before.keySet());
        assertThat(changed).isBetween(25L, 55L);
    }

    @Test
    void givenCatalogVersionBackToOne_whenFetched_thenTheOriginalBytesReturn() throws Exception {
        String original = client.get("shop-items-by-member", "member_id", "jane727").body();
        simulator.setCatalogVersion(3);
        String third = client.get("shop-items-by-member", "member_id", "jane727").body();

        simulator.setCatalogVersion(1);

        assertThat(third).isNotEqualTo(original);
        assertThat(client.get("shop-items-by-member", "member_id", "jane727").body()).isEqualTo(original);
    }

    @Test
    void givenItemCustomizer_whenFetched_thenItSeesEveryItemWithItsCatalogIndexAndItsChangeIsSent() throws Exception {
        Map<Integer, String> seen = new HashMap<>();
        simulator.setItemCustomizer((endpointId, value, index, item) -> {
            seen.put(index, endpointId + " " + value);
            if (index == 41) {
                item.put("title", "被测试改过的标题");
                ((ObjectNode) item.get("price_info")).put("sale_price", "abc");
            }
        });

        JsonNode last = client.json("category-items-v1", "cat_id", "9001", "page", "3").at("/data/items");

        assertThat(seen).containsOnlyKeys(40, 41, 42, 43, 44).containsValue("category-items-v1 9001");
        assertThat(last.get(1).get("title").textValue()).isEqualTo("被测试改过的标题");
        assertThat(last.get(1).at("/price_info/sale_price").textValue()).isEqualTo("abc");
    }

    @Test
    void givenNoCustomizer_whenCustomizerRemoved_thenItemsAreGeneratedOnesAgain() throws Exception {
        HttpResponse<String> original = client.get("image-search", "img_url", "https://cbu01.alicdn.com/img/x/y.jpg");
        simulator.setItemCustomizer((endpointId, value, index, item) -> item.put("title", "x"));
        simulator.setItemCustomizer(null);

        assertThat(client.get("image-search", "img_url", "https://cbu01.alicdn.com/img/x/y.jpg").body()).isEqualTo(original.body());
    }

    private static long salesOf(JsonNode item) {
        String text = item.at("/sale_info/sale_quantity_90days").asText();
        // Above 100000 TMAPI writes "100000+"; the order among those is the simulator's own, so count them equal.
        return Long.parseLong(text.replace("+", ""));
    }

    private static Set<String> itemIds(JsonNode body) {
        Set<String> ids = new HashSet<>();
        body.at("/data/items").forEach(item -> ids.add(item.get("item_id").asText()));
        return ids;
    }

    private static Map<String, String> prices(JsonNode body) {
        Map<String, String> prices = new LinkedHashMap<>();
        body.at("/data/items").forEach(item -> prices.put(item.get("item_id").asText(), item.get("price").asText()));
        return prices;
    }
}
