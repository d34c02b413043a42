package org.tmapiroutes.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.DeliveryHandover;
import org.tmapiroutes.delivery.DeliveryMetrics;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.item.EnrichmentSettings;
import org.tmapiroutes.item.ItemEnrichment;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.store.StateStoreException;
import org.tmapiroutes.tmapi.TmapiQuery;
import org.tmapiroutes.tmapi.TmapiStoppedException;

/**
 * Runs the recorded jobs, one runner for every kind: claims a job (never run twice at once, here or anywhere), hands
 * its pending queries to the fetch as the store gives them, then has its outputs written; resumes the jobs a stop, a
 * kill or a dead instance left from their last recorded page; and runs each scheduled flow's run as a job of its own,
 * one run of a flow at a time.
 */
public final class JobRunner implements DeliveryHandover {

    /** The route that takes a job's first products through its flow's enrichment steps. */
    public static final String ENRICHMENT_ROUTE = "direct:tmapi-job-enrichment";
    /** Header with the enrichment steps' endpoints, in order. */
    public static final String ENRICHMENT_STEPS = "TmapiEnrichmentSteps";

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final JobRuns runs;
    private final JobOutputs outputs;
    private final UnfinishedRows unfinished;
    private final int retrySeconds;
    /** Jobs accepted before this start are the ones to resume; those accepted since run already. */
    private final Instant startedAt = Instant.now();
    /** The jobs this instance runs or writes now: a job is never run twice at once, here or anywhere. */
    private final Set<Long> active = ConcurrentHashMap.newKeySet();
    /**
     * The jobs of this instance that failed unexpectedly, and when: resumed after {@code delivery.retry-seconds}; those
     * a store failure or a 439 pause interrupted, at {@link Instant#EPOCH}: resumed at the next look.
     */
    private final Map<Long, Instant> failedAt = new ConcurrentHashMap<>();
    /** What the enrichment steps of a job bought and took from the store, for its summary line. */
    private final Map<Long, String> purchases = new ConcurrentHashMap<>();
    /** The scheduled flows whose run goes on here, and since when: a fire meanwhile is skipped. */
    private final Map<String, Instant> runsHere = new ConcurrentHashMap<>();
    /** The scheduled runs of this instance a 439 pause interrupted, by id, with their flows: fired again after it. */
    private final Map<Long, String> runsLeftAtPause = new ConcurrentHashMap<>();

    /**
     * @param inputs       where an inbox job's input goes when it ends
     * @param retrySeconds {@code delivery.retry-seconds}: how long a job that failed unexpectedly or whose output could
     *                     not be written waits before it is tried again
     */
    public JobRunner(JobStore store, JobRuns runs, InputArchive inputs, OutboxFiles outbox, DeliveryMetrics metrics,
            Path dataDir, int retrySeconds, ItemEnrichment enrichment) {
        this.store = store;
        this.runs = runs;
        this.unfinished = new UnfinishedRows(dataDir);
        this.outputs = new JobOutputs(store, inputs, outbox, metrics, unfinished, retrySeconds, enrichment);
        this.retrySeconds = retrySeconds;
    }

