package org.tmapiroutes.delivery;

import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tmapiroutes.item.ProductRow;

/**
 * What changed in a category since the last run: the products new since then and the products whose price dropped
 * (old price, new price, change %). Its getters are what the new-items email template reads.
 */
public final class ChangeReport implements Report {

    /** One line of the report, with links that are safe to put in an email. */
    public record Line(String title, String titleOrigin, String imageUrl, String productUrl, BigDecimal price,
            String currency, Long sales90d, String shopName, Object oldPrice, Object changePct) {
    }

    private final String flow;
    private final Map<String, String> asked;
    private final ZonedDateTime when;
    private final int fetched;
    private final List<ProductRow> newItems;
    private final List<ProductRow> priceDrops;
    private final boolean firstRun;

    public ChangeReport(String flow, Map<String, String> asked, ZonedDateTime when, int fetched,
            List<ProductRow> newItems, List<ProductRow> priceDrops) {
        this(flow, asked, when, fetched, newItems, priceDrops, false);
    }

    /** @param firstRun whether no earlier run is known, so that every product is new only because it is the first */
    public ChangeReport(String flow, Map<String, String> asked, ZonedDateTime when, int fetched,
            List<ProductRow> newItems, List<ProductRow> priceDrops, boolean firstRun) {
        this.flow = flow;
        this.asked = asked;
        this.when = when;
        this.fetched = fetched;
        this.newItems = List.copyOf(newItems);
        this.priceDrops = List.copyOf(priceDrops);
        this.firstRun = firstRun;
    }

    /** The CSV has the price-change columns even when nothing got cheaper, so every file has the same header. */
    @Override
    public List<String> csvColumnsAdded() {
        return List.of("old_price", "new_price", "change_pct");
    }

    /** Whether this is the first run of the report, which finds every product new. */
    public boolean isFirstRun() {
        return firstRun;
    }

    /** Whether the report lists new products (for the template: a table only when there is something in it). */
    public boolean isAnyNew() {
        return !newItems.isEmpty();
    }

    /** Whether the report lists products that got cheaper. */
    public boolean isAnyCheaper() {
        return !priceDrops.isEmpty();
    }

    @Override
    public String getFlow() {
        return flow;
    }

    public String getAsked() {
        return String.join(", ", asked.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    public String getWhen() {
        return when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT));
    }

    public int getFetched() {
        return fetched;
    }

    public int getNewCount() {
        return newItems.size();
    }

    public int getDropCount() {
        return priceDrops.size();
    }

    public List<Line> getNewItems() {
        return lines(newItems);
    }

    public List<Line> getPriceDrops() {
        return lines(priceDrops);
    }

    @Override
    public String getSubject() {
        return "[tmapi-routes] " + flow + ": " + (newItems.size() + priceDrops.size()) + " items, "
                + when.format(DateTimeFormatter.ISO_LOCAL_DATE) + ", " + newItems.size() + " new, " + priceDrops.size()
                + " cheaper" + (asked.isEmpty() ? "" : ", " + getAsked());
    }

    /** New items first, then price drops; the drops carry old_price, new_price and change_pct. */
    @Override
    public List<ProductRow> getKept() {
        List<ProductRow> all = new ArrayList<>(newItems);
        priceDrops.stream().filter(r -> !newItems.contains(r)).forEach(all::add);
        return all;
    }

    private static List<Line> lines(List<ProductRow> rows) {
        return rows.stream().map(r -> new Line(Objects.toString(r.getTitle(), ""), r.getTitleOrigin(),
                ReportSummary.safeUrl(r.getImageUrl()), ReportSummary.safeUrl(r.getProductUrl()), r.getPrice(),
                r.getCurrency(), r.getSales90d(), r.getShopName(), r.getExtras().get("old_price"),
                r.getExtras().get("change_pct"))).toList();
    }
}
