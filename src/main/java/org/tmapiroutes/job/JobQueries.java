package org.tmapiroutes.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.item.ProductNormalizer;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.FetchedPage;
import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.PageSink;
import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiQuery;
import org.tmapiroutes.tmapi.TmapiRequest;
import org.tmapiroutes.tmapi.TmapiStoppedException;
import org.tmapiroutes.store.JobStore;

/**
 * The queries of a job, each from its first page to its end: the products of each page fetched are gathered, and at
 * the end the query is recorded in its {@link FetchJob} as succeeded or failed. A query without a job (a Kamelet
 * call) hands its products, or its failure, to its caller.
 */
public final class JobQueries implements PageSink {

    /** Exchange property with the products of the query being fetched. */
    static final String ROWS = "tmapiQueryRows";

    private static final Logger LOG = LoggerFactory.getLogger(JobQueries.class);

    /** Exchange property with the stored job's query being fetched. */
    static final String JOB_QUERY = "tmapiJobQuery";

    private final ProductNormalizer normalizer;
    private final JobStore store;
    private final UnfinishedRows unfinished;

    public JobQueries(ProductNormalizer normalizer, JobStore store, Path dataDir) {
        this.normalizer = normalizer;
        this.store = store;
        this.unfinished = new UnfinishedRows(dataDir);
    }

    /** The body (a list of queries) becomes the job's, unless the route already made one. */
    public void startJob(Exchange exchange) {
        if (exchange.getProperty(FetchJob.PROPERTY) == null) {
            @SuppressWarnings("unchecked")
            List<TmapiQuery> queries = exchange.getMessage().getBody(List.class);
            exchange.setProperty(FetchJob.PROPERTY, new FetchJob(exchange.getFromRouteId(), queries));
        }
    }

    /** The products of every query that succeeded, in query order. */
    public List<ProductRow> jobRows(Exchange exchange) {
        return exchange.getProperty(FetchJob.PROPERTY, FetchJob.class).rows();
    }

    /**
     * A query (a Kamelet's, a scheduled flow's) or an inbox job's query: its cursor, new or where its last recorded page
     * left it. A query of a scheduled run is recorded in the run's job; when the run resumes, its recorded pages are
     * read back instead of fetched.
     */
    public void start(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (body instanceof JobQuery stored) {
            exchange.setProperty(JOB_QUERY, stored);
            exchange.setProperty(TmapiRequest.CURSOR, stored.cursor());
            return;
        }
        TmapiQuery query = exchange.getMessage().getMandatoryBody(TmapiQuery.class);
        List<ProductRow> rows = new ArrayList<>();
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        if (run == null) {
            exchange.removeProperty(JOB_QUERY);
            exchange.setProperty(TmapiRequest.CURSOR, new PageCursor(query));
        } else {
            JobStore.Query recorded = store.runQuery(run.id(), JobCodec.query(query));
            PageCursor cursor = JobCodec.cursor(query, recorded.pageCursor());
            unfinished.rows(run.id(), recorded.index(), recorded.rowsEnd()).forEach(rows::add);
            exchange.setProperty(JOB_QUERY, new JobQuery(run, recorded.index(), query, cursor, recorded.rowsEnd()));
            exchange.setProperty(TmapiRequest.CURSOR, cursor);
        }
        exchange.setProperty(ROWS, rows);
    }

    /**
     * The page just fetched becomes product rows of the query; a job's page is recorded at once with the products its
     * flow's condition keeps, and where the query stands after it.
     */
    @Override
    public void accept(Exchange exchange, FetchedPage page) {
        TmapiQuery query = page.query();
        JobQuery stored = exchange.getProperty(JOB_QUERY, JobQuery.class);
        List<ProductRow> rows = new ArrayList<>(page.items().size());
        page.items().forEach(item -> rows.add(normalizer.normalize(query.endpoint(), query.parameters(), item,
                page.fetchedAt())));
        if (stored != null) {
            rows.removeIf(row -> !stored.run().keeps(row));
            PageCursor cursor = stored.cursor();
            long jobId = stored.run().id();
            // the unfinished output is written by the job's owner only: one taken over is the other instance's
            stopIfTakenOver(stored.run());
            long end = unfinished.append(jobId, stored.index(), stored.rowsEnd(), rows);
            if (!store.recordPage(jobId, new JobStore.Page(stored.index(), cursor.pagesFetched(),
                    page.items().size(), rows.size(), end, page.fetchedAt()), JobCodec.cursor(cursor))) {
                stopIfTakenOver(stored.run());
            }
            stored.recorded(end);
        }
        List<ProductRow> gathered = rows(exchange);
        if (gathered != null) {
            gathered.addAll(rows);
        }
    }