    /**
     * Once an inbox job's pages are in: its first products go through the steps its flow adds (details, landed cost,
     * supplier), which buy what the state store does not keep, each kept as it is answered; its output then takes
     * their columns from the store. Nothing for a job whose flow adds nothing, or that is interrupted. The steps run
     * on an exchange of their own that names the job: each of their calls is recorded as the job's before it is made,
     * apart from its queries (it adds nothing to the job's products, counts or -failed.csv), so a resumed job buys none
     * of them twice.
     */
    public void enrich(@ExchangeProperty(JobRuns.JOB_ID) Long jobId, Exchange exchange) {
        JobRun run = runs.run(jobId);
        if (run == null) {
            return;
        }
        EnrichmentSettings enrichment = EnrichmentSettings.parse(run.job().enrichment());
        if (enrichment == null || run.interrupted() || run.takenOverBy() != null) {
            return;
        }
        // an item's first row (an item detail has a row per SKU); every item for the description step, which a
        // store export needs for each product, else the first maxItems
        int most = enrichment.steps().contains(EnrichmentSettings.DESCRIPTION) ? Integer.MAX_VALUE
                : enrichment.maxItems();
        List<ProductRow> first = new ArrayList<>();
        Set<String> items = new HashSet<>();
        // walked to its end, so that each query's file is closed
        for (ProductRow row : new JobRows(store, unfinished, run.id(), null)) {
            if (row.getItemId() != null && items.size() < most && items.add(row.getItemId())) {
                first.add(row);
            }
        }
        if (first.isEmpty()) {
            return;
        }
        Exchange done;
        try (ProducerTemplate steps = exchange.getContext().createProducerTemplate()) {
            done = steps.send(ENRICHMENT_ROUTE, stepsExchange -> {
                stepsExchange.getMessage().setBody(first);
                stepsExchange.getMessage().setHeader(ENRICHMENT_STEPS, enrichment.kamelets());
                // the steps' calls are the job's: each recorded before it is made, and counted against its budget
                stepsExchange.setProperty(JobRuns.JOB_ID, run.id());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (done.getException() != null) {
            throw RuntimeCamelException.wrapRuntimeException(done.getException());
        }
        Object bought = done.getProperty(ItemEnrichment.PURCHASES);
        if (bought != null) {
            purchases.put(run.id(), bought.toString());
        }
    }

    /**
     * Starts (or resumes) the job whose id is the body: the body becomes its queries not ended yet, read from the
     * store as the split goes; nothing when the job is already running here or has ended.
     */
    public Iterable<JobQuery> start(Exchange exchange) {
        long id = exchange.getMessage().getBody(Long.class);
        JobStore.Job job = store.job(id).orElse(null);
        if (job == null || job.state() != JobStore.State.FETCHING) {
            exchange.setRouteStop(true);
            return List.of();
        }
        // made before the claim: a run that cannot be made (its condition does not compile) leaves no claim behind
        JobRun unclaimed = new JobRun(job, exchange.getContext());
        OptionalLong version = claim(id);
        if (version.isEmpty()) {
            exchange.setRouteStop(true);
            return List.of();
        }
        JobRun run = unclaimed.claimed(version.getAsLong());
        runs.started(run, exchange);
        Iterable<JobStore.Query> pending = store.pendingQueries(id);
        return () -> StreamSupport.stream(pending.spliterator(), false)
                .takeWhile(stored -> !run.interrupted())
                .map(stored -> {
                    TmapiQuery query = JobCodec.query(stored.query());
                    return new JobQuery(run, stored.index(), query, JobCodec.cursor(query, stored.pageCursor()),
                            stored.rowsEnd());
                }).iterator();
    }

    /** Every query of the job ended (or the stop interrupted it): the outputs are written, or it waits to resume. */
    public void complete(@ExchangeProperty(JobRuns.JOB_ID) Long jobId, Exchange exchange) {
        JobRun run = runs.run(jobId);
        try {
            if (run.takenOverBy() != null) {
                LOG.warn("{}: taken over by instance {}, as this one was silent for too long; it goes on there",
                        run.job().name(), run.takenOverBy());
                return;
            }
            if (run.leftAtPause()) {
                leftAtPause(run);
                return;
            }
            if (run.interrupted()) {
                JobStore.Counts counts = store.counts(run.id());
                LOG.info("{}: stopped after {} pages; it resumes from its last page at the next start, or on another"
                        + " instance", run.job().name(), counts.pages());
                return;
            }
            if (!store.fetched(run.id(), run.version())) {
                LOG.warn("{}: taken over by instance {}, as this one was silent for too long; it is written there",
                        run.job().name(), store.owner(run.id()).orElse("none"));
                return;
            }
            List<Path> written = outputs.write(run.job(), run.version(), purchases.remove(run.id()));
            if (written != null) {
                exchange.getMessage().setHeader(OutboxFiles.OUTBOX_FILE,
                        written.stream().map(Path::toString).collect(Collectors.joining(", ")));
            }
        } finally {
            runs.ended(run);
            active.remove(run.id());
        }
    }

    /**
     * After the job's route, however it ended: a job that failed for a reason not its queries' (the state store went
     * away, say) is no longer running here, and is resumed from its recorded pages after {@code delivery.retry-seconds}.
     */
    public void release(@ExchangeProperty(JobRuns.JOB_ID) Long jobId, Exchange exchange) {
        JobRun run = runs.run(jobId);
        if (run != null && active.remove(run.id())) {
            runs.ended(run);
            Throwable failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            if (storeFailure(failure)) {
                // resumed as soon as the store answers again, with the next look for unattended jobs
                failedAt.put(run.id(), Instant.EPOCH);
                LOG.warn("{}: paused, as the state store cannot be used ({}); it resumes from its recorded pages once"
                        + " the store answers", run.job().name(), JobOutputs.reason(failure));
                return;
            }
            failedAt.put(run.id(), Instant.now());
            LOG.error("{}: stopped by an unexpected failure ({}); it resumes from its recorded pages in {} s",
                    run.job().name(), failure == null ? "unknown" : JobOutputs.reason(failure), retrySeconds);
        }
    }

    private static boolean storeFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StateStoreException) {
                return true;
            }
        }
        return false;
    }

