package org.tmapiroutes.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.tmapi.QueryFileReader.QueryFile;
import org.tmapiroutes.delivery.DeliveryMetrics;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.delivery.OutputFormat;
import org.tmapiroutes.delivery.ProductCsvWriter;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.files.TextFiles;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.QueryFileReader;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The inbox side of a job: reads and validates a dropped file, decides where it is archived ({@code .done/} or
 * {@code .error/}), writes the outbox CSV name, the {@code .error.txt} report and the {@code -failed.csv} of queries
 * to retry.
 */
public final class InboxFiles {

    /** Exchange property naming the endpoint id of the job, for its outbox folder. */
    public static final String ENDPOINT = "tmapiInboxEndpoint";
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
        try {
            OutputFormat.parse(format);
        } catch (IllegalArgumentException wrongFormat) {
            Path inbox = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
            String fileName = FileNames.display(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
            nameArchive(exchange, inbox, fileName);
            Path report = reject(exchange, inbox, List.of(fileName + " was not processed: the flow "
                    + exchange.getFromRouteId() + " names a wrong output format: " + wrongFormat.getMessage()
                    + "; no TMAPI request was made.", "Fix the format in its route file, then drop the file into "
                    + inbox + "/ again."));
            LOG.error("{} {} not processed: its flow's output format is wrong, {} (see {})", endpointId, fileName,
                    wrongFormat.getMessage(), report);
            exchange.setRouteStop(true);
            return;
        }
        read(exchange, endpointId);
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
        exchange.setProperty(FetchJob.PROPERTY, new FetchJob(endpoint.id() + " " + fileName, file.queries()));
        exchange.getMessage().setBody(file.queries());
    }

    /**
     * Writes the job's products to the outbox in the flow's formats ({@code csv}, {@code xlsx} or {@code csv,xlsx});
     * nothing is written when every query failed.
     */
    public void writeOutbox(Exchange exchange, List<ProductRow> rows, String format) {
        List<OutputFormat> formats = OutputFormat.parse(format);
        FetchJob job = exchange.getProperty(FetchJob.PROPERTY, FetchJob.class);
        if (allFailed(job)) {
            return;
        }
        String endpointId = exchange.getProperty(ENDPOINT, String.class);
        String base = FileNames.baseName(FileNames.sanitise(
                exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class)));
        List<Path> files = outbox.writeProducts(endpointId, base, rows, List.of(), formats);
        exchange.getMessage().setHeader(OutboxFiles.OUTBOX_FILE,
                files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        job.written(rows.size());
        metrics.delivered(exchange.getFromRouteId(), rows.size(), rows.size());
    }

    /** Ends the job: failed queries go to {@code -failed.csv}, the input to {@code .error/}, and one summary line is logged. */
    public void finish(Exchange exchange) {
        FetchJob job = exchange.getProperty(FetchJob.PROPERTY, FetchJob.class);
        String outbox = exchange.getMessage().getHeader(OutboxFiles.OUTBOX_FILE, String.class);
        if (!job.hasFailures()) {
            LOG.info("{} -> {}", job.summary(), outbox);
            return;
        }
        String endpointId = exchange.getProperty(ENDPOINT, String.class);
        String fileName = FileNames.display(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        Path inbox = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        Path failed = writeFailedQueries(endpointId, FileNames.baseName(FileNames.sanitise(fileName)), job);

        List<String> lines = new ArrayList<>();
        int failures = job.failures().size();
        lines.add(fileName + ": " + howManyFailed(job)
                + (outbox == null ? "; nothing was written." : "; the products of the others are in " + outbox + "."));
        for (FetchJob.QueryFailure f : job.failures()) {
            lines.add("line " + f.query().lineNumber() + " " + f.query().describe() + ": code "
                    + f.failure().getCode() + ", " + f.failure().getReason());
        }
        lines.add("The failed queries are in " + failed + "; drop that file into " + inbox
                + "/ to retry exactly those.");
        reject(exchange, inbox, lines);
        if (allFailed(job)) {
            LOG.warn("{} -> no output (failed: {}; {} in {})", job.summary(), howManyFailed(job),
                    failures == 1 ? "it is" : "they are", failed);
        } else {
            LOG.warn("{} -> {} (partial: {} failed {} in {})", job.summary(), outbox, failures,
                    failures == 1 ? "query" : "queries", failed);
        }
    }

    private static boolean allFailed(FetchJob job) {
        return job.hasFailures() && job.failures().size() == job.queries().size();
    }

    /** "the query failed", "all 3 queries failed", "1 of 3 queries failed". */
    private static String howManyFailed(FetchJob job) {
        int failures = job.failures().size();
        int queries = job.queries().size();
        if (failures == queries) {
            return queries == 1 ? "the query failed" : "all " + queries + " queries failed";
        }
        return failures + " of " + queries + " queries failed";
    }

    /** Names the input's place in {@code .done/} or {@code .error/}: a free, sanitised name, .done/ unless rejected. */
    private static void nameArchive(Exchange exchange, Path inbox, String fileName) {
        String safe = FileNames.sanitise(fileName);
        String archived = FileNames.free(FileNames.baseName(safe), FileNames.extension(safe),
                inbox.resolve(".done"), inbox.resolve(".error"));
        exchange.getMessage().setHeader(ARCHIVE_NAME, archived);
        exchange.getMessage().setHeader(ARCHIVE_PATH, ".done/" + archived);
    }

    /** Archives the input in {@code .error/} with an {@code .error.txt} saying why. */
    public Path reject(Exchange exchange, Path inbox, List<String> lines) {
        String archived = exchange.getMessage().getHeader(ARCHIVE_NAME, String.class);
        exchange.getMessage().setHeader(ARCHIVE_PATH, ".error/" + archived);
        Path report = inbox.resolve(".error").resolve(archived + ".error.txt");
        TextFiles.writeNew(report, (String.join(System.lineSeparator(), lines) + System.lineSeparator())
                .getBytes(StandardCharsets.UTF_8));
        return report;
    }

    /** Archives the input in {@code .error/} after an unexpected failure, with the failure in its report. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String fileName = FileNames.display(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        Path inbox = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        if (exchange.getMessage().getHeader(ARCHIVE_NAME) == null) {
            nameArchive(exchange, inbox, fileName);
        }
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Path report = reject(exchange, inbox, List.of(fileName + " failed: " + reason,
                "Nothing of it was lost: it can be dropped into " + inbox + "/ again."));
        LOG.error("{} failed: {} (see {})", fileName, reason, report);
    }

    private Path writeFailedQueries(String endpointId, String base, FetchJob job) {
        Set<String> columns = new LinkedHashSet<>();
        job.failures().forEach(f -> columns.addAll(f.query().inputRow().keySet()));
        List<String> header = new ArrayList<>(columns);
        header.add("error_code");
        header.add("error_message");
        List<List<String>> rows = new ArrayList<>();
        for (FetchJob.QueryFailure f : job.failures()) {
            Map<String, String> row = f.query().inputRow();
            List<String> cells = columns.stream().map(c -> row.getOrDefault(c, "")).collect(Collectors.toList());
            cells.add(f.failure().getCode());
            cells.add(f.failure().getReason());
            rows.add(cells);
        }
        Path folder = dataDir.resolve("errors").resolve(endpointId);
        String name = Files.exists(folder.resolve(base + "-failed.csv"))
                ? FileNames.free(base + "-failed-" + FileNames.stamp(LocalDateTime.now()), ".csv", folder)
                : base + "-failed.csv";
        return TextFiles.writeNew(folder.resolve(name), csv.table(header, rows));
    }
}
