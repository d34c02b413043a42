package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.item.WatchHistory.Item;
import org.tmapiroutes.item.WatchHistory.Point;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The watch run's steps around its item-detail calls (routes/item-watch.camel.yaml): the watch list read at each run
 * becomes one query per item; the answers are compared with what the last run recorded ({@link WatchRules}); once
 * the run's mail is queued, the run's states and points are recorded and the history older than
 * {@code watch.keep-days} is forgotten.
 */
public final class ItemWatch {

    /** The columns of the history file ({@code watch.history-csv}). */
    public static final List<ProductRow.Column> HISTORY_COLUMNS = WatchChange.columns("item_id", "sku_id",
            "sku_name", "title", "checked_at", "#price", "#stock");

    /** Exchange property with the watch list the run read. */
    public static final String WATCH_LIST = "tmapiWatchList";

    private static final Logger LOG = LoggerFactory.getLogger(ItemWatch.class);

    private final QueryValidator validator;
    private final WatchHistory history;
    private final Clock clock;

    public ItemWatch(QueryValidator validator, WatchHistory history, Clock clock) {
        this.validator = validator;
        this.history = history;
        this.clock = clock;
    }

    /**
     * The watch list, read now (so an edit applies to this run): one item-detail query per item. Its bad lines are
     * logged by line (and listed in the run's mail); a list that cannot be read, or names nothing, ends the run here
     * with one line, before any call.
     */
    public List<TmapiQuery> queries(Exchange exchange, String file) {
        String flow = exchange.getFromRouteId();
        WatchList list;
        try {
            list = WatchList.read(Path.of(file), validator);
        } catch (WatchList.Unreadable e) {
            LOG.error("{}: nothing checked: {}", flow, e.getMessage());
            exchange.setRouteStop(true);
            return List.of();
        }
        list.problems().forEach(problem -> LOG.warn("{}: watch list {} {}", flow, file, problem));
        if (list.items().isEmpty()) {
            LOG.warn("{}: the watch list {} names no item to watch; nothing checked", flow, file);
            exchange.setRouteStop(true);
            return List.of();
        }
        exchange.setProperty(WATCH_LIST, list);
        LOG.info("{}: checking {} watched {}", flow, list.items().size(), list.items().size() == 1 ? "item" : "items");
        return list.items().stream().map(WatchList.Entry::query).toList();
    }

    /**
     * Compares each watched item's answer (its SKU rows) with what the last run recorded; an item that did not answer
     * failed for good after its retries. Nothing is recorded yet: see {@link #record(WatchRun, int)}. The thresholds
     * come from the route, so a saved change of them applies to the next run.
     *
     * @param minChangePct {@code watch.min-change-pct}
     * @param lowStock     {@code watch.low-stock}
     * @param keepDays     {@code watch.keep-days}: how far back the price charts look
     */
    public WatchRun compare(Exchange exchange, Iterable<ProductRow> rows, String minChangePct, long lowStock,
            int keepDays) {
        WatchRules rules = new WatchRules(new BigDecimal(minChangePct.strip()), lowStock);
        Duration keep = Duration.ofDays(keepDays);
        WatchList list = exchange.getProperty(WATCH_LIST, WatchList.class);
        Map<String, List<ProductRow>> answers = new LinkedHashMap<>();
        // by what was asked: an answer may name another item id than its question (as the docs' example does)
        for (ProductRow row : rows) {
            answers.computeIfAbsent(row.getQuery(), asked -> new ArrayList<>()).add(row);
        }
        Instant now = clock.instant();
        Map<String, Item> before = history.items(list.items().stream().map(WatchList.Entry::itemId).toList());
        List<WatchRun.ChangedItem> changed = new ArrayList<>();
        List<Item> after = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        for (WatchList.Entry entry : list.items()) {
            List<ProductRow> skus = answers.get(entry.query().asGiven());
            Item was = before.get(entry.itemId());
            WatchRules.Outcome outcome = skus == null ? rules.failed(entry, was, now)
                    : rules.answered(entry, was, skus, now);
            after.add(outcome.after());
            points.addAll(outcome.points());
            if (!outcome.changes().isEmpty()) {
                Item item = outcome.after();
                changed.add(new WatchRun.ChangedItem(entry.itemId(), item.title(), item.imageUrl(), item.productUrl(),
                        entry.note(), outcome.changes(), chartPoints(entry.itemId(), outcome, now.minus(keep))));
            }
        }
        int answered = (int) list.items().stream().filter(e -> answers.containsKey(e.query().asGiven())).count();
        return new WatchRun(now, list.items().size(), answered, changed, list.problems(), after, points);
    }

    /**
     * The run's states and points, recorded once its mail is queued; then the history past its keep time goes.
     *
     * @param keepDays {@code watch.keep-days}
     */
    public void record(WatchRun run, int keepDays) {
        history.record(run.after(), run.points());
        int forgotten = history.forget(run.checkedAt().minus(Duration.ofDays(keepDays)));
        if (forgotten > 0) {
            LOG.info("item-watch: {} prices and stocks older than {} days forgotten", forgotten, keepDays);
        }
    }

    /**
     * The kept history of every watched item, item after item, each SKU's price and stock at each run, as rows of
     * {@link #HISTORY_COLUMNS}; read from the store one item at a time as the rows are used.
     *
     * @param keepDays {@code watch.keep-days}
     */
    public Iterable<ProductRow> history(int keepDays) {
        Instant since = clock.instant().minus(Duration.ofDays(keepDays));
        List<String> ids = history.itemIds();
        return () -> ids.stream().flatMap(id -> {
            Item item = history.items(List.of(id)).get(id);
            return history.history(id, since).stream().map(point -> historyRow(item, point));
        }).iterator();
    }

    private static ProductRow historyRow(Item item, Point point) {
        WatchHistory.Sku sku = item == null ? null : item.skus().get(point.skuId());
        ProductRow row = new ProductRow();
        row.getFields().put("item_id", point.itemId());
        row.getFields().put("sku_id", point.skuId());
        row.getFields().put("sku_name", sku == null ? null : sku.skuName());
        row.getFields().put("title", item == null ? null : item.title());
        row.getFields().put("checked_at", java.time.format.DateTimeFormatter.ISO_INSTANT.format(point.checkedAt()));
        row.getFields().put("price", point.price());
        row.getFields().put("stock", point.stock() == null ? null : java.math.BigDecimal.valueOf(point.stock()));
        return row;
    }

    /** The recorded points of the item's changed SKUs and this run's, for its chart. */
    private List<Point> chartPoints(String itemId, WatchRules.Outcome outcome, Instant since) {
        Set<String> skus = new HashSet<>();
        outcome.changes().forEach(c -> skus.add(c.skuId() == null ? "" : c.skuId()));
        List<Point> points = new ArrayList<>();
        history.history(itemId, since).stream().filter(p -> skus.contains(p.skuId())).forEach(points::add);
        outcome.points().stream().filter(p -> skus.contains(p.skuId())).forEach(points::add);
        return points;
    }
}