    /**
     * At start and every few seconds: the unfinished inbox jobs nobody runs, to resume here: those an earlier start
     * of this instance left, and those of an instance that stopped answering (taken over). A job this instance
     * accepted since it started is run by its file's route already.
     */
    public List<Long> unattended() {
        List<Long> ids = store.unowned(JobStore.Kind.INBOX, JobStore.State.FETCHING);
        ids.removeIf(id -> !unattended(id));
        if (!ids.isEmpty()) {
            LOG.info("{} unfinished {} resumed here", ids.size(), ids.size() == 1 ? "job is" : "jobs are");
        }
        return ids;
    }

    /**
     * Whether nobody runs the job: not this instance now, and not a job it started since its own start (it may not have
     * marked it as running yet); the caller has checked that no other live instance owns it.
     */
    private boolean unattended(long id) {
        Instant failed = failedAt.get(id);
        if (failed != null) {
            if (failed.plusSeconds(retrySeconds).isAfter(Instant.now())) {
                return false;
            }
            failedAt.remove(id);
            return !active.contains(id);
        }
        return !active.contains(id) && store.job(id).map(j -> j.acceptedAt().isBefore(startedAt)
                || !store.instance().equals(store.owner(id).orElse(null))).orElse(false);
    }

    /**
     * This instance runs the job from now on, unless it runs it already or another live instance does; the job's
     * version from this claim on, or empty.
     */
    private OptionalLong claim(long id) {
        if (!active.add(id)) {
            return OptionalLong.empty();
        }
        OptionalLong version = OptionalLong.empty();
        try {
            version = store.claim(id);
        } finally {
            // not claimed (or the store failed): the next look may claim it again
            if (version.isEmpty()) {
                active.remove(id);
            }
        }
        return version;
    }

