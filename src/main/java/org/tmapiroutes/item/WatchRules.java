package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tmapiroutes.item.WatchChange.Kind;
import org.tmapiroutes.item.WatchHistory.Item;
import org.tmapiroutes.item.WatchHistory.Point;
import org.tmapiroutes.item.WatchHistory.Sku;
import org.tmapiroutes.item.WatchHistory.Stock;

/**
 * The rules of SPEC §16 that tell what changed in a watched item since the last run, SKU by SKU, without noise: an
 * item's first answer is its baseline and reports nothing; a price is reported when it moved by at least
 * {@code watch.min-change-pct} from the value last reported (so a price hovering around a threshold is reported
 * once); low stock, sold out, back in stock and the target price are states, each reported as it is entered.
 */
public final class WatchRules {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final BigDecimal minChangePct;
    private final long lowStock;

    /**
     * @param minChangePct {@code watch.min-change-pct}: the least move of a price, in per cent, that is reported
     * @param lowStock     {@code watch.low-stock}: a stock below it is low
     */
    public WatchRules(BigDecimal minChangePct, long lowStock) {
        this.minChangePct = minChangePct;
        this.lowStock = lowStock;
    }

    /**
     * What one run found of an item: its state after the run, its changes, the points it adds to the history.
     */
    public record Outcome(Item after, List<WatchChange> changes, List<Point> points) {
    }

    /**
     * An item that answered.
     *
     * @param before what the last run left of it, or {@code null} when it was never checked
     * @param skus   its rows, one per SKU (one row without a SKU id for an item without SKUs)
     */
    public Outcome answered(WatchList.Entry entry, Item before, List<ProductRow> skus, Instant at) {
        ProductRow first = skus.get(0);
        Map<String, Sku> known = before == null ? Map.of() : before.skus();
        boolean baseline = known.isEmpty();
        Map<String, Sku> after = new LinkedHashMap<>();
        List<WatchChange> changes = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        Change change = (kind, sku, name, oldValue, newValue) -> changes.add(new WatchChange(entry.itemId(), sku, name,
                first.getTitle(), kind, oldValue, newValue, entry.note(), first.getProductUrl(), at, lowStock));
        for (ProductRow row : skus) {
            String skuId = text(row.getFields().get("sku_id"));
            String name = text(row.getFields().get("sku_name"));
            BigDecimal price = row.getPrice();
            Long stock = SourcingRecords.stock(row);
            Stock state = Stock.of(stock, lowStock);
            boolean reached = reached(price, entry.targetPrice());
            if (after.containsKey(skuId)) {
                // a SKU an answer lists twice is compared once
                continue;
            }
            points.add(new Point(entry.itemId(), skuId, at, price, stock));
            Sku was = known.get(skuId);
            if (was == null || was.gone()) {
                if (!baseline) {
                    change.add(Kind.NEW_SKU, skuId, name, null, price);
                }
                after.put(skuId, new Sku(skuId, name, price, price, stock, state, reached, false));
                continue;
            }
            BigDecimal reference = was.referencePrice() == null ? price : was.referencePrice();
            if (moved(reference, price)) {
                change.add(price.compareTo(reference) > 0 ? Kind.PRICE_UP : Kind.PRICE_DOWN, skuId, name, reference,
                        price);
                reference = price;
            }
            Stock stockState = state == null ? was.stock() : state;
            if (state != null && was.stock() != null && state != was.stock()) {
                BigDecimal oldStock = was.lastStock() == null ? null : BigDecimal.valueOf(was.lastStock());
                if (state == Stock.SOLD_OUT) {
                    change.add(Kind.SOLD_OUT, skuId, name, oldStock, BigDecimal.ZERO);
                } else if (was.stock() == Stock.SOLD_OUT) {
                    change.add(Kind.BACK_IN_STOCK, skuId, name, BigDecimal.ZERO, BigDecimal.valueOf(stock));
                } else if (state == Stock.LOW) {
                    change.add(Kind.LOW_STOCK, skuId, name, oldStock, BigDecimal.valueOf(stock));
                }
            }
            if (reached && !was.targetReached()) {
                change.add(Kind.TARGET_PRICE, skuId, name, entry.targetPrice(), price);
            }
            after.put(skuId, new Sku(skuId, name == null ? was.skuName() : name, reference,
                    price == null ? was.lastPrice() : price, stock == null ? was.lastStock() : stock, stockState,
                    price == null ? was.targetReached() : reached, false));
        }
        for (Sku was : known.values()) {
            if (!after.containsKey(was.skuId())) {
                if (!was.gone()) {
                    change.add(Kind.SKU_GONE, was.skuId(), was.skuName(), was.lastPrice(), null);
                }
                after.put(was.skuId(), new Sku(was.skuId(), was.skuName(), was.referencePrice(), was.lastPrice(),
                        was.lastStock(), was.stock(), was.targetReached(), true));
            }
        }
        Item item = new Item(entry.itemId(), first.getTitle(), first.getProductUrl(), first.getImageUrl(), 0, false,
                after);
        return new Outcome(item, changes, points);
    }

    /**
     * An item whose detail call failed for good: unavailable when it failed in two runs in a row, reported once.
     *
     * @param before what the last run left of it, or {@code null} when it was never checked
     */
    public Outcome failed(WatchList.Entry entry, Item before, Instant at) {
        int failedRuns = before == null ? 1 : before.failedRuns() + 1;
        boolean wasUnavailable = before != null && before.unavailable();
        boolean unavailable = failedRuns >= 2;
        String title = before == null ? null : before.title();
        String productUrl = before == null ? ProductNormalizer.OFFER_URL.formatted(entry.itemId()) : before.productUrl();
        List<WatchChange> changes = unavailable && !wasUnavailable
                ? List.of(new WatchChange(entry.itemId(), null, null, title, Kind.UNAVAILABLE, null, null, entry.note(),
                        productUrl, at, lowStock))
                : List.of();
        Item item = new Item(entry.itemId(), title, productUrl, before == null ? null : before.imageUrl(), failedRuns,
                unavailable, before == null ? Map.of() : before.skus());
        return new Outcome(item, changes, List.of());
    }

    /** Whether the price moved by at least the minimum from the reference, computed exactly (3.00 % is reported). */
    private boolean moved(BigDecimal reference, BigDecimal price) {
        if (reference == null || price == null || price.compareTo(reference) == 0 || reference.signum() == 0) {
            return false;
        }
        return price.subtract(reference).abs().multiply(HUNDRED).compareTo(minChangePct.multiply(reference.abs())) >= 0;
    }

    private static boolean reached(BigDecimal price, BigDecimal target) {
        return target != null && price != null && price.compareTo(target) <= 0;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    @FunctionalInterface
    private interface Change {
        void add(Kind kind, String skuId, String skuName, BigDecimal oldValue, BigDecimal newValue);
    }
}
