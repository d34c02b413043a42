package org.tmapiroutes.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.item.ItemWatch;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.item.WatchChange;
import org.tmapiroutes.item.WatchRun;
import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.QueryFetch;
import org.tmapiroutes.tmapi.TmapiFailureException;

/**
 * The report side of the scheduled flows: sums up the products a Kamelet fetched, renders the mail from its template,
 * and queues it (the full product CSV attached, a copy in the outbox) for delivery.
 */
public final class Reports {

    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);
    private static final Duration ALERT_MAIL_SPACING = Duration.ofMinutes(15);

    private final MailOutbox mail;
    private final ProductCsvWriter csv;
    private final OutboxFiles outbox;
    private final ReportTemplates templates;
    private final DeliveryMetrics metrics;
    /** When an alert mail was last queued, by failure code. */
    private final Map<String, Instant> alertsMailed = new ConcurrentHashMap<>();

    public Reports(MailOutbox mail, ProductCsvWriter csv, OutboxFiles outbox, ReportTemplates templates,
            DeliveryMetrics metrics) {
        this.mail = mail;
        this.csv = csv;
        this.outbox = outbox;
        this.templates = templates;
        this.metrics = metrics;
    }

    /**
     * The products become a {@link ReportSummary} of the route's run.
     *
     * @param top      how many best sellers the report lists
     * @param timeZone the report's time zone, for its date
     */
    public ReportSummary summarise(Exchange exchange, List<ProductRow> kept, int top, String timeZone) {
        PageCursor cursor = Optional.ofNullable(QueryFetch.find(exchange)).map(QueryFetch::cursor).orElse(null);
        int fetched = cursor == null ? kept.size() : cursor.itemsFetched();
        return new ReportSummary(exchange.getFromRouteId(), asked(cursor), ZonedDateTime.now(ZoneId.of(timeZone)),
                fetched, kept, top);
    }

    /**
     * The new products and those whose price dropped become a {@link ChangeReport} of the route's run.
     *
     * @param allItems every product the run checked, to tell a first run (all of them new) from later ones
     */
    public ChangeReport changes(Exchange exchange, List<ProductRow> newItems, List<ProductRow> priceDrops,
            List<ProductRow> allItems, String timeZone) {
        PageCursor cursor = Optional.ofNullable(QueryFetch.find(exchange)).map(QueryFetch::cursor).orElse(null);
        int fetched = cursor == null ? newItems.size() : cursor.itemsFetched();
        return new ChangeReport(exchange.getFromRouteId(), asked(cursor), ZonedDateTime.now(ZoneId.of(timeZone)),
                fetched, newItems, priceDrops == null ? List.of() : priceDrops,
                firstRun(newItems, allItems == null ? List.of() : allItems, fetched));
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
        Set<String> newIds = new HashSet<>();
        newItems.forEach(r -> newIds.add(r.getItemId()));
        return all.stream().allMatch(r -> newIds.contains(r.getItemId()));
    }

    /**
     * Renders the report with its template (read now, so edits apply) and queues the mail, with the CSV of the
     * report's products attached and a copy in {@code <data.dir>/outbox/<flow>/}.
     */
    public void mail(Exchange exchange, Report report, String template) throws IOException {
        mail(exchange, report, template, setting(exchange, "output.format"));
    }

    /**
     * As {@link #mail(Exchange, Report, String)}, attaching the products in the given formats ({@code csv},
     * {@code xlsx} or {@code csv,xlsx}).
     */
    public void mail(Exchange exchange, Report report, String template, String format) throws IOException {
        List<OutputFormat> formats = OutputFormat.parse(format);
        String html = templates.render(template, report);
        List<Path> copies = outbox.writeProducts(report.getFlow(), report.getFlow(), report.getKept(),
                report.csvColumnsAdded(), formats);
        List<MailOutbox.Attachment> attachments = new ArrayList<>();
        for (Path copy : copies) {
            attachments.add(new MailOutbox.Attachment(copy.getFileName().toString(), Files.readAllBytes(copy)));
        }
        if (!DeliveryHandover.of(exchange)) {
            return;
        }
        Path queued = mail.queue(setting(exchange, "report.from"), setting(exchange, "report.to"), report.getFlow(),
                report.getSubject(), html, attachments);
        String written = copies.stream().map(Path::toString).collect(Collectors.joining(", "));
        exchange.getMessage().setHeader(OutboxFiles.OUTBOX_FILE, written);
        metrics.delivered(report.getFlow(), report.getKept().size(), report.getKept().size());
        LOG.info("{}: {} products in the mail; queued as {} (also in {})", report.getFlow(),
                report.getKept().size(), queued, written);
    }
    /**
     * The mail of a watch run with changes: its changes by item with a price chart each, and the changes attached in
     * the given formats (a copy in {@code <data.dir>/outbox/<flow>/changes-<stamp>.csv}). A run without changes sends
     * nothing; one line says so.
     *
     * @param timeZone the zone of the mail's dates ({@code watch.time-zone})
     */
    public void watch(Exchange exchange, WatchRun run, String template, String format, String timeZone)
            throws IOException {
        String flow = exchange.getFromRouteId();
        if (run.changes().isEmpty()) {
            LOG.info("{}: {} of {} watched items checked, no change; no mail", flow, run.answered(), run.watched());
            return;
        }
        WatchReport report = new WatchReport(flow, run, ZoneId.of(timeZone));
        String html = templates.render(template, report);
        List<Path> copies = outbox.writeRows(flow, "changes", report.rows(), WatchChange.COLUMNS, tables(format),
                List.of());
        List<MailOutbox.Attachment> attachments = new ArrayList<>();
        for (Path copy : copies) {
            attachments.add(new MailOutbox.Attachment(copy.getFileName().toString(), Files.readAllBytes(copy)));
        }
        if (!DeliveryHandover.of(exchange)) {
            return;
        }
        Path queued = mail.queueWithPictures(setting(exchange, "report.from"), setting(exchange, "report.to"), flow,
                report.getSubject(), html, attachments, report.charts());
        String written = copies.stream().map(Path::toString).collect(Collectors.joining(", "));
        exchange.getMessage().setHeader(OutboxFiles.OUTBOX_FILE, written);
        metrics.delivered(flow, report.getChangeCount(), report.getChangeCount());
        LOG.info("{}: {} changes of {} items in the mail ({} of {} watched items checked); queued as {} (also in {})",
                flow, report.getChangeCount(), report.getItemCount(), run.answered(), run.watched(), queued, written);
    }

    /**
     * The kept history of the watched items as a file, {@code <data.dir>/outbox/<flow>/history-<stamp>.csv} (and
     * {@code .xlsx} per the format), written as it is read from the state store.
     */
    public void watchHistory(Exchange exchange, Iterable<ProductRow> history, String format) {
        List<Path> written = outbox.writeRows(exchange.getFromRouteId(), "history", history, ItemWatch.HISTORY_COLUMNS,
                tables(format), List.of());
        LOG.info("{}: the history of the watched items written to {}", exchange.getFromRouteId(),
                written.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    /** The formats of a table that holds no products (changes, history): csv and xlsx; a store's file does not apply. */
    private static List<OutputFormat> tables(String format) {
        List<OutputFormat> formats = OutputFormat.parse(format).stream().filter(f -> f != OutputFormat.SHOPIFY).toList();
        return formats.isEmpty() ? List.of(OutputFormat.CSV) : formats;
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
        queueAlert(from, to, subject, text);
    }

    /** Reporting a failure must not fail its handling: an alert mail that cannot be queued is said in the log. */
    private void queueAlert(String from, String to, String subject, String text) {
        try {
            Path queued = mail.queue(from, to, "alert", subject, "<p>" + escape(text) + "</p>", List.of());
            LOG.info("Alert mail queued as {}", queued);
        } catch (RuntimeException e) {
            LOG.error("The alert mail \"{}\" could not be queued ({}); the alert is in this log", subject,
                    e.getMessage());
        }
    }

    /**
     * Queues the alert mail of a TMAPI query that failed for good (its error route's), when mail is configured: which
     * query, the code and what the server said. At most one a quarter of an hour per failure code, so a job whose
     * every query fails sends one mail, not hundreds; the rest are in the log and the dead letters.
     */
    public void failureAlert(Exchange exchange) {
        TmapiFailureException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TmapiFailureException.class);
        String code = failure == null ? "?" : failure.getCode();
        Instant now = Instant.now();
        Instant last = alertsMailed.get(code);
        if (last != null && last.plus(ALERT_MAIL_SPACING).isAfter(now)) {
            LOG.debug("No alert mail for code {}: one was queued at {}", code, last);
            return;
        }
        QueryFetch fetch = QueryFetch.find(exchange);
        String query = fetch == null ? "a TMAPI query" : fetch.describe();
        String text = "TMAPI failed for good on " + query + ", code " + code + ": "
                + (failure == null ? "no reason given" : failure.getReason())
                + ". The query is listed in its job's -failed.csv (drop that file into the inbox to ask it again) and"
                + " a dead letter is in the errors folder. Further failures in the next "
                + ALERT_MAIL_SPACING.toMinutes() + " minutes are in the log only.";
        String from = setting(exchange, "report.from");
        String to = setting(exchange, "report.to");
        if (from.isBlank() || to.isBlank() || setting(exchange, "smtp.host").isBlank()) {
            LOG.debug("No alert mail: smtp.host, report.from or report.to is not set");
            return;
        }
        alertsMailed.put(code, now);
        queueAlert(from, to, "[tmapi-routes] ALERT: TMAPI failed (code " + code + "): " + query, text);
    }

    /** What the query asked, in TMAPI's words, without the technical page_size and language and the documented defaults. */
    private static Map<String, String> asked(PageCursor cursor) {
        Map<String, String> asked = new LinkedHashMap<>();
        if (cursor != null) {
            TmapiEndpoint endpoint = cursor.query().endpoint();
            cursor.query().parameters().forEach((name, value) -> {
                boolean documentedDefault = endpoint.parameter(name)
                        .map(spec -> value.equals(spec.defaultValue())).orElse(false);
                if (!name.equals("page_size") && !name.equals("language") && !documentedDefault) {
                    asked.put(name, value);
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
