package org.tmapiroutes.job;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.DeliveryMetrics;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.delivery.OutputFormat;
import org.tmapiroutes.item.EnrichmentSettings;
import org.tmapiroutes.item.ItemEnrichment;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The last steps of an inbox job: its outbox files written row by row from its recorded pages, its input archived,
 * its summary logged, the job ended. An output that cannot be written leaves the job waiting with its pages, and it is
 * written again later without a TMAPI call.
 */
public final class JobOutputs {

    private static final Logger LOG = LoggerFactory.getLogger(JobOutputs.class);

    private final JobStore store;
    private final InputArchive inputs;
    private final OutboxFiles outbox;
    private final DeliveryMetrics metrics;
    private final UnfinishedRows unfinished;
    private final int retrySeconds;
    private final ItemEnrichment enrichment;
    /** The jobs whose output could not be written, and the files each already has. */
    private final Map<Long, List<Path>> waitingToWrite = new ConcurrentHashMap<>();

    JobOutputs(JobStore store, InputArchive inputs, OutboxFiles outbox, DeliveryMetrics metrics,
            UnfinishedRows unfinished, int retrySeconds, ItemEnrichment enrichment) {
        this.enrichment = enrichment;
        this.store = store;
        this.inputs = inputs;
        this.outbox = outbox;
        this.metrics = metrics;
        this.unfinished = unfinished;
        this.retrySeconds = retrySeconds;
    }

    /**
     * Writes the job's outputs from the store, archives its input and ends it; when something cannot be written, the
     * job keeps its pages and waits for the next attempt (one ERROR, at the first failure).
     *
     * @return the outbox files, or {@code null} when nothing could be written yet
     */
    List<Path> write(JobStore.Job job, long version) {
        return write(job, version, null);
    }

    /**
     * @param version   the job's version from its runner's claim: a job that changed hands since is not ended here
     * @param purchases what the job's enrichment steps bought and took from the store ({@code details: 18 bought, 2
     *                  from the store}), for its summary line, or {@code null}
     */
    List<Path> write(JobStore.Job job, long version, String purchases) {
        List<Path> done = waitingToWrite.getOrDefault(job.id(), new ArrayList<>());
        try {
            Map<String, Long> failures = store.failuresByCode(job.id());
            long failed = failures.values().stream().mapToLong(Long::longValue).sum();
            JobStore.Counts counts = store.counts(job.id());
            List<OutputFormat> formats = OutputFormat.parse(job.outputFormat());
            List<Path> outputs = new ArrayList<>();
            // queries the spend guard stopped have pages to deliver: their rows ask only for the rest
            if (failed < job.queryCount() || failures.containsKey(TmapiFailureException.MAX_CALLS)) {
                if (done.isEmpty()) {
                    Iterable<ProductRow> rows = new JobRows(store, unfinished, job.id(), null);
                    EnrichmentSettings added = EnrichmentSettings.parse(job.enrichment());
                    done.addAll(added == null ? outbox.writeProducts(job.endpoint(), job.outputBase(), rows, formats, List.of())
                            : outbox.writeProducts(job.endpoint(), job.outputBase(), enrichment.fromStore(rows, added),
                                    formats, added.columns()));
                    metrics.delivered(job.flow(), (int) counts.itemsKept(), (int) counts.itemsKept());
                }
                outputs.addAll(done);
            }
            String outputText = outputs.isEmpty() ? null
                    : outputs.stream().map(Path::toString).collect(Collectors.joining(", "));
            if (failed == 0) {
                inputs.done(job);
                LOG.info("{} -> {}", summary(job, counts, failures, counts.itemsKept(), purchases), outputText);
            } else {
                Path failedCsv = inputs.failed(job, outputText, failed, failedQueries(job));
                String summary = summary(job, counts, failures, outputs.isEmpty() ? 0 : counts.itemsKept(), purchases);
                if (outputs.isEmpty()) {
                    LOG.warn("{} -> no output (failed: {}; {} in {})", summary,
                            QueryFailure.howManyFailed(failed, job.queryCount()), failed == 1 ? "it is" : "they are",
                            failedCsv);
                } else {
                    LOG.warn("{} -> {} (partial: {} failed {} in {})", summary, outputText, failed,
                            failed == 1 ? "query" : "queries", failedCsv);
                }
            }
            if (store.done(job.id(), version, outputText)) {
                unfinished.delete(job.id());
            }
            if (waitingToWrite.remove(job.id()) != null) {
                LOG.info("{}: written now, after waiting for its output to be writable", job.name());
            }
            return outputs;
        } catch (RuntimeException e) {
            if (waitingToWrite.putIfAbsent(job.id(), done) == null) {
                LOG.error("{}: cannot write in {} ({}); the fetched products are kept and the write is tried again"
                        + " every {} s, with no TMAPI call", job.name(), folder(e), reason(e), retrySeconds);
            } else {
                LOG.debug("{}: the output still cannot be written: {}", job.name(), reason(e));
            }
            return null;
        }
    }

    private Iterable<QueryFailure> failedQueries(JobStore.Job job) {
        Iterable<JobStore.Query> failed = store.failedQueries(job.id());
        return () -> StreamSupport.stream(failed.spliterator(), false)
                .map(q -> new QueryFailure(leftOver(q),
                        new TmapiFailureException(job.endpoint(), q.errorCode(), q.errorMessage())))
                .iterator();
    }

    /**
     * A failed query as its {@code -failed.csv} row asks it again: as written, or, stopped by job.max-calls after some
     * of its pages, from the next page with the pages left, so that nothing is bought twice.
     */
    private static TmapiQuery leftOver(JobStore.Query failed) {
        TmapiQuery query = JobCodec.query(failed.query());
        if (!TmapiFailureException.MAX_CALLS.equals(failed.errorCode()) || failed.pageCursor() == null) {
            return query;
        }
        PageCursor cursor = JobCodec.cursor(query, failed.pageCursor());
        if (cursor.pagesFetched() == 0) {
            return query;
        }
        Map<String, String> row = new LinkedHashMap<>(query.inputRow());
        row.put("page", String.valueOf(cursor.page()));
        row.put(QueryValidator.MAX_PAGES, String.valueOf(Math.max(1, query.maxPages() - cursor.pagesFetched())));
        return new TmapiQuery(query.endpoint(), query.parameters(), query.maxPages(), query.maxItems(),
                query.lineNumber(), row);
    }

    private static String summary(JobStore.Job job, JobStore.Counts counts, Map<String, Long> failures, long written,
            String purchases) {
        double seconds = Duration.between(job.acceptedAt(), Instant.now()).toMillis() / 1000.0;
        return FetchJob.summaryLine(job.name(), job.queryCount(), counts.pages(), counts.itemsFetched(),
                counts.itemsKept(), written, failures, seconds) + (purchases == null ? "" : "; " + purchases);
    }

    /** The folder a write failed in, from the failure. */
    private static String folder(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs && fs.getFile() != null) {
                Path file = Path.of(fs.getFile());
                // a folder that cannot be made (a file of its name is in the way) is itself the folder
                boolean folderItself = t instanceof FileAlreadyExistsException || t instanceof NotDirectoryException
                        || file.getParent() == null;
                return (folderItself ? file : file.getParent()) + "/";
            }
        }
        return "the outbox";
    }

    static String reason(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return cause instanceof FileSystemException fs && fs.getReason() != null
                ? fs.getFile() + ": " + fs.getReason()
                : message != null ? message : cause.getClass().getSimpleName();
    }
}
