package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmapiroutes.item.ProductRow;

/** The per-endpoint Kamelets a route uses to reach TMAPI with user-level parameters. */
class KameletActionTest {

    @TempDir
    static Path dataDir;
    static RunningBundle bundle;

    @BeforeAll
    static void start() throws Exception {
        bundle = RunningBundle.start(dataDir);
        bundle.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:best-sellers").to("kamelet:tmapi-category-items-action?catId=1031922&sort=sales&maxPages=2");
                from("direct:bad-sort").to("kamelet:tmapi-category-items-action?catId=1031922&sort=cheapest");
                from("direct:category-items-v1").to("kamelet:tmapi-category-items-v1-action?catId=1031910");
                from("direct:shop-items").to("kamelet:tmapi-shop-items-action?shopUrl=https://xldjjg.1688.com/&maxItems=7");
                from("direct:shop-items-by-member").to("kamelet:tmapi-shop-items-by-member-action?memberId=jane727");
                from("direct:image-search").to("kamelet:tmapi-image-search-action?imgUrl=https://x/y.jpg&language=ru");
                from("direct:keyword-search").to("kamelet:tmapi-keyword-search-action?keyword=马克杯&moq=2&maxItems=30");
                from("direct:keyword-search-global")
                        .to("kamelet:tmapi-keyword-search-global-action?catId=1031922&language=ja&sort=price_up");
                from("direct:item-detail")
                        .to("kamelet:tmapi-item-detail-action?itemId=https://detail.1688.com/offer/652702302959.html");
                from("direct:item-shipping").to("kamelet:tmapi-item-shipping-action?itemId=652702302959&province=广东"
                        + "&totalQuantity=100&totalWeight=12");
                from("direct:shop-info-neither").to("kamelet:tmapi-shop-info-action");
                from("direct:category-info").to("kamelet:tmapi-category-info-action");
                from("direct:keyword-search-global-neither")
                        .to("kamelet:tmapi-keyword-search-global-action?sort=sales");
            }
        });
    }

    @AfterAll
    static void stop() {
        bundle.close();
    }

    @BeforeEach
    void reset() {
        bundle.simulator.resetCounters();
    }

    @SuppressWarnings("unchecked")
    private static List<ProductRow> call(String route) {
        return bundle.context().createProducerTemplate().requestBody("direct:" + route, (Object) null, List.class);
    }

    @Test
    void givenCatIdSortAndMaxPages_whenCalled_thenProductsSortedBySalesFromTwoPages() {
        List<ProductRow> rows = call("best-sellers");

        assertThat(rows).hasSize(40);
        assertThat(rows).extracting(ProductRow::getSales).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(bundle.simulator.requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.query()).containsEntry("sort", "sales").containsEntry("cat_id", "1031922"));
        assertThat(rows.get(0).getPrice()).isInstanceOf(BigDecimal.class);
    }

    @Test
    void givenUnknownSort_whenCalled_thenRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> call("bad-sort")).isInstanceOf(CamelExecutionException.class)
                .rootCause().hasMessageContaining("sort 'cheapest' is not allowed; allowed values: default, sales, price_up, price_down");
        assertThat(bundle.simulator.requestCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"category-items-v1,45,1031910", "shop-items,7,https://xldjjg.1688.com/",
            "shop-items-by-member,45,jane727", "image-search,45,https://x/y.jpg", "keyword-search,30,马克杯",
            "keyword-search-global,45,1031922"})
    void givenEachEndpointsKamelet_whenCalled_thenItsProducts(String endpointId, int expected, String query) {
        List<ProductRow> rows = call(endpointId);

        assertThat(rows).hasSize(expected).allSatisfy(r -> {
            assertThat(r.getSource()).isEqualTo(endpointId);
            assertThat(r.getQuery()).isEqualTo(query);
        });
        if (endpointId.equals("image-search")) {
            assertThat(bundle.simulator.requests()).filteredOn(r -> "image-search".equals(r.endpointId()))
                    .isNotEmpty().allSatisfy(r -> assertThat(r.parameter("language")).isEqualTo("ru"));
        }
        if (endpointId.equals("keyword-search")) {
            assertThat(bundle.simulator.requests()).hasSize(2).allSatisfy(r -> assertThat(r.query())
                    .containsEntry("keyword", "马克杯").containsEntry("moq", "2").doesNotContainKey("language"));
        }
        if (endpointId.equals("keyword-search-global")) {
            assertThat(bundle.simulator.requests()).hasSize(3).allSatisfy(r -> assertThat(r.query())
                    .containsEntry("cat_id", "1031922").containsEntry("language", "ja")
                    .containsEntry("sort", "price_up").doesNotContainKey("keyword"));
            assertThat(rows).extracting(ProductRow::getPrice).isSortedAccordingTo(Comparator.naturalOrder());
        }
    }

    @Test
    void givenTheGlobalKeywordKameletWithNeitherKeywordNorCatId_whenCalled_thenRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> call("keyword-search-global-neither")).isInstanceOf(CamelExecutionException.class)
                .rootCause().hasMessageContaining("keyword or cat_id: one of them is required");
        assertThat(bundle.simulator.requestCount()).isZero();
    }

    @Test
    void givenTheSourcingKamelets_whenCalled_thenTheirRowsWithOneRequestEach() {
        List<ProductRow> skus = call("item-detail");
        List<ProductRow> quote = call("item-shipping");
        List<ProductRow> categories = call("category-info");

        assertThat(skus).hasSize(9).allSatisfy(row -> assertThat(row.getQuery())
                .isEqualTo("https://detail.1688.com/offer/652702302959.html"));
        assertThat(skus.get(0).getFields()).containsEntry("price_tiers", "1:29.89|100:27.60|300:25.90");
        assertThat(quote).singleElement().satisfies(row -> assertThat(row.getFields())
                .containsEntry("province", "广东").containsKey("total_fee"));
        assertThat(categories).hasSize(7);
        assertThat(bundle.simulator.requests()).extracting(r -> r.endpointId())
                .containsExactlyInAnyOrder("item-detail", "item-shipping", "category-info");
        assertThat(bundle.simulator.requests()).filteredOn(r -> "item-shipping".equals(r.endpointId()))
                .singleElement().satisfies(r -> assertThat(r.query()).containsEntry("total_quantity", "100")
                        .containsEntry("total_weight", "12"));
    }

    @Test
    void givenShopInfoWithNeitherShopUrlNorMemberId_whenCalled_thenRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> call("shop-info-neither")).isInstanceOf(CamelExecutionException.class)
                .rootCause().hasMessageContaining("shop_url or member_id: one of them is required");
        assertThat(bundle.simulator.requestCount()).isZero();
    }
}
