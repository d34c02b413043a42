package org.tmapiroutes.job;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.store.JobStore;

/**
 * A stored job while this program runs it: the job as recorded, its product condition, and whether the program's stop
 * interrupted it (then it is left as it is, to resume at the next start) or another instance took it over.
 */
final class JobRun {

    private final JobStore.Job job;
    private final Predicate condition;
    private final CamelContext context;
    private final Instant since;
    private final long version;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile boolean leftAtPause;
    /** Its queries being fetched now, by index: what a fetch's plain reference to its query finds. */
    private final Map<Integer, JobQuery> fetching = new ConcurrentHashMap<>();
    private volatile String takenOverBy;

    JobRun(JobStore.Job job, CamelContext context) {
        this(job, context, Instant.now());
    }

    /** @param since when this run began here: a scheduled flow's run is known by it among the flow's runs here */
    JobRun(JobStore.Job job, CamelContext context, Instant since) {
        this(job, condition(job, context), context, since, job.version());
    }

    private JobRun(JobStore.Job job, Predicate condition, CamelContext context, Instant since, long version) {
        this.job = job;
        this.condition = condition;
        this.context = context;
        this.since = since;
        this.version = version;
    }

    private static Predicate condition(JobStore.Job job, CamelContext context) {
        String filter = job.itemFilter();
        return filter == null || filter.isBlank() || filter.strip().equals("true") ? null
                : context.resolveLanguage("simple").createPredicate(filter);
    }

    /** The run as this instance's claim made it: its changes to the job are made at the claim's version. */
    JobRun claimed(long claimedVersion) {
        return new JobRun(job, condition, context, since, claimedVersion);
    }

    /** The job's version this run changes it at: it changed hands since when the store's version is another. */
    long version() {
        return version;
    }

    Instant since() {
        return since;
    }

    JobStore.Job job() {
        return job;
    }

    long id() {
        return job.id();
    }

    /** Whether the flow's condition holds for the product (always, without one). */
    boolean keeps(ProductRow row) {
        if (condition == null) {
            return true;
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(row);
        return condition.matches(exchange);
    }

    /** The query is being fetched: its fetch names it by the job's id and its index. */
    void fetching(JobQuery query) {
        fetching.put(query.index(), query);
    }

    /** The query of this index being fetched, or {@code null}. */
    JobQuery fetching(int index) {
        return fetching.get(index);
    }

    /** The query of this index ended well; no fetch names it any more. */
    JobQuery fetched(int index) {
        return fetching.remove(index);
    }

    void interrupt() {
        interrupted.set(true);
    }

    /** A 439 pause began: the run goes no further here, and resumes from its recorded pages when the pause ends. */
    void leaveAtPause() {
        leftAtPause = true;
        interrupted.set(true);
    }

    /** Whether a 439 pause, not a stop, interrupted the run. */
    boolean leftAtPause() {
        return leftAtPause;
    }

    /** Another instance owns the job now (this one was silent too long): this one leaves it to that one. */
    void takenOver(String owner) {
        takenOverBy = owner;
        interrupted.set(true);
    }

    /** The instance that took the job over from this one, or {@code null}. */
    String takenOverBy() {
        return takenOverBy;
    }

    boolean interrupted() {
        return interrupted.get();
    }
}
