package org.tmapiroutes.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.camel.Exchange;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.DeliveryMetrics;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.delivery.OutputFormat;
import org.tmapiroutes.delivery.ProductCsvWriter;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.files.TextFiles;
import org.tmapiroutes.item.EnrichmentSettings;
import org.tmapiroutes.inbox.QueryFileReader.QueryFile;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.job.InputArchive;
import org.tmapiroutes.job.JobRuns;
import org.tmapiroutes.job.QueryFailure;
import org.tmapiroutes.secrets.Redaction;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;
import org.tmapiroutes.tmapi.TmapiStoppedException;

/**
 * The inbox side of a job: reads and validates a dropped file, decides where it is archived ({@code .done/} or
 * {@code .error/}), writes the outbox CSV name, the {@code .error.txt} report and the {@code -failed.csv} of queries
 * to retry.
 */
public final class InboxFiles implements InputArchive {

    /** Exchange property naming the endpoint id of the job, for its outbox folder. */
    public static final String ENDPOINT = "tmapiInboxEndpoint";
    /** What the flow adds to the job's products, as the job keeps it (see {@link EnrichmentSettings}). */
    public static final String ENRICHMENT = "tmapiInboxEnrichment";
    /** Header with the file's name in {@code .done/} and {@code .error/}; the route's {@code move} options read it. */
    public static final String ARCHIVE_NAME = "TmapiArchiveName";
    /** Header with where the file goes when the job ends: {@code .done/<name>} or {@code .error/<name>}. */
    public static final String ARCHIVE_PATH = "TmapiArchivePath";

    private static final Logger LOG = LoggerFactory.getLogger(InboxFiles.class);

    private final QueryFileReader reader;
    private final ProductCsvWriter csv;
    private final OutboxFiles outbox;
    private final DeliveryMetrics metrics;
    private final Path dataDir;

    public InboxFiles(QueryFileReader reader, ProductCsvWriter csv, OutboxFiles outbox, DeliveryMetrics metrics,
            Path dataDir) {
        this.reader = reader;
        this.csv = csv;
        this.outbox = outbox;
        this.metrics = metrics;
        this.dataDir = dataDir;
    }

    /**
     * Validates the whole file and the flow's output format; the body becomes its queries, or the file is rejected
     * before any API call (a format the flow's route file gets wrong would otherwise only fail once the calls are paid).
     */
    public void read(Exchange exchange, String endpointId, String format) throws Exception {
        String condition = condition(exchange);
        if (condition != null) {
            try {
                exchange.getContext().resolveLanguage("simple").createPredicate(condition);
            } catch (RuntimeException wrongCondition) {
                refuseFlow(exchange, endpointId, "product condition (where)", condition + ": "
                        + wrongCondition.getMessage());
                return;
            }
        }
        TmapiEndpoint endpoint = TmapiEndpoint.require(endpointId);
        boolean shopify;
        try {
            shopify = OutputFormat.parse(format).contains(OutputFormat.SHOPIFY);
            if (shopify && !hasItems(endpoint)) {
                throw new IllegalArgumentException("output format shopify writes products; " + endpointId
                        + " answers none (use it with item-detail, item-detail-by-url or an endpoint that lists"
                        + " products)");
            }
        } catch (IllegalArgumentException wrongFormat) {
            refuseFlow(exchange, endpointId, "output format", wrongFormat.getMessage());
            return;
        }
        try {
            EnrichmentSettings enrichment = enrichment(exchange);
            if (enrichment != null && (enrichment.needsListedProducts() ? !endpoint.listsProducts()
                    : !hasItems(endpoint))) {
                throw new IllegalArgumentException("enrich adds to listed products; " + endpointId
                        + " lists none");
            }
            // a Shopify product's description: the item's description pictures, one item-desc call each
            if (shopify && shopifyDescriptions(exchange)) {
                enrichment = EnrichmentSettings.withDescription(enrichment);
            }
            exchange.setProperty(ENRICHMENT, enrichment == null ? null : enrichment.text());
        } catch (IllegalArgumentException wrongEnrichment) {
            refuseFlow(exchange, endpointId, "enrichment (enrich and its settings)", wrongEnrichment.getMessage());
            return;
        }
        read(exchange, endpointId);
        if (shopify && !exchange.isRouteStop()) {
            exchange.getMessage().setBody(shortTitles(exchange));
        }
    }