    /**
     * A scheduled flow's run begins: it is recorded as a job (or, when a stop interrupted it, the run resumes as that
     * job): each page its queries fetch is recorded, and a resumed run's recorded pages are read back, not fetched.
     *
     * @param resumed the id of the interrupted run this fire resumes, or {@code null} for a new run
     */
    public void beginRun(Exchange exchange, Long resumed) {
        String flow = exchange.getFromRouteId();
        Instant now = Instant.now();
        // one run of a flow at a time here, a new one or a resumed one alike: the fire that marks the flow first runs
        Instant goingHere = runsHere.putIfAbsent(flow, now);
        if (goingHere != null) {
            if (resumed == null) {
                skip(exchange, flow, goingHere, "here");
            } else {
                // resumed once the run going on here has ended, by the flow's next fire (or the takeover's next look)
                LOG.debug("run {} waits for the run of {} going on here", resumed, flow);
                exchange.setRouteStop(true);
            }
            return;
        }
        JobStore.Job job = null;
        OptionalLong claimed = OptionalLong.empty();
        try {
            if (resumed == null) {
                // a fire that comes before the resumer does: it resumes the flow's stopped run rather than start a
                // second one, which would buy the same pages again
                resumed = stoppedRun(flow);
            }
            job = resumed == null ? null : store.job(resumed).filter(j -> j.state() == JobStore.State.FETCHING)
                    .orElse(null);
            if (resumed != null && (job == null || (claimed = claim(job.id())).isEmpty())) {
                // another instance resumes it already, or it has ended since this one was asked
                runsHere.remove(flow, now);
                job = null;
                LOG.debug("run {} is resumed elsewhere or ended", resumed);
                exchange.setRouteStop(true);
                return;
            }
            if (job == null) {
                Instant elsewhere = store.runGoingElsewhere(flow).orElse(null);
                if (elsewhere != null) {
                    runsHere.remove(flow, now);
                    skip(exchange, flow, elsewhere, "on another instance");
                    return;
                }
                long id = store.startRun(flow, flow + " run of " + FileNames.stamp(LocalDateTime.now()));
                active.add(id);
                job = store.job(id).orElseThrow();
            } else {
                runsLeftAtPause.remove(job.id());
                LOG.info("{}: resumed from its recorded pages", job.name());
            }
            JobRun run = new JobRun(job, exchange.getContext(), now);
            runs.started(claimed.isPresent() ? run.claimed(claimed.getAsLong()) : run, exchange);
        } catch (RuntimeException e) {
            runsHere.remove(flow, now);
            if (job != null) {
                active.remove(job.id());
            }
            throw e;
        }
    }

    /**
     * A scheduled run is handed to delivery at most once, by its owner: marked in the store before its mail or file is
     * queued. Nothing to mark for a job that is not a scheduled run of this instance.
     */
    @Override
    public boolean handOver(long jobId) {
        JobRun run = runs.run(jobId);
        if (run == null || run.job().kind() != JobStore.Kind.SCHEDULED) {
            return true;
        }
        if (run.interrupted() && run.takenOverBy() == null) {
            // a query of the run left at a stop or a 439 pause: its products are not all in, and the run is delivered
            // once it has resumed and ended
            LOG.info("{}: not delivered now, as it was interrupted; it is delivered once it resumes and ends",
                    run.job().name());
            return false;
        }
        if (store.handOver(jobId, run.version())) {
            return true;
        }
        // another instance took the run over: it delivers the run, and this one leaves it (does not end it)
        run.takenOver(store.owner(jobId).orElse("none"));
        LOG.warn("{}: not delivered here, as another instance took the run over (this one was silent for too long); it"
                + " delivers it", run.job().name());
        return false;
    }

    /** The flow's run that a stop interrupted (here or on an instance gone since), to resume; null when none. */
    private Long stoppedRun(String flow) {
        for (long id : store.unowned(JobStore.Kind.SCHEDULED, JobStore.State.FETCHING)) {
            if (!active.contains(id) && store.job(id).map(j -> flow.equals(j.flow())).orElse(false)
                    && unattended(id)) {
                return id;
            }
        }
        return null;
    }

    /** One run of a flow at a time: a fire while its run still goes on buys nothing, as that run fetches it all. */
    private static void skip(Exchange exchange, String flow, Instant since, String where) {
        LOG.info("{}: this fire is skipped, as its run of {} is still going {}", flow,
                FileNames.stamp(LocalDateTime.ofInstant(since, ZoneId.systemDefault())), where);
        exchange.setRouteStop(true);
    }

