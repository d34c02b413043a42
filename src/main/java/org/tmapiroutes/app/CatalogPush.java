package org.tmapiroutes.app;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.FileNames;
import org.tmapiroutes.delivery.ProductCsvWriter;
import org.tmapiroutes.delivery.TextFiles;
import org.tmapiroutes.item.FetchJob;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The catalog side of the SFTP push: turns the configured shop links into one job of shop-items queries, and queues
 * its CSV in {@code <data.dir>/outbox/.sftp-pending/} as {@code <flow>-<yyyyMMdd-HHmmss>.csv}, from where it is
 * uploaded.
 */
public final class CatalogPush {

    /** Exchange property: pages fetched per shop at most. */
    public static final String MAX_PAGES = "pushMaxPages";

    private static final Logger LOG = LoggerFactory.getLogger(CatalogPush.class);

    private final QueryValidator validator;
    private final ProductCsvWriter csv;
    private final Path dataDir;

    public CatalogPush(QueryValidator validator, ProductCsvWriter csv, Path dataDir) {
        this.validator = validator;
        this.csv = csv;
        this.dataDir = dataDir;
    }

    /** The body (shop links, comma-separated) becomes the job's queries. */
    public void queries(Exchange exchange) {
        String links = exchange.getMessage().getBody(String.class);
        String maxPages = exchange.getProperty(MAX_PAGES, String.class);
        List<TmapiQuery> queries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String link : links == null ? new String[0] : links.split(",")) {
            if (link.isBlank()) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("shop_url", link.strip());
            if (maxPages != null) {
                values.put(QueryValidator.MAX_PAGES, maxPages);
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
        exchange.setProperty(FetchJob.PROPERTY, new FetchJob(exchange.getFromRouteId(), queries));
        exchange.getMessage().setBody(queries);
    }

    /** The body (the products) becomes the run's CSV, waiting in the SFTP pending folder. */
    public void queueUpload(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<ProductRow> rows = exchange.getMessage().getBody(List.class);
        FetchJob job = exchange.getProperty(FetchJob.PROPERTY, FetchJob.class);
        Path pending = dataDir.resolve("outbox").resolve(".sftp-pending");
        String name = FileNames.free(exchange.getFromRouteId() + "-" + FileNames.stamp(LocalDateTime.now()), ".csv",
                pending, pending.resolveSibling(".sftp-sent"));
        Path file = TextFiles.writeNew(pending.resolve(name), csv.toBytes(rows));
        job.written(rows.size());
        TmapiMetrics.of(exchange)
                .delivered(exchange.getFromRouteId(), rows.size(), rows.size());
        exchange.getMessage().setHeader(InboxFiles.OUTBOX_FILE, file.toString());
        if (job.hasFailures()) {
            job.failures().forEach(f -> LOG.warn("{} failed: code {}, {}", f.query().describe(), f.failure().getCode(),
                    f.failure().getReason()));
            LOG.warn("{} -> {} (partial: {} shops failed)", job.summary(), file, job.failures().size());
        } else {
            LOG.info("{} -> {} (waiting for upload)", job.summary(), file);
        }
    }
}
