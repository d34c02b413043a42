package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.tmapiroutes.item.ProductRow.Column;

/**
 * One change a watch run found: a SKU's price moved, its stock ran low, out or back, a SKU came or went, the item
 * became unavailable, or its target price was reached. Said in words for the mail and as a row of the changes CSV.
 *
 * @param oldValue the value before (a price, a stock, the target price), or {@code null}
 * @param newValue the value now, or {@code null}
 * @param lowStock {@code watch.low-stock}, for the words of a low stock
 */
public record WatchChange(String itemId, String skuId, String skuName, String title, Kind kind, BigDecimal oldValue,
        BigDecimal newValue, String note, String productUrl, Instant checkedAt, long lowStock) {

    /** The columns of the changes CSV (SPEC §16), in their order. */
    public static final List<Column> COLUMNS = columns("item_id", "sku_id", "sku_name", "title", "change", "#old_value",
            "#new_value", "#change_pct", "note", "product_url", "checked_at");

    /** The kinds of change, by their name in the CSV's {@code change} column. */
    public enum Kind {
        PRICE_UP, PRICE_DOWN, LOW_STOCK, SOLD_OUT, BACK_IN_STOCK, NEW_SKU, SKU_GONE, UNAVAILABLE, TARGET_PRICE;

        /** The name in the CSV, e.g. {@code price_up}. */
        public String csvName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The change of a price in per cent, two decimals; {@code null} for other changes. */
    public BigDecimal changePct() {
        return pct(2);
    }

    /** The change of a price in per cent to the decimals, rounded once from the exact value. */
    private BigDecimal pct(int decimals) {
        if ((kind != Kind.PRICE_UP && kind != Kind.PRICE_DOWN) || oldValue == null || newValue == null
                || oldValue.signum() == 0) {
            return null;
        }
        return newValue.subtract(oldValue).multiply(BigDecimal.valueOf(100)).divide(oldValue, decimals,
                RoundingMode.HALF_UP);
    }

    /** The change in words, e.g. {@code price 12.50 → 11.90 (−4.8 %)} (a no-break space before the %) or {@code stock 80 → 30, below 50}. */
    public String words() {
        return switch (kind) {
            case PRICE_UP, PRICE_DOWN -> "price " + plain(oldValue) + " → " + plain(newValue) + " (" + signedPct() + ")";
            case LOW_STOCK -> "stock " + plain(oldValue) + " → " + plain(newValue) + ", below " + lowStock;
            case SOLD_OUT -> "sold out (stock " + plain(oldValue) + " → 0)";
            case BACK_IN_STOCK -> "back in stock: " + plain(newValue)
                    + (newValue != null && newValue.longValue() < lowStock ? ", below " + lowStock : "");
            case NEW_SKU -> "new SKU at " + plain(newValue);
            case SKU_GONE -> "SKU gone (last at " + plain(oldValue) + ")";
            case UNAVAILABLE -> "unavailable: its detail could not be fetched in two runs in a row";
            case TARGET_PRICE -> "target price " + plain(oldValue) + " reached: " + plain(newValue);
        };
    }

    /**
     * What changes alike share, so that a mail can say them once: the same move of the price in per cent, or the same
     * words.
     */
    public String likeness() {
        return switch (kind) {
            case PRICE_UP, PRICE_DOWN -> kind + " " + signedPct();
            case TARGET_PRICE -> kind + " " + plain(oldValue);
            default -> kind + " " + words();
        };
    }

    /**
     * The words of changes alike ({@link #likeness()}), e.g. {@code price 93.65–95.65 → 86.16–88.00 (−8.0 %)} or
     * {@code target price 88.50 reached: 86.16–88.00}.
     */
    public static String words(List<WatchChange> alike) {
        WatchChange first = alike.get(0);
        if (alike.size() == 1) {
            return first.words();
        }
        return switch (first.kind) {
            case PRICE_UP, PRICE_DOWN -> "price " + range(alike.stream().map(WatchChange::oldValue).toList()) + " → "
                    + range(alike.stream().map(WatchChange::newValue).toList()) + " (" + first.signedPct() + ")";
            case TARGET_PRICE -> "target price " + plain(first.oldValue) + " reached: "
                    + range(alike.stream().map(WatchChange::newValue).toList());
            default -> first.words();
        };
    }

    private static String range(List<BigDecimal> values) {
        BigDecimal low = values.stream().min(BigDecimal::compareTo).orElseThrow();
        BigDecimal high = values.stream().max(BigDecimal::compareTo).orElseThrow();
        return low.compareTo(high) == 0 ? low.toPlainString() : low.toPlainString() + "–" + high.toPlainString();
    }

    /** The SKU in a reader's words: its name, else its id, else the item itself. */
    public String skuLabel() {
        return skuName != null && !skuName.isBlank() ? skuName : skuId != null && !skuId.isEmpty() ? "SKU " + skuId
                : "item";
    }

    /** The change as a row of the changes CSV ({@link #COLUMNS}). */
    public ProductRow row() {
        ProductRow row = new ProductRow();
        row.setItemId(itemId);
        row.setTitle(title);
        row.setProductUrl(productUrl);
        row.getFields().put("item_id", itemId);
        row.getFields().put("sku_id", skuId);
        row.getFields().put("sku_name", skuName);
        row.getFields().put("title", title);
        row.getFields().put("change", kind.csvName());
        row.getFields().put("old_value", oldValue);
        row.getFields().put("new_value", newValue);
        row.getFields().put("change_pct", changePct());
        row.getFields().put("note", note);
        row.getFields().put("product_url", productUrl);
        row.getFields().put("checked_at", DateTimeFormatter.ISO_INSTANT.format(checkedAt.truncatedTo(ChronoUnit.SECONDS)));
        return row;
    }

    /** Columns read from a row's fields by name; a name marked {@code #} is a number. */
    static List<Column> columns(String... names) {
        List<Column> columns = new ArrayList<>();
        for (String marked : names) {
            boolean number = marked.startsWith("#");
            String name = number ? marked.substring(1) : marked;
            columns.add(new Column(name, number ? ProductRow.Kind.NUMBER : ProductRow.Kind.TEXT, row -> row.getFields().get(name)));
        }
        return List.copyOf(columns);
    }

    private String signedPct() {
        BigDecimal pct = pct(1);
        if (pct == null) {
            return "?";
        }
        // a no-break space: a mail's line never ends between the number and its sign
        return (pct.signum() < 0 ? "\u2212" : "+") + pct.abs().toPlainString() + "\u00a0%";
    }

    private static String plain(BigDecimal value) {
        return value == null ? "?" : value.toPlainString();
    }
}
