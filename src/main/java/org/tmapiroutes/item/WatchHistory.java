package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the watch runs recorded of each watched item, kept across runs in the state store (several instances share
 * it): the state each SKU is compared with at the next run, and the history of every SKU's price and stock.
 */
public interface WatchHistory {

    /** Where a SKU's stock stands, against {@code watch.low-stock}: each state is reported once as it is entered. */
    enum Stock {
        IN_STOCK, LOW, SOLD_OUT;

        /** The state of a stock; {@code null} for a stock not known. */
        static Stock of(Long stock, long lowStock) {
            return stock == null ? null : stock <= 0 ? SOLD_OUT : stock < lowStock ? LOW : IN_STOCK;
        }
    }

    /**
     * A SKU as the last run left it.
     *
     * @param skuId          the SKU's id; empty for an item without SKUs
     * @param referencePrice the price last reported, or the baseline while none was: what a price change is measured
     *                       from
     * @param stock          its stock state, {@code null} while its stock was never known
     * @param targetReached  whether its price was at or below the item's target price
     * @param gone           whether it was missing from the item's last answer
     */
    record Sku(String skuId, String skuName, BigDecimal referencePrice, BigDecimal lastPrice, Long lastStock,
            Stock stock, boolean targetReached, boolean gone) {
    }

    /**
     * A watched item as the last run left it.
     *
     * @param failedRuns  the runs in a row whose detail call for it failed for good
     * @param unavailable whether it was reported unavailable (and has not answered since)
     * @param skus        its SKUs by id; empty until it first answered (its baseline)
     */
    record Item(String itemId, String title, String productUrl, String imageUrl, int failedRuns, boolean unavailable,
            Map<String, Sku> skus) {
    }

    /** One SKU's price and stock at one run. */
    record Point(String itemId, String skuId, Instant checkedAt, BigDecimal price, Long stock) {
    }

    /** What the store holds of these items; an item never checked is not in the answer. */
    Map<String, Item> items(Collection<String> itemIds);

    /**
     * Records a run in one transaction: each item's and SKU's new state, and the run's points in the history.
     *
     * @param items  the items checked, as the run leaves them
     * @param points the price and stock of every SKU that answered
     */
    void record(Collection<Item> items, Collection<Point> points);

    /** The item's recorded points since the instant, oldest first. */
    List<Point> history(String itemId, Instant since);

    /** The ids of every item the store holds a state of, in order. */
    List<String> itemIds();

    /** Forgets the points older than the instant ({@code watch.keep-days}); returns how many. */
    int forget(Instant before);
}
