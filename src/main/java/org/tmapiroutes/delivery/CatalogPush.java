package org.tmapiroutes.delivery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The catalog side of the SFTP push: turns the configured shop links into shop-items queries, and queues the run's
 * CSV in {@code <data.dir>/outbox/.sftp-pending/} as {@code <flow>-<yyyyMMdd-HHmmss>.csv}, from where it is uploaded.
 */
public final class CatalogPush {

    private static final String PENDING = ".sftp-pending";
    private static final String SENT = ".sftp-sent";

    private final QueryValidator validator;
    private final ProductCsvWriter csv;
    private final OutboxFiles outbox;
    private final DeliveryMetrics metrics;

    public CatalogPush(QueryValidator validator, ProductCsvWriter csv, OutboxFiles outbox, DeliveryMetrics metrics) {
        this.validator = validator;
        this.csv = csv;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * One query per shop link, checked before any call.
     *
     * @param links    the shop links, comma-separated
     * @param maxPages pages fetched per shop at most
     */
    public List<TmapiQuery> queries(String links, String maxPages) {
        List<TmapiQuery> queries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String link : links == null ? new String[0] : links.split(",")) {
            if (link.isBlank()) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("shop_url", link.strip());
            if (maxPages != null && !maxPages.isBlank()) {
                values.put(QueryValidator.MAX_PAGES, maxPages.strip());
            }
            QueryValidator.Outcome outcome = validator.validate(TmapiEndpoint.SHOP_ITEMS, values, 0);
            if (outcome.valid()) {
                queries.add(outcome.query());
            } else {
                problems.addAll(outcome.problems());
            }
        }
        if (!problems.isEmpty() || queries.isEmpty()) {
            throw new IllegalArgumentException("push.shop.shop-urls: "
                    + (queries.isEmpty() && problems.isEmpty() ? "no shop link" : String.join("; ", problems)));
        }
        return queries;
    }

    /** The products become the run's CSV, waiting in the SFTP pending folder; the header names it. */
    public void queueUpload(Exchange exchange, List<ProductRow> rows) {
        queueUpload(exchange, rows, "csv");
    }

    /**
     * As {@link #queueUpload(Exchange, List)}, in the format the partner takes: {@code csv} (the product CSV) or
     * {@code shopify} (Shopify's product import file, {@code <flow>-<stamp>-shopify.csv}).
     */
    public void queueUpload(Exchange exchange, List<ProductRow> rows, String format) {
        List<OutputFormat> formats = OutputFormat.parse(format);
        if (formats.size() != 1 || formats.get(0) == OutputFormat.XLSX) {
            throw new IllegalArgumentException("push.shop.format '" + format + "' is not allowed; allowed values: csv,"
                    + " shopify");
        }
        if (!DeliveryHandover.of(exchange)) {
            return;
        }
        String flow = exchange.getFromRouteId();
        // written as the products are read: a run's products come from its recorded pages, one at a time
        Path file = formats.get(0) == OutputFormat.SHOPIFY
                ? outbox.writeShopify(PENDING, flow, flow, rows, SENT).get(0)
                : outbox.writeCsv(PENDING, flow, out -> csv.write(rows, out), SENT);
        metrics.delivered(exchange.getFromRouteId(), rows.size(), rows.size());
        exchange.getMessage().setHeader(OutboxFiles.OUTBOX_FILE, file.toString());
    }
}