    /** Whether the endpoint's rows are items (a product list, or an item's detail). */
    private static boolean hasItems(TmapiEndpoint endpoint) {
        return endpoint.listsProducts() || endpoint == TmapiEndpoint.ITEM_DETAIL
                || endpoint == TmapiEndpoint.ITEM_DETAIL_BY_URL;
    }

    private static boolean shopifyDescriptions(Exchange exchange) {
        return !"false".equalsIgnoreCase(exchange.getContext().getPropertiesComponent()
                .resolveProperty("shopify.description").orElse("true").strip());
    }

    /**
     * For a store, an item detail's title is asked short ({@code optimize_title=true}) when it is asked in another
     * language than Chinese, unless the file says otherwise.
     */
    private static List<TmapiQuery> shortTitles(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<TmapiQuery> queries = exchange.getMessage().getBody(List.class);
        List<TmapiQuery> asked = new ArrayList<>(queries.size());
        for (TmapiQuery query : queries) {
            boolean detail = query.endpoint() == TmapiEndpoint.ITEM_DETAIL
                    || query.endpoint() == TmapiEndpoint.ITEM_DETAIL_BY_URL;
            if (!detail || query.parameters().containsKey("optimize_title")
                    || "zh".equals(query.parameters().get("language"))) {
                asked.add(query);
                continue;
            }
            Map<String, String> parameters = new java.util.LinkedHashMap<>(query.parameters());
            parameters.put("optimize_title", "true");
            asked.add(new TmapiQuery(query.endpoint(), parameters, query.maxPages(), query.maxItems(),
                    query.lineNumber(), query.inputRow()));
        }
        return asked;
    }

