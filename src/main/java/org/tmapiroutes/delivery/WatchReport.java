package org.tmapiroutes.delivery;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;

import org.tmapiroutes.item.WatchChange;
import org.tmapiroutes.item.WatchRun;

/**
 * The item-watch mail of one run: its changes grouped by item, each in words, with a small price chart per item and
 * the watch list's problems. Its getters are what the item-watch email template reads.
 */
public final class WatchReport {

    /** One change of an item, in words; {@code kind} is its CSV name, e.g. {@code price_down}. */
    public record Line(String sku, String words, String kind) {
    }

    /**
     * One changed item as the mail shows it, with links that are safe to put in an email.
     *
     * @param chartCid the content id of its price chart, or {@code null} when it has none
     * @param chartAlt the chart in words, for readers that show no picture
     */
    public record Item(String itemId, String title, String imageUrl, String productUrl, String note, String chartCid,
            String chartAlt, List<Line> changes) {
    }

    /** How many changes alike make one line. */
    static final int ALIKE = 3;

    private final String flow;
    private final WatchRun run;
    private final ZonedDateTime when;
    private final List<Item> items = new ArrayList<>();
    private final List<MailOutbox.Inline> charts = new ArrayList<>();

    public WatchReport(String flow, WatchRun run, ZoneId zone) {
        this.flow = flow;
        this.run = run;
        this.when = run.checkedAt().atZone(zone);
        for (WatchRun.ChangedItem changed : run.changed()) {
            Map<String, String> labels = new LinkedHashMap<>();
            changed.changes().forEach(c -> labels.putIfAbsent(c.skuId() == null ? "" : c.skuId(), c.skuLabel()));
            byte[] png = PriceChart.png(changed.history(), labels, TimeZone.getTimeZone(zone));
            String cid = null;
            if (png != null) {
                cid = "chart-" + changed.itemId() + "@tmapi-routes";
                charts.add(new MailOutbox.Inline(cid, "price-chart-" + changed.itemId() + ".png", png));
            }
            items.add(new Item(changed.itemId(), changed.title() == null ? "item " + changed.itemId() : changed.title(),
                    ReportSummary.safeUrl(changed.imageUrl()), ReportSummary.safeUrl(changed.productUrl()),
                    changed.note(), cid, png == null ? null : PriceChart.alternative(changed.history(), labels),
                    lines(changed.changes())));
        }
    }

    /**
     * The changes of an item, one line each; changes alike of {@value #ALIKE} SKUs or more (a seller moving every price
     * by 8 %) are said once, naming how many SKUs they concern. The attached file has every change on its own row.
     */
    static List<Line> lines(List<WatchChange> changes) {
        Map<String, List<WatchChange>> alike = new LinkedHashMap<>();
        changes.forEach(c -> alike.computeIfAbsent(c.likeness(), k -> new ArrayList<>()).add(c));
        List<Line> lines = new ArrayList<>();
        for (List<WatchChange> group : alike.values()) {
            if (group.size() < ALIKE) {
                group.forEach(c -> lines.add(new Line(c.skuLabel(), c.words(), c.kind().csvName())));
            } else {
                String names = group.stream().limit(2).map(WatchChange::skuLabel).collect(Collectors.joining(", "));
                lines.add(new Line(group.size() + " SKUs (" + names + ", …)", WatchChange.words(group),
                        group.get(0).kind().csvName()));
            }
        }
        return lines;
    }

    public String getFlow() {
        return flow;
    }

    /** {@code [tmapi-routes] item-watch: <N> changes, <yyyy-MM-dd>}. */
    public String getSubject() {
        int count = getChangeCount();
        return "[tmapi-routes] " + flow + ": " + count + (count == 1 ? " change, " : " changes, ")
                + when.format(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    /** E.g. {@code 3 changes in 1 item}. */
    public String getHeadline() {
        int count = getChangeCount();
        return count + (count == 1 ? " change in " : " changes in ") + items.size()
                + (items.size() == 1 ? " item" : " items");
    }

    public String getWhen() {
        return when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT));
    }

    public int getWatched() {
        return run.watched();
    }

    public int getAnswered() {
        return run.answered();
    }

    public int getChangeCount() {
        return run.changes().size();
    }

    public int getItemCount() {
        return items.size();
    }

    public List<Item> getItems() {
        return items;
    }

    public List<String> getProblems() {
        return run.problems();
    }

    public boolean isAnyProblems() {
        return !run.problems().isEmpty();
    }

    /** The charts the mail carries inline, by the content ids its HTML names. */
    List<MailOutbox.Inline> charts() {
        return charts;
    }

    /** The changes as rows of the changes CSV. */
    List<org.tmapiroutes.item.ProductRow> rows() {
        return run.changes().stream().map(WatchChange::row).toList();
    }
}
