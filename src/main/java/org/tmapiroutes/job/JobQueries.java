package org.tmapiroutes.job;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.item.ItemEnrichment;
import org.tmapiroutes.item.ProductNormalizer;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.store.StateStore;
import org.tmapiroutes.store.StateStoreException;
import org.tmapiroutes.tmapi.CallBudget;
import org.tmapiroutes.tmapi.FetchedPage;
import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.PageSink;
import org.tmapiroutes.tmapi.QueryFetch;
import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiQuery;
import org.tmapiroutes.tmapi.TmapiStoppedException;

/**
 * The queries of a job, each from its first page to its end. A job's query (an inbox file's, a scheduled run's) has
 * each page recorded with its kept products as it arrives, and its end recorded, so that nothing fetched is bought
 * again; the products of a scheduled run's fetch are read back from the run's recorded pages as they are used. A
 * fetch outside any job (a Kamelet called from a route that no schedule starts) gathers its products for its caller.
 */
public final class JobQueries implements PageSink, CallBudget {

    private static final Logger LOG = LoggerFactory.getLogger(JobQueries.class);

    /** The owner of a query fetched for its caller alone: the products gathered for it. */
    private record Gathered(List<ProductRow> rows) {
    }

    /** The owner of a job's query, in plain values: the job's id and the query's index, found again in the job's run. */
    private record QueryOfJob(long jobId, int index) {
    }

    /** How long a page waiting for the state store waits before it looks whether the program is stopping. */
    private static final Duration STORE_PATIENCE = Duration.ofSeconds(1);
    /** How often a page that still cannot be recorded says so again. */
    private static final Duration STILL_WAITING = Duration.ofMinutes(1);

    private final ProductNormalizer normalizer;
    private final ItemEnrichment enrichment;
    private final long maxCalls;
    private final JobStore store;
    private final JobRuns runs;
    private final StateStore stateStore;
    private final UnfinishedRows unfinished;

    /**
     * @param maxCalls {@code job.max-calls}: the TMAPI calls one job may make, list pages and enrichment together (0:
     *                 no limit)
     */
    public JobQueries(ProductNormalizer normalizer, ItemEnrichment enrichment, JobStore store, JobRuns runs,
            StateStore stateStore, Path dataDir, long maxCalls) {
        this.runs = runs;
        this.enrichment = enrichment;
        this.maxCalls = maxCalls;
        this.normalizer = normalizer;
        this.store = store;
        this.stateStore = stateStore;
        this.unfinished = new UnfinishedRows(dataDir);
    }

    /**
     * Counts a call against its job before it is made: a query of a job, or an enrichment step's call for an inbox
     * job; the job's count is kept in the state store, so a resumed job goes on counting. At {@code job.max-calls}
     * the call is not made: it fails with code {@code max-calls}, and its query is left for the {@code -failed.csv}.
     */
    @Override
    public void spend(Exchange exchange) {
        if (maxCalls <= 0) {
            return;
        }
        QueryFetch fetch = QueryFetch.of(exchange);
        JobQuery stored = stored(fetch);
        JobRun run = stored != null ? stored.run() : runs.run(exchange);
        if (run != null && !store.spendCall(run.id(), maxCalls)) {
            throw new TmapiFailureException(fetch.query().endpoint().id(), TmapiFailureException.MAX_CALLS,
                    "not asked: the job made the " + maxCalls + " TMAPI calls job.max-calls allows");
        }
    }

    /**
     * The start of a fetch, the body its queries. In a scheduled run they are added to the run's job, each recorded
     * before it is fetched (a resumed run finds its queries again, with where their pages stand), and the body becomes
     * the run's call: those not fetched yet. Outside a run they are fetched for the caller alone.
     */
    public Object startJob(@ExchangeProperty(JobRuns.JOB_ID) Long jobId, Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<TmapiQuery> queries = exchange.getMessage().getBody(List.class);
        JobRun run = runs.run(jobId);
        if (run == null) {
            runs.fetching(exchange, queries);
            return queries;
        }
        return new JobCall(run, store.addQueries(run.id(), queries.stream().map(JobCodec::query).toList()));
    }