    /** The run ended: done, unless the program's stop interrupted it (then it resumes at the next start). */
    public void endRun(Exchange exchange) {
        JobRun run = runs.run(exchange);
        if (run == null) {
            return;
        }
        // only this run's mark (a later fire's stays)
        runsHere.remove(run.job().flow(), run.since());
        try {
            Throwable failure = exchange.getException();
            if (run.takenOverBy() != null) {
                LOG.warn("{}: taken over by instance {}, as this one was silent for too long; it goes on there",
                        run.job().name(), run.takenOverBy());
                return;
            }
            if (run.leftAtPause()) {
                leftAtPause(run);
                runsLeftAtPause.put(run.id(), run.job().flow());
                return;
            }
            if (run.interrupted() || failure instanceof TmapiStoppedException
                    || (failure != null && exchange.getContext().isStopping())) {
                LOG.info("{}: stopped; it resumes from its recorded pages at the next start, or on another instance",
                        run.job().name());
                return;
            }
            end(run.id(), run.version());
        } finally {
            runs.ended(run);
            active.remove(run.id());
        }
    }

    /**
     * A 439 pause began while the job ran: it is resumed from its recorded pages at the first look for unattended jobs
     * after the pause (an inbox job), or fired again then ({@link #runsLeftAtPause()}, a scheduled run), unless its
     * flow's next fire resumes it first.
     */
    private void leftAtPause(JobRun run) {
        failedAt.put(run.id(), Instant.EPOCH);
        LOG.info("{}: waits for the TMAPI pause (439) to end after {} pages; it resumes from its last page then",
                run.job().name(), store.counts(run.id()).pages());
    }

    /**
     * Once a 439 pause has ended: the scheduled runs of this instance it interrupted, by flow, to fire again; each
     * until it is resumed (or its flow is gone, then it resumes at the next start).
     */
    public Map<Long, String> runsLeftAtPause() {
        return new LinkedHashMap<>(runsLeftAtPause);
    }

    /** A run a 439 pause interrupted is no longer fired again: resumed, or its flow is gone. */
    public void forgetRunLeftAtPause(long id) {
        runsLeftAtPause.remove(id);
    }

    /**
     * At start: the scheduled runs a stop interrupted, by flow, to fire again; a run already handed to delivery is
     * done (it is never delivered twice).
     */
    public Map<Long, String> runsToResume() {
        for (long id : store.unowned(JobStore.Kind.SCHEDULED, JobStore.State.DELIVERING)) {
            if (unattended(id)) {
                store.job(id).ifPresent(run -> end(id, run.version()));
            }
        }
        Map<Long, String> runs = new LinkedHashMap<>();
        for (long id : store.unowned(JobStore.Kind.SCHEDULED, JobStore.State.FETCHING)) {
            if (unattended(id)) {
                store.job(id).ifPresent(j -> runs.put(id, j.flow()));
            }
        }
        return runs;
    }

    /** A run that cannot be resumed (its flow is gone or switched off) is ended. */
    public void abandonRun(long id, String reason) {
        store.job(id).ifPresent(run -> {
            LOG.warn("{}: not resumed, {}", run.name(), reason);
            end(id, run.version());
        });
    }

    /** A run ends at the version given: its record done, its unfinished products deleted; not once it changed hands. */
    private void end(long id, long version) {
        if (store.done(id, version, null)) {
            unfinished.delete(id);
        }
    }

    /** Every {@code delivery.retry-seconds}: the jobs whose output could not be written are written again. */
    public void retryWrites() {
        for (long id : store.unowned(JobStore.Kind.INBOX, JobStore.State.WRITING)) {
            OptionalLong version = claim(id);
            if (version.isPresent()) {
                try {
                    store.job(id).ifPresent(job -> outputs.write(job, version.getAsLong()));
                } finally {
                    active.remove(id);
                }
            }
        }
    }
}
