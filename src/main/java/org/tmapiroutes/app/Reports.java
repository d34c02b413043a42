package org.tmapiroutes.app;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.FileNames;
import org.tmapiroutes.delivery.MailOutbox;
import org.tmapiroutes.delivery.ProductCsvWriter;
import org.tmapiroutes.delivery.TextFiles;
import org.tmapiroutes.item.ChangeReport;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.item.Report;
import org.tmapiroutes.item.ReportSummary;
import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.TmapiRequest;

/**
 * The report side of the scheduled flows: sums up the products a Kamelet fetched for the email template, and queues
 * the rendered mail (the full §7 CSV attached, a copy in the outbox) for delivery.
 */
public final class Reports {

    /** Exchange property holding the {@link ReportSummary} while the template renders. */
    public static final String SUMMARY = "tmapiReport";
    /** Exchange property: how many best sellers the report lists. */
    public static final String TOP = "reportTop";
    /** Exchange property: the report's time zone. */
    public static final String TIME_ZONE = "reportTimeZone";
    /** Exchange property: the products whose price dropped, for the new-items report. */
    public static final String PRICE_DROPS = "priceDrops";
    /** Exchange property: every product the new-items report checked, to tell its first run from later ones. */
    public static final String ALL_ITEMS = "allItems";

    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private final MailOutbox mail;
    private final ProductCsvWriter csv;
    private final Path dataDir;

    public Reports(MailOutbox mail, ProductCsvWriter csv, Path dataDir) {
        this.mail = mail;
        this.csv = csv;
        this.dataDir = dataDir;
    }

    /** The body (the products) becomes a {@link ReportSummary}, which the template reads as {@code body}. */
    public void summarise(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<ProductRow> kept = exchange.getMessage().getMandatoryBody(List.class);
        PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
        Map<String, String> asked = asked(cursor);
        int fetched = cursor == null ? kept.size() : cursor.itemsFetched();
        ZoneId zone = ZoneId.of(exchange.getProperty(TIME_ZONE, "UTC", String.class));
        int top = exchange.getProperty(TOP, 10, Integer.class);
        ReportSummary summary = new ReportSummary(exchange.getFromRouteId(), asked, ZonedDateTime.now(zone), fetched,
                kept, top);
        exchange.setProperty(SUMMARY, summary);
        exchange.getMessage().setBody(summary);
    }

    /**
     * The body (the new products) and the {@code priceDrops} property become a {@link ChangeReport}, which the
     * template reads as {@code body}.
     */
    public void changes(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<ProductRow> newItems = exchange.getMessage().getMandatoryBody(List.class);
        @SuppressWarnings("unchecked")
        List<ProductRow> drops = exchange.getProperty(PRICE_DROPS, List.class);
        @SuppressWarnings("unchecked")
        List<ProductRow> all = exchange.getProperty(ALL_ITEMS, List.class);
        PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
        ZoneId zone = ZoneId.of(exchange.getProperty(TIME_ZONE, "UTC", String.class));
        int fetched = cursor == null ? newItems.size() : cursor.itemsFetched();
        ChangeReport report = new ChangeReport(exchange.getFromRouteId(), asked(cursor), ZonedDateTime.now(zone),
                fetched, newItems, drops == null ? List.of() : drops,
                firstRun(newItems, all == null ? List.of() : all, fetched));
        exchange.setProperty(SUMMARY, report);
        exchange.getMessage().setBody(report);
    }

    /** The body (the rendered HTML) goes out as a mail with the CSV of the report's products attached. */
    public void queueMail(Exchange exchange) throws Exception {
        Report summary = exchange.getProperty(SUMMARY, Report.class);
        String html = exchange.getMessage().getMandatoryBody(String.class);
        byte[] attachment = csv.toBytes(summary.getKept(), summary.csvColumnsAdded());
        String base = summary.getFlow() + "-" + FileNames.stamp(java.time.LocalDateTime.now());
        Path copy = TextFiles.writeNew(dataDir.resolve("outbox").resolve(summary.getFlow())
                .resolve(FileNames.free(base, ".csv", dataDir.resolve("outbox").resolve(summary.getFlow()))), attachment);
        Path queued = mail.queue(setting(exchange, "report.from"), setting(exchange, "report.to"), summary.getFlow(),
                summary.getSubject(), html, base + ".csv", attachment);
        exchange.getMessage().setHeader(InboxFiles.OUTBOX_FILE, copy.toString());
        TmapiMetrics.of(exchange)
                .delivered(summary.getFlow(), summary.getKept().size(), summary.getKept().size());
        LOG.info("{}: {} products in the mail; queued as {} (CSV also in {})", summary.getFlow(),
                summary.getKept().size(), queued, copy);
    }

    /** Queues a plain alert mail (e.g. the 439 pause), when mail is configured. */
    public void alert(Exchange exchange) {
        String from = setting(exchange, "report.from");
        String to = setting(exchange, "report.to");
        if (from.isBlank() || to.isBlank() || setting(exchange, "smtp.host").isBlank()) {
            LOG.debug("No alert mail: smtp.host, report.from or report.to is not set");
            return;
        }
        String text = exchange.getMessage().getBody(String.class);
        String subject = exchange.getMessage().getHeader("Subject", "[tmapi-routes] alert", String.class);
        Path queued = mail.queue(from, to, "alert", subject, "<p>" + escape(text) + "</p>", null, null);
        LOG.info("Alert mail queued as {}", queued);
    }

    /**
     * A first run knows none of the products it checked: every one of them is new (by item id, as a product can be
     * on two pages). Without the list of all products, every product fetched being new says the same.
     */
    static boolean firstRun(List<ProductRow> newItems, List<ProductRow> all, int fetched) {
        if (newItems.isEmpty()) {
            return false;
        }
        if (all.isEmpty()) {
            return newItems.size() == fetched;
        }
        java.util.Set<String> newIds = new java.util.HashSet<>();
        newItems.forEach(r -> newIds.add(r.getItemId()));
        return all.stream().allMatch(r -> newIds.contains(r.getItemId()));
    }

    /** What the query asked, in TMAPI's words, without the technical page_size and language. */
    private static Map<String, String> asked(PageCursor cursor) {
        Map<String, String> asked = new LinkedHashMap<>();
        if (cursor != null) {
            cursor.query().parameters().forEach((k, v) -> {
                if (!k.equals("page_size") && !k.equals("language")) {
                    asked.put(k, v);
                }
            });
        }
        return asked;
    }

    /** Read at each mail, so a saved change of recipients applies to the next one. */
    private static String setting(Exchange exchange, String key) {
        return exchange.getContext().getPropertiesComponent().resolveProperty(key).orElse("").strip();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