    /**
     * Sets the dropped file aside, before any API call, when its flow's route file gets a setting wrong: paid calls
     * would otherwise be made for nothing.
     */
    private void refuseFlow(Exchange exchange, String endpointId, String setting, String problem) {
        Path inbox = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        String fileName = FileNames.display(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        nameArchive(exchange, inbox, fileName);
        Path report = reject(exchange, inbox, List.of(fileName + " was not processed: the flow "
                + exchange.getFromRouteId() + " names a wrong " + setting + ": " + problem
                + "; no TMAPI request was made.", "Fix the " + setting + " in its route file, then drop the file into "
                + inbox + "/ again."));
        LOG.error("{} {} not processed: its flow's {} is wrong, {} (see {})", endpointId, fileName, setting, problem,
                report);
        exchange.setRouteStop(true);
    }

    /**
     * The product condition of the inbox flow that read the file, as Camel's model of its route holds it: its
     * template's {@code where}, or {@code null} when it has none.
     */
    static String condition(Exchange exchange) {
        return templateParameters(exchange).get("where");
    }

    /** The template parameters of the flow that read the file, as text. */
    private static Map<String, String> templateParameters(Exchange exchange) {
        Model model = exchange.getContext().getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition route = model == null ? null : model.getRouteDefinition(exchange.getFromRouteId());
        Map<String, String> parameters = new HashMap<>();
        if (route != null && route.getTemplateParameters() != null) {
            route.getTemplateParameters().forEach((name, value) -> parameters.put(name,
                    value == null ? null : value.toString()));
        }
        return parameters;
    }

    /**
     * What the flow adds to its products ({@code enrich} and the steps' settings), checked; {@code null} when it adds
     * nothing.
     *
     * @throws IllegalArgumentException naming the template parameter that is wrong
     */
    static EnrichmentSettings enrichment(Exchange exchange) {
        Map<String, String> parameters = templateParameters(exchange);
        return EnrichmentSettings.of(parameters.get("enrich"), parameters);
    }

    /** Validates the whole file; the body becomes its queries, or the file is rejected before any API call. */
    public void read(Exchange exchange, String endpointId) throws Exception {
        TmapiEndpoint endpoint = TmapiEndpoint.require(endpointId);
        exchange.setProperty(ENDPOINT, endpoint.id());
        String fileName = FileNames.display(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        Path inbox = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        nameArchive(exchange, inbox, fileName);

        Path dropped = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        if (!Files.isRegularFile(dropped, LinkOption.NOFOLLOW_LINKS)) {
            String what = Files.isSymbolicLink(dropped) ? "a symbolic link" : "not a regular file";
            Path report = reject(exchange, inbox, List.of(fileName + " was not processed: it is " + what
                    + ", and links and other special files are never followed or read; no TMAPI request was made.",
                    "Put the file itself (a copy) into " + inbox + "/."));
            LOG.warn("{} {} rejected: it is {}, which is never read (see {})", endpoint.id(), fileName, what, report);
            exchange.setRouteStop(true);
            return;
        }
        QueryFile file = reader.read(endpoint, fileName, exchange.getMessage().getMandatoryBody(byte[].class));
        if (!file.valid()) {
            List<String> lines = new ArrayList<>();
            lines.add(fileName + " was not processed: " + file.problems().size()
                    + (file.problems().size() == 1 ? " problem" : " problems") + " found, no TMAPI request was made.");
            file.problems().forEach(p -> lines.add(p.toString()));
            lines.add("Fix the file and drop it into " + inbox + "/ again.");
            Path report = reject(exchange, inbox, lines);
            LOG.warn("{} {} rejected, {} (see {})", endpoint.id(), fileName, file.problems().get(0), report);
            exchange.setRouteStop(true);
            return;
        }
        LOG.info("{} {}: {} {} accepted (read as {})", endpoint.id(), fileName, file.queries().size(),
                file.queries().size() == 1 ? "query" : "queries", file.readAs());
        exchange.getMessage().setBody(file.queries());
    }

    @Override
    public void done(JobStore.Job job) {
        archive(Path.of(job.inputPath()), Path.of(job.inboxFolder()), null);
    }

    @Override
    public Path failed(JobStore.Job job, String outputs, long failures, Iterable<QueryFailure> failed) {
        Path folder = Path.of(job.inboxFolder());
        Path failedCsv = writeFailedQueries(job.endpoint(), job.outputBase(), failed);
        archive(Path.of(job.inputPath()), folder, failureReport(FileNames.display(job.inputName()), folder, outputs,
                failures, job.queryCount(), failed, failedCsv));
        return failedCsv;
    }

    /** The lines of the {@code .error.txt} of a job some of whose queries failed. */
    List<String> failureReport(String fileName, Path inbox, String outputs, long failures, long queries,
            Iterable<QueryFailure> failed, Path failedCsv) {
        List<String> lines = new ArrayList<>();
        lines.add(fileName + ": " + QueryFailure.howManyFailed(failures, queries)
                + (outputs == null ? "; nothing was written." : "; the products of the others are in " + outputs + "."));
        for (QueryFailure f : failed) {
            lines.add("line " + f.query().lineNumber() + " " + f.query().describe() + ": code "
                    + f.failure().getCode() + ", " + f.failure().getReason());
        }
        lines.add("The failed queries are in " + failedCsv + "; drop that file into " + inbox
                + "/ to retry exactly those.");
        return lines;
    }

    /**
     * Archives a job's input: to {@code .done/}, or with report lines to {@code .error/} beside a
     * {@code <name>.error.txt} saying why; the name is free in both folders.
     *
     * @return where the input is now
     */
    synchronized Path archive(Path input, Path inbox, List<String> reportLines) {
        if (!Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
            // archived already, by the attempt a stop interrupted before the job was marked done
            LOG.debug("{} was archived before", input);
            return input;
        }
        String name = input.getFileName().toString();
        String archived = FileNames.free(FileNames.baseName(name), FileNames.extension(name), inbox.resolve(".done"),
                inbox.resolve(".error"));
        Path target = inbox.resolve(reportLines == null ? ".done" : ".error").resolve(archived);
        try {
            Files.createDirectories(target.getParent());
            if (reportLines != null) {
                TextFiles.writeNew(target.resolveSibling(archived + ".error.txt"),
                        Redaction.scrub(String.join(System.lineSeparator(), reportLines) + System.lineSeparator())
                                .getBytes(StandardCharsets.UTF_8));
            }
            return Files.move(input, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + input + " to " + target.getParent() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Names the input's place in {@code .done/} or {@code .error/}: a free, sanitised name, .done/ unless rejected. */
    private static void nameArchive(Exchange exchange, Path inbox, String fileName) {
        String safe = FileNames.sanitise(fileName);
        String archived = FileNames.free(FileNames.baseName(safe), FileNames.extension(safe),
                inbox.resolve(".done"), inbox.resolve(".error"));
        exchange.getMessage().setHeader(ARCHIVE_NAME, archived);
        exchange.getMessage().setHeader(ARCHIVE_PATH, ".done/" + archived);
    }

    /** Sets the dropped file aside in {@code .error/} with an {@code .error.txt} saying why, before any API call. */
    public Path reject(Exchange exchange, Path inbox, List<String> lines) {
        Path input = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        Path archived = archive(input, inbox, lines);
        exchange.getMessage().setHeader(ARCHIVE_NAME, archived.getFileName().toString());
        exchange.getMessage().setHeader(ARCHIVE_PATH, ".error/" + archived.getFileName());
        return archived.resolveSibling(archived.getFileName() + ".error.txt");
    }

    /**
     * After an unexpected failure: a file not accepted yet is set aside in {@code .error/} with the failure in its
     * report; an accepted job stays recorded, its input in {@code .processing/}, and resumes at the next start.
     */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String fileName = FileNames.display(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (cause instanceof TmapiStoppedException) {
            LOG.info("{}: stopped; it resumes at the next start from its last page", fileName);
            return;
        }
        if (exchange.getProperty(JobRuns.JOB_ID) != null) {
            LOG.error("{} failed after it was accepted: {}; it stays in .processing/ and resumes at the next start",
                    fileName, reason);
            return;
        }
        Path inbox = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        try {
            Path report = reject(exchange, inbox, List.of(fileName + " failed: " + reason,
                    "Nothing of it was lost: it can be dropped into " + inbox + "/ again."));
            LOG.error("{} failed: {} (see {})", fileName, reason, report);
        } catch (RuntimeException e) {
            LOG.error("{} failed: {}; it could not be set aside either ({}) and stays in {}/", fileName, reason,
                    e.getMessage(), inbox);
        }
    }

    /**
     * The {@code -failed.csv} of a job: every failed query as the user wrote it, with its code and reason; the name is
     * free in {@code data/errors/<endpoint>/}.
     */
    synchronized Path writeFailedQueries(String endpointId, String base, Iterable<QueryFailure> failures) {
        Set<String> columns = new LinkedHashSet<>();
        failures.forEach(f -> columns.addAll(f.query().inputRow().keySet()));
        List<String> header = new ArrayList<>(columns);
        header.add("error_code");
        header.add("error_message");
        Iterable<List<String>> rows = () -> StreamSupport.stream(failures.spliterator(), false).map(f -> {
            Map<String, String> row = f.query().inputRow();
            List<String> cells = columns.stream().map(c -> row.getOrDefault(c, "")).collect(Collectors.toList());
            cells.add(f.failure().getCode());
            cells.add(Redaction.scrub(f.failure().getReason()));
            return cells;
        }).iterator();
        Path folder = dataDir.resolve("errors").resolve(endpointId);
        return TextFiles.writeNew(folder.resolve(FileNames.free(base + "-failed", ".csv", folder)),
                out -> csv.table(header, rows, out));
    }
}
