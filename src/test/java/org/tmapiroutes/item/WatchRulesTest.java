package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmapiroutes.item.WatchChange.Kind;
import org.tmapiroutes.item.WatchHistory.Item;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;

/** The §16 change rules, run after run on one watched item: what is reported, and what is not (no alert storm). */
class WatchRulesTest {

    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    private final WatchRules rules = new WatchRules(new BigDecimal("3"), 50);
    private final WatchList list = WatchList.parse("item_id,target_price,note\n610947572360,,red one\n",
            new QueryValidator(QueryDefaults.DOCUMENTED));
    private Item state;

    /** One run of the item with these SKUs ({@code id=price/stock}); the changes it reports, in words. */
    private List<String> run(String... skus) {
        return run(list.items().get(0), skus);
    }

    private List<String> run(WatchList.Entry entry, String... skus) {
        List<ProductRow> rows = new ArrayList<>();
        for (String sku : skus) {
            String[] idAndValues = sku.split("=");
            String[] priceAndStock = idAndValues[1].split("/");
            ProductRow row = new ProductRow();
            row.setItemId(entry.itemId());
            row.setTitle("watched");
            row.setPrice(priceAndStock[0].isEmpty() ? null : new BigDecimal(priceAndStock[0]));
            row.getFields().put("sku_id", idAndValues[0]);
            row.getFields().put("sku_name", "colour:" + idAndValues[0]);
            row.getFields().put("sku_stock", priceAndStock.length > 1 ? Long.valueOf(priceAndStock[1]) : null);
            rows.add(row);
        }
        WatchRules.Outcome outcome = rows.isEmpty() ? rules.failed(entry, state, AT) : rules.answered(entry, state, rows, AT);
        state = outcome.after();
        return outcome.changes().stream().map(c -> c.kind().csvName() + " " + c.words()).toList();
    }

    @Test
    void givenAPriceHoveringAroundTheThreshold_whenItGoesTenTenTwentyNineNinetyFiveTenTwentyFiveTenSixty_thenOnlyTheMoveOfSixPerCentIsReported() {
        assertThat(run("a=10.00/100")).as("the first run is the baseline").isEmpty();
        assertThat(run("a=10.20/100")).as("+2.0 % from 10.00").isEmpty();
        assertThat(run("a=9.95/100")).as("-0.5 % from 10.00").isEmpty();
        assertThat(run("a=10.25/100")).as("+2.5 % from 10.00").isEmpty();
        assertThat(run("a=10.60/100")).containsExactly("price_up price 10.00 → 10.60 (+6.0\u00a0%)");
        // the reference is now the price last reported
        assertThat(run("a=10.40/100")).as("-1.9 % from 10.60").isEmpty();
        assertThat(run("a=10.80/100")).as("+1.9 % from 10.60").isEmpty();
        assertThat(run("a=10.28/100")).containsExactly("price_down price 10.60 → 10.28 (\u22123.0\u00a0%)");
    }

    @ParameterizedTest(name = "10.00 → {0}: reported {1}")
    @CsvSource({"10.30, true", "10.29, false", "9.70, true", "9.71, false", "10.00, false"})
    void givenTheMinimumOfThreePerCent_whenAPriceMovesToItsBoundary_thenExactlyThreePerCentIsReported(String price,
            boolean reported) {
        run("a=10.00/100");
        assertThat(run("a=" + price + "/100")).hasSize(reported ? 1 : 0);
    }

    @Test
    void givenStockFallingAndRising_whenItCrossesLowSoldOutAndBack_thenEachStateIsReportedOnceAsItIsEntered() {
        run("a=5.00/80");
        assertThat(run("a=5.00/50")).as("50 is not below 50").isEmpty();
        assertThat(run("a=5.00/49")).containsExactly("low_stock stock 50 → 49, below 50");
        assertThat(run("a=5.00/30")).as("still low: said once").isEmpty();
        assertThat(run("a=5.00/0")).containsExactly("sold_out sold out (stock 30 → 0)");
        assertThat(run("a=5.00/0")).isEmpty();
        assertThat(run("a=5.00/120")).containsExactly("back_in_stock back in stock: 120");
        assertThat(run("a=5.00/49")).as("low again after it left").containsExactly("low_stock stock 120 → 49, below 50");
        assertThat(run("a=5.00/60")).as("leaving low is no alert").isEmpty();
        assertThat(run("a=5.00/0")).containsExactly("sold_out sold out (stock 60 → 0)");
        assertThat(run("a=5.00/20")).containsExactly("back_in_stock back in stock: 20, below 50");
    }