    private void stopIfTakenOver(JobRun run) {
        String owner = store.owner(run.id()).orElse("none");
        if (!owner.equals(store.instance())) {
            run.takenOver(owner);
            throw new TmapiStoppedException(run.job().name() + " was taken over by instance " + owner);
        }
    }

    public void done(Exchange exchange) {
        JobQuery stored = exchange.getProperty(JOB_QUERY, JobQuery.class);
        if (stored != null) {
            store.queryDone(stored.run().id(), stored.index());
        }
        List<ProductRow> rows = rows(exchange);
        if (rows == null) {
            return;
        }
        PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
        FetchJob job = exchange.getProperty(FetchJob.PROPERTY, FetchJob.class);
        if (job != null) {
            job.succeeded(cursor.query(), rows, cursor.pagesFetched(), cursor.itemsFetched());
        }
        exchange.getMessage().setBody(rows);
    }

    /** Inside a job a failed query is recorded and the others go on; a single query (a Kamelet call) fails its caller. */
    public void failed(Exchange exchange) {
        TmapiFailureException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TmapiFailureException.class);
        PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
        JobQuery stored = exchange.getProperty(JOB_QUERY, JobQuery.class);
        if (stored != null && exchange.getContext().isStopping()) {
            // e.g. a 439 pause ended by the stop: not the query's failure, it resumes at the next start
            interrupted(exchange);
            return;
        }
        if (stored != null) {
            store.queryFailed(stored.run().id(), stored.index(), failure.getCode(), failure.getReason());
        }
        FetchJob job = exchange.getProperty(FetchJob.PROPERTY, FetchJob.class);
        if (job == null && rows(exchange) != null) {
            throw failure;
        }
        LOG.warn("{} failed at page {}: code {}, {}", cursor.query().describe(), cursor.page(), failure.getCode(),
                failure.getReason());
        if (job != null) {
            job.failed(cursor.query(), failure, cursor.pagesFetched(), cursor.itemsFetched());
        }
    }

    /**
     * The program is stopping: the job's query is left where its last recorded page left it; a scheduled run goes no
     * further (its mail or file is not made of part of its products).
     */
    public void interrupted(Exchange exchange) {
        JobQuery stored = exchange.getProperty(JOB_QUERY, JobQuery.class);
        if (stored == null) {
            throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TmapiStoppedException.class);
        }
        stored.run().interrupt();
        if (rows(exchange) != null) {
            exchange.setRouteStop(true);
        }
    }

    /** After a scheduled run's queries: an interrupted run goes no further. */
    public void stopIfInterrupted(Exchange exchange) {
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        if (run != null && run.interrupted()) {
            exchange.setRouteStop(true);
        }
    }

    /** Ends a scheduled run's job: its summary line, with the output and any failed query. */
    public void endRun(Exchange exchange, List<ProductRow> written) {
        FetchJob job = exchange.getProperty(FetchJob.PROPERTY, FetchJob.class);
        String output = exchange.getMessage().getHeader(OutboxFiles.OUTBOX_FILE, String.class);
        job.written(written.size());
        if (job.hasFailures()) {
            job.failures().forEach(f -> LOG.warn("{} failed: code {}, {}", f.query().describe(), f.failure().getCode(),
                    f.failure().getReason()));
            LOG.warn("{} -> {} (partial: {} of {} queries failed)", job.summary(), output, job.failures().size(),
                    job.queries().size());
        } else {
            LOG.info("{} -> {} (waiting for delivery)", job.summary(), output);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ProductRow> rows(Exchange exchange) {
        return exchange.getProperty(ROWS, List.class);
    }
}
