package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.store.JdbcPriceHistory;
import org.tmapiroutes.store.StateStore;

class ProductStepsTest {

    private final ProductSteps steps = new ProductSteps();

    private static ProductRow row(String id, String price, Long sales90d, String title) {
        ProductRow r = new ProductRow();
        r.setSource("category-items");
        r.setQuery("1031922");
        r.setItemId(id);
        r.setPrice(price == null ? null : new BigDecimal(price));
        r.setSales90d(sales90d);
        r.setTitle(title);
        return r;
    }

    private List<ProductRow> rows() {
        ProductRow a = row("1", "0.60", 100000L, "心型太阳镜 Sunglasses");
        a.setProvince("浙江");
        a.setCity("台州市");
        a.setShopScore(new BigDecimal("4.0"));
        a.setFreeShipping(true);
        a.setSuperFactory(false);
        ProductRow b = row("2", "12.50", 500L, "连衣裙 dress");
        b.setProvince("广东");
        b.setCity("广州市");
        b.setShopScore(new BigDecimal("4.8"));
        b.setFreeShipping(false);
        b.setSuperFactory(true);
        ProductRow c = row("3", null, null, "no price");
        return new ArrayList<>(List.of(a, b, c));
    }

    private static List<String> ids(List<ProductRow> rows) {
        return rows.stream().map(ProductRow::getItemId).toList();
    }

    @Test
    void givenPriceRangeMinSalesAndShopScore_whenApplied_thenOnlyMatchingKept() {
        assertThat(ids(steps.priceRange(rows(), "0.5", "5"))).containsExactly("1");
        assertThat(ids(steps.priceRange(rows(), "", ""))).containsExactly("1", "2", "3");
        assertThat(ids(steps.minSales(rows(), "1000"))).containsExactly("1");
        assertThat(ids(steps.minShopScore(rows(), "4.5"))).containsExactly("2");
    }

    @Test
    void givenKeywordsLocationAndFlags_whenApplied_thenCaseInsensitiveOverTitles() {
        assertThat(ids(steps.keywords(rows(), "SUNGLASSES, 连衣裙", ""))).containsExactly("1", "2");
        assertThat(ids(steps.keywords(rows(), "", "dress"))).containsExactly("1", "3");
        assertThat(ids(steps.location(rows(), "浙江省", ""))).containsExactly("1");
        assertThat(ids(steps.location(rows(), "", "广州"))).containsExactly("2");
        assertThat(ids(steps.flags(rows(), "true", "", "", ""))).containsExactly("2");
        assertThat(ids(steps.flags(rows(), "", "", "TRUE", ""))).containsExactly("1");
        assertThatThrownBy(() -> steps.flags(rows(), "yes", "", "", "")).hasMessage(
                "superFactory 'yes' is not a boolean; allowed values: true, false");
    }

    @Test
    void givenDuplicatesAcrossQueries_whenDeduped_thenFirstOfEachItemKept() {
        List<ProductRow> rows = rows();
        ProductRow again = row("1", "0.70", 1L, "again");
        rows.add(again);

        assertThat(steps.dedupe(rows)).extracting(ProductRow::getPrice).containsExactly(new BigDecimal("0.60"),
                new BigDecimal("12.50"), null);
    }

    @Test
    void givenSortAndTop_whenApplied_thenOrderedByAnyColumnNameAndCut() {
        assertThat(ids(steps.top(rows(), "price", "asc", ""))).containsExactly("1", "2", "3");
        assertThat(ids(steps.top(rows(), "sales_90d", "", "1"))).containsExactly("1");
        assertThat(ids(steps.top(rows(), "shopScore", "desc", "2"))).containsExactly("2", "1");
        assertThatThrownBy(() -> steps.top(rows(), "prise", "", "1")).hasMessageStartingWith("sortBy 'prise' is no column");
    }

    @Test
    void givenCurrencyAndRetailFormula_whenApplied_thenColumnsAddedInStepOrder() {
        List<ProductRow> rows = steps.retailPrice(steps.convertCurrency(rows(), "usd", "0.14"), "2.5", "3", "0.5", "up");

        ProductRow first = rows.get(0);
        assertThat(first.getExtras()).containsExactly(Map.entry("price_USD", new BigDecimal("0.08")),
                Map.entry("retail_price", new BigDecimal("4.5")));
        assertThat(rows.get(1).getExtras().get("retail_price")).isEqualTo(new BigDecimal("34.5"));
        assertThat(rows.get(2).getExtras()).containsEntry("retail_price", null);
        assertThat(steps.retailPrice(rows(), "2", "", "", "").get(1).getExtras().get("retail_price"))
                .isEqualTo(new BigDecimal("25.00"));
        assertThatThrownBy(() -> steps.retailPrice(rows(), "2", "", "0.5", "sideways"))
                .hasMessage("rounding 'sideways' is not allowed; allowed values: up, down, half-up");
    }

    @Test
    void givenTwoRuns_whenPricesMove_thenOnlyTheChangedOnesWithOldNewAndPercent(@TempDir Path dataDir) {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            PriceChanges changes = new PriceChanges(new JdbcPriceHistory(store.dataSource()));
            assertThat(changes.changed(rows(), "flow", "down")).as("first run: nothing to compare").isEmpty();

            List<ProductRow> second = rows();
            second.get(0).setPrice(new BigDecimal("0.45"));
            second.get(1).setPrice(new BigDecimal("13.00"));

            List<ProductRow> drops = changes.changed(second, "flow", "down");
            assertThat(ids(drops)).containsExactly("1");
            assertThat(drops.get(0).getExtras()).containsEntry("old_price", new BigDecimal("0.60"))
                    .containsEntry("new_price", new BigDecimal("0.45"))
                    .containsEntry("change_pct", new BigDecimal("-25.00"));
            assertThat(ids(changes.changed(rows(), "other-flow", "any"))).as("per flow").isEmpty();
        }
    }
}