    /**
     * The products of every query of the fetch that succeeded, in query order: in a run, read from its recorded pages
     * as they are used; outside one, those gathered.
     */
    public List<ProductRow> jobRows(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof JobCall call) {
            return new JobRows(store, unfinished, call.run().id(), call.indexes());
        }
        return runs.fetch(exchange).rows();
    }

    /**
     * A query of a job (its cursor new or where its last recorded page left it), a call an inbox job's enrichment step
     * makes (recorded before it is made, found again when the resumed job asks it again), or a query fetched for its
     * caller alone, whose products are gathered.
     */
    public void start(@ExchangeProperty(JobRuns.JOB_ID) Long jobId, Exchange exchange) throws Exception {
        JobRun run = runs.run(jobId);
        Object body = exchange.getMessage().getBody();
        JobQuery stored = body instanceof JobQuery given ? given : null;
        if (stored == null) {
            TmapiQuery query = exchange.getMessage().getMandatoryBody(TmapiQuery.class);
            if (run == null) {
                new QueryFetch(new PageCursor(query), new Gathered(new ArrayList<>())).on(exchange);
                return;
            }
            // a Kamelet's query in a scheduled run: part of the run's job; an inbox job's own queries are all recorded
            // at its start, so a query asked in one is its enrichment step's call. Either way its products and failure
            // are its caller's
            boolean stepCall = run.job().kind() == JobStore.Kind.INBOX;
            JobStore.Query recorded = stepCall ? store.addStepCall(run.id(), JobCodec.query(query))
                    : store.addQueries(run.id(), List.of(JobCodec.query(query))).get(0);
            stored = new JobQuery(run, recorded.index(), query, JobCodec.cursor(query, recorded.pageCursor()),
                    recorded.rowsEnd(), true, stepCall);
        }
        stored.run().fetching(stored);
        // a query of a job (or its enrichment step's call), recorded: at a 439 pause the job leaves, and resumes when
        // the pause ends from what it recorded
        new QueryFetch(stored.cursor(), new QueryOfJob(stored.run().id(), stored.index())).leavingAtPause()
                .on(exchange);
    }

    /** The job's query that ended well, no longer being fetched; {@code null} when its run has ended. */
    private JobQuery fetched(QueryOfJob of) {
        JobRun run = runs.run(of.jobId());
        return run == null ? null : run.fetched(of.index());
    }

    /** The job's query the fetch is for, found in its run; {@code null} for a fetch outside any job. */
    private JobQuery stored(QueryFetch fetch) {
        QueryOfJob of = fetch == null ? null : fetch.owner(QueryOfJob.class);
        JobRun run = of == null ? null : runs.run(of.jobId());
        return run == null ? null : run.fetching(of.index());
    }

    /**
     * The page just fetched becomes product rows of the query; a job's page is recorded at once with the products its
     * flow's condition keeps, and where the query stands after it.
     */
    @Override
    public void accept(Exchange exchange, FetchedPage page) {
        TmapiQuery query = page.query();
        QueryFetch fetch = QueryFetch.of(exchange);
        JobQuery stored = stored(fetch);
        List<ProductRow> rows = new ArrayList<>(page.items().size());
        page.items().forEach(item -> rows.addAll(normalizer.rows(query, item, page.fetchedAt())));
        String keepAs = exchange.getProperty(ItemEnrichment.KEEP_AS, String.class);
        if (keepAs != null) {
            keep(keepAs, query, rows, exchange);
        }
        if (stored != null) {
            if (!stored.stepCall()) {
                rows.removeIf(row -> !stored.run().keeps(row));
            }
            record(exchange, stored, page, rows);
        }
        Gathered gathered = fetch.owner(Gathered.class);
        if (gathered != null) {
            gathered.rows().addAll(rows);
        }
    }

    /**
     * An enrichment call's answer kept in the state store while its request holds its slot; a store that cannot take
     * it now costs only this answer, bought again by a later step.
     */
    private void keep(String keepAs, TmapiQuery query, List<ProductRow> rows, Exchange exchange) {
        try {
            enrichment.keep(keepAs, query, rows, exchange);
        } catch (StateStoreException e) {
            LOG.warn("{}: its answer cannot be kept in the state store now ({}); it is used, and bought again by a later"
                    + " step", query.describe(), e.getMessage());
        }
    }

    /**
     * Records the page with its kept products. While the store cannot take it (a database down, a disk full), the
     * page waits here, in memory, holding its request's slot, and is recorded once the store answers again: a page
     * bought is never bought again. Only a stop gives up on it (it is asked again at the next start).
     */
    private void record(Exchange exchange, JobQuery stored, FetchedPage page, List<ProductRow> rows) {
        PageCursor cursor = stored.cursor();
        long jobId = stored.run().id();
        String lastReason = null;
        long saidAt = 0;
        while (true) {
            try {
                // the unfinished output is written by the job's owner only: one taken over is the other instance's
                stopIfTakenOver(stored.run());
                long end = unfinished.append(jobId, stored.index(), stored.rowsEnd(), rows);
                // the query's last page ends the query in the same transaction
                boolean last = !cursor.hasNext();
                JobStore.Page recorded = new JobStore.Page(stored.index(), cursor.pagesFetched(), page.items().size(),
                        rows.size(), end, page.fetchedAt());
                if (!store.recordPage(jobId, stored.run().version(), recorded, JobCodec.cursor(cursor), last)) {
                    // the job changed hands since this run claimed it
                    lost(stored.run());
                }
                stored.recorded(end, last);
                if (lastReason != null) {
                    LOG.info("{} page {}: recorded now that the state store takes it again", stored,
                            cursor.pagesFetched());
                }
                return;
            } catch (StateStoreException | UncheckedIOException e) {
                // said once per reason, and once a minute while it lasts: a store that answers again but still refuses
                // the page says why
                boolean sameReason = String.valueOf(e.getMessage()).equals(lastReason);
                if (!sameReason) {
                    LOG.warn("{} page {}: cannot be recorded now ({}); it waits and is recorded once the state store"
                            + " takes it, and is not bought again", stored, cursor.pagesFetched(), e.getMessage());
                    saidAt = System.nanoTime();
                } else if (System.nanoTime() - saidAt > STILL_WAITING.toNanos()) {
                    LOG.warn("{} page {}: still cannot be recorded ({}); it keeps waiting", stored,
                            cursor.pagesFetched(), e.getMessage());
                    saidAt = System.nanoTime();
                }
                lastReason = String.valueOf(e.getMessage());
                awaitStore(exchange, stored);
            }
        }
    }

    private void awaitStore(Exchange exchange, JobQuery stored) {
        try {
            while (!stateStore.awaitNextAnswer(STORE_PATIENCE)) {
                if (exchange.getContext().isStopping()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (exchange.getContext().isStopping() || Thread.currentThread().isInterrupted()) {
            throw new TmapiStoppedException(stored + " stopped while its page waited for the state store");
        }
    }

    /** Before a page is written: the owner's heartbeat says it still owns the job, or the store is asked. */
    private void stopIfTakenOver(JobRun run) {
        if (!store.stillOwns(run.id())) {
            stopAsTakenOver(run);
        }
    }

    /** The store says whether another instance owns the job now; then this one stops running it. */
    private void stopAsTakenOver(JobRun run) {
        if (!store.owner(run.id()).orElse("none").equals(store.instance())) {
            lost(run);
        }
    }

    /** This run lost the job (another instance took it over): it stops, and leaves the job to its owner. */
    private void lost(JobRun run) {
        String owner = store.owner(run.id()).orElse("none");
        run.takenOver(owner);
        throw new TmapiStoppedException(run.job().name() + " was taken over by instance " + owner);
    }

    /**
     * The query ended well: its products are the body. Its fetch stays on the exchange without its owner: what was
     * asked and how many items came, which a report of the flow says, but nothing of the job.
     */
    public void done(Exchange exchange) {
        QueryFetch fetch = QueryFetch.of(exchange);
        Object owner = fetch.ended();
        JobQuery stored = owner instanceof QueryOfJob of ? fetched(of) : null;
        if (stored != null) {
            if (!stored.doneRecorded()) {
                store.queryDone(stored.run().id(), stored.index());
            }
            if (stored.stepCall()) {
                exchange.getMessage().setBody(stepCallRows(exchange, stored));
            } else if (stored.forCaller()) {
                exchange.getMessage().setBody(new JobRows(store, unfinished, stored.run().id(), Set.of(stored.index())));
            }
            return;
        }
        if (!(owner instanceof Gathered gathered)) {
            return;
        }
        List<ProductRow> rows = gathered.rows();
        PageCursor cursor = fetch.cursor();
        FetchJob job = runs.fetch(exchange);
        if (job != null) {
            job.succeeded(cursor.query(), rows, cursor.pagesFetched(), cursor.itemsFetched());
        }
        exchange.getMessage().setBody(rows);
    }

    /**
     * An enrichment step's call: its products, read back from its recorded page. When that page was bought before the
     * job was resumed, its answer is kept again, as it would have been when it was read.
     */
    private List<ProductRow> stepCallRows(Exchange exchange, JobQuery stored) {
        List<ProductRow> rows = new ArrayList<>();
        unfinished.rows(stored.run().id(), stored.index(), stored.rowsEnd()).forEach(rows::add);
        String keepAs = exchange.getProperty(ItemEnrichment.KEEP_AS, String.class);
        if (!stored.fetchedHere() && keepAs != null) {
            keep(keepAs, stored.query(), rows, exchange);
        }
        return rows;
    }

    /** Inside a job a failed query is recorded and the others go on; a single query (a Kamelet call) fails its caller. */
    public void failed(Exchange exchange) {
        TmapiFailureException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TmapiFailureException.class);
        QueryFetch fetch = QueryFetch.of(exchange);
        PageCursor cursor = fetch.cursor();
        JobQuery stored = stored(fetch);
        if (stored != null && exchange.getContext().isStopping()) {
            // e.g. a 439 pause ended by the stop: not the query's failure, it resumes at the next start
            interrupted(exchange);
            return;
        }
        if (stored != null) {
            store.queryFailed(stored.run().id(), stored.index(), failure.getCode(), failure.getReason());
        }
        FetchJob job = runs.fetch(exchange);
        if (stored != null ? stored.forCaller() : job == null && fetch.owner(Gathered.class) != null) {
            throw failure;
        }
        LOG.warn("{} failed at page {}: code {}, {}", cursor.query().describe(), cursor.page(), failure.getCode(),
                failure.getReason());
        if (job != null) {
            job.failed(cursor.query(), failure, cursor.pagesFetched(), cursor.itemsFetched());
        }
    }

    /**
     * The program is stopping (or a 439 pause began): the job's query is left where its last recorded page left it; a
     * scheduled run goes no further (its mail or file is not made of part of its products).
     */
    public void interrupted(Exchange exchange) {
        JobQuery stored = stored(QueryFetch.find(exchange));
        TmapiStoppedException stop = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TmapiStoppedException.class);
        if (stored == null) {
            throw stop;
        }
        if (stop != null && stop.atPause()) {
            stored.run().leaveAtPause();
        } else {
            stored.run().interrupt();
        }
        if (stored.forCaller()) {
            exchange.setRouteStop(true);
        }
    }

    /** After a scheduled run's queries: an interrupted run goes no further. */
    public void stopIfInterrupted(@ExchangeProperty(JobRuns.JOB_ID) Long jobId, Exchange exchange) {
        JobRun run = runs.run(jobId);
        if (run != null && run.interrupted()) {
            exchange.setRouteStop(true);
        }
    }

    /** A scheduled run's summary line once its output is written, with any failed query. */
    public void logSummary(@ExchangeProperty(JobRuns.JOB_ID) Long jobId, @Header(OutboxFiles.OUTBOX_FILE) String output,
            @Body List<ProductRow> written) {
        JobRun run = runs.run(jobId);
        FetchJob job = runs.fetch(jobId);
        String summary;
        List<QueryFailure> failures = new ArrayList<>();
        long queries;
        if (run != null) {
            JobStore.Job recorded = store.job(run.id()).orElse(run.job());
            JobStore.Counts counts = store.counts(run.id());
            store.failedQueries(run.id()).forEach(q -> failures.add(new QueryFailure(JobCodec.query(q.query()),
                    new TmapiFailureException(JobCodec.query(q.query()).endpoint().id(), q.errorCode(),
                            q.errorMessage()))));
            queries = recorded.queryCount();
            summary = FetchJob.summaryLine(recorded.name(), queries, counts.pages(), counts.itemsFetched(),
                    counts.itemsKept(), written.size(), store.failuresByCode(run.id()),
                    Duration.between(recorded.acceptedAt(), Instant.now()).toMillis() / 1000.0);
        } else {
            job.written(written.size());
            failures.addAll(job.failures());
            queries = job.queries().size();
            summary = job.summary();
        }
        if (failures.isEmpty()) {
            LOG.info("{} -> {} (waiting for delivery)", summary, output);
        } else {
            failures.forEach(f -> LOG.warn("{} failed: code {}, {}", f.query().describe(), f.failure().getCode(),
                    f.failure().getReason()));
            LOG.warn("{} -> {} (partial: {} of {} queries failed)", summary, output, failures.size(), queries);
        }
    }
}
