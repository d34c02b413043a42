package org.tmapiroutes.job;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.tmapiroutes.delivery.DeliveryHandover;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The jobs this program runs now, by id: the one place a job's run is found. An exchange names its job by its id
 * alone, a plain number in the exchange property {@value #JOB_ID}; the beans of the job room take that id and find the
 * run here, so no job state travels with a message.
 *
 * <p>A fetch outside any job (a Kamelet called from a route no schedule starts) has a job of its own here for as long
 * as its exchange lasts, never stored, with an id below zero.
 */
public final class JobRuns {

    /** Exchange property: the id of the job the exchange belongs to (the name delivery reads to hand a run over). */
    public static final String JOB_ID = DeliveryHandover.JOB_ID;

    private final Map<Long, JobRun> runs = new ConcurrentHashMap<>();
    private final Map<Long, FetchJob> fetches = new ConcurrentHashMap<>();
    private final AtomicLong lastFetch = new AtomicLong();

    /** The run of a stored job, as it starts here; the exchange belongs to it from now on. */
    void started(JobRun run, Exchange exchange) {
        runs.put(run.id(), run);
        exchange.setProperty(JOB_ID, run.id());
    }

    /** The run ended here (or was never run); the exchange keeps the id, for its log lines. */
    void ended(JobRun run) {
        runs.remove(run.id(), run);
    }

    /** The run of the stored job with this id, while it runs here; {@code null} otherwise. */
    JobRun run(Long id) {
        return id == null ? null : runs.get(id);
    }

    /** The run the exchange belongs to, while it runs here; {@code null} otherwise. */
    JobRun run(Exchange exchange) {
        return run(exchange.getProperty(JOB_ID, Long.class));
    }

    /** The fetch outside any job the exchange belongs to; {@code null} when it belongs to none. */
    FetchJob fetch(Exchange exchange) {
        return fetch(exchange.getProperty(JOB_ID, Long.class));
    }

    /** The fetch outside any job with this id, while its exchange lasts; {@code null} otherwise. */
    FetchJob fetch(Long id) {
        return id == null ? null : fetches.get(id);
    }

    /**
     * The exchange's fetch outside any job gets these queries: a further fetch in the same route adds them to those it
     * has; the first begins it, ended with its exchange.
     */
    void fetching(Exchange exchange, List<TmapiQuery> queries) {
        FetchJob job = fetch(exchange);
        if (job != null) {
            job.add(queries);
            return;
        }
        long id = lastFetch.decrementAndGet();
        fetches.put(id, new FetchJob(exchange.getFromRouteId(), queries));
        exchange.setProperty(JOB_ID, id);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                fetches.remove(id);
            }
        });
    }

    /** How many jobs and fetches this program holds now (none once they ended). */
    public int size() {
        return runs.size() + fetches.size();
    }
}