    @Test
    void givenSkusThatComeAndGo_whenTheItemAnswers_thenNewAndGoneAreReportedOnceAndTheBaselineReportsNothing() {
        assertThat(run("a=5.00/80", "b=6.00/80")).isEmpty();
        assertThat(run("a=5.00/80", "b=6.00/80", "c=7.00/10")).containsExactly("new_sku new SKU at 7.00");
        assertThat(run("a=5.00/80", "c=7.00/10")).containsExactly("sku_gone SKU gone (last at 6.00)");
        assertThat(run("a=5.00/80", "c=7.00/10")).isEmpty();
        assertThat(run("a=5.00/80", "b=6.50/80", "c=7.00/10")).as("back: new again, measured from now")
                .containsExactly("new_sku new SKU at 6.50");
    }

    @Test
    void givenATargetPrice_whenThePriceReachesItLeavesAndReachesItAgain_thenEachArrivalIsReported() {
        WatchList.Entry targeted = WatchList.parse("item_id,target_price\n610947572360,9.50\n",
                new QueryValidator(QueryDefaults.DOCUMENTED)).items().get(0);
        assertThat(run(targeted, "a=10.00/100")).isEmpty();
        assertThat(run(targeted, "a=9.80/100")).isEmpty();
        assertThat(run(targeted, "a=9.50/100")).containsExactly("price_down price 10.00 → 9.50 (\u22125.0\u00a0%)",
                "target_price target price 9.50 reached: 9.50");
        assertThat(run(targeted, "a=9.40/100")).as("still reached").isEmpty();
        assertThat(run(targeted, "a=9.90/100")).as("left: no alert for leaving")
                .containsExactly("price_up price 9.50 → 9.90 (+4.2\u00a0%)");
        assertThat(run(targeted, "a=9.70/100")).isEmpty();
        assertThat(run(targeted, "a=9.45/100")).containsExactly("price_down price 9.90 → 9.45 (\u22124.5\u00a0%)",
                "target_price target price 9.50 reached: 9.45");
    }

    @Test
    void givenAnItemWhoseDetailFails_whenItFailsTwiceInARow_thenItIsUnavailableOnceAndItsSkusAreKept() {
        run("a=5.00/80");
        assertThat(run()).as("one failed run is no news").isEmpty();
        assertThat(run("a=5.00/80")).isEmpty();
        assertThat(run()).isEmpty();
        assertThat(run()).singleElement().asString().startsWith("unavailable");
        assertThat(run()).as("said once").isEmpty();
        assertThat(run("a=4.00/80")).as("back, compared with what it was")
                .containsExactly("price_down price 5.00 → 4.00 (\u221220.0\u00a0%)");
    }

    @Test
    void givenAnItemThatNeverAnswered_whenItFailsTwice_thenItIsReportedUnavailableWithItsLink() {
        assertThat(run()).isEmpty();
        assertThat(run()).singleElement().asString()
                .isEqualTo("unavailable unavailable: its detail could not be fetched in two runs in a row");
        assertThat(state.productUrl()).isEqualTo("https://detail.1688.com/offer/610947572360.html");
    }

    @Test
    void givenAChange_whenItIsACsvRow_thenItsColumnsAreThoseOfSpec16() {
        run("a=10.00/100");
        List<ProductRow> rows = new ArrayList<>();
        WatchRules.Outcome outcome = rules.answered(list.items().get(0), state, List.of(sku("a", "9.50", 100)), AT);
        outcome.changes().forEach(c -> rows.add(c.row()));
        Map<String, Object> row = new LinkedHashMap<>();
        WatchChange.COLUMNS.forEach(c -> row.put(c.name(), c.value().apply(rows.get(0))));
        assertThat(row.keySet()).containsExactly("item_id", "sku_id", "sku_name", "title", "change", "old_value",
                "new_value", "change_pct", "note", "product_url", "checked_at");
        assertThat(row).containsEntry("item_id", "610947572360").containsEntry("sku_id", "a")
                .containsEntry("change", "price_down").containsEntry("old_value", new BigDecimal("10.00"))
                .containsEntry("new_value", new BigDecimal("9.50")).containsEntry("change_pct", new BigDecimal("-5.00"))
                .containsEntry("note", "red one").containsEntry("checked_at", "2026-12-01T00:00:00Z");
        assertThat(outcome.changes().get(0).kind()).isEqualTo(Kind.PRICE_DOWN);
    }

    private static ProductRow sku(String id, String price, long stock) {
        ProductRow row = new ProductRow();
        row.setItemId("610947572360");
        row.setPrice(new BigDecimal(price));
        row.getFields().put("sku_id", id);
        row.getFields().put("sku_stock", stock);
        return row;
    }
}
