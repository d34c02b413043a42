package org.tmapiroutes.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.DeliveryHandover;
import org.tmapiroutes.delivery.DeliveryMetrics;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.delivery.OutputFormat;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * Durable jobs: an accepted input file is recorded with its queries in the state store and moved to
 * {@code .processing/}; its queries are fetched page by page, each page recorded with its kept products as it arrives;
 * once every query ended, the outputs are written from the store, the input archived and the pages dropped. A job a
 * stop interrupted resumes at the next start from its last recorded page; a job whose output cannot be written keeps
 * its pages and is written again every {@code delivery.retry-seconds}, without a TMAPI call.
 */
public final class Jobs {

    /** Exchange property with the product condition of an inbox flow (its {@code where} parameter). */
    public static final String CONDITION = "tmapiWhere";
    /** Header with the id of the job an inbox file became. */
    public static final String JOB_ID = "TmapiJobId";

    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private final JobStore store;
    private final InboxFiles inbox;
    private final OutboxFiles outbox;
    private final DeliveryMetrics metrics;
    private final Path dataDir;
    private final int retrySeconds;
    private final UnfinishedRows unfinished;
    /** Jobs accepted before this start are the ones to resume; those accepted since run already. */
    private final java.time.Instant startedAt = java.time.Instant.now();
    /** The jobs this instance runs or writes now: a job is never run twice at once, here or anywhere. */
    private final Set<Long> active = ConcurrentHashMap.newKeySet();
    /** The jobs of this instance that failed unexpectedly, and when: resumed after {@code delivery.retry-seconds}. */
    private final Map<Long, java.time.Instant> failedAt = new ConcurrentHashMap<>();
    /** The scheduled flows whose run goes on here, and since when: a fire meanwhile is skipped. */
    private final Map<String, java.time.Instant> runsHere = new ConcurrentHashMap<>();
    /** The jobs whose output could not be written, and the files each already has. */
    private final Map<Long, List<Path>> waitingToWrite = new ConcurrentHashMap<>();

    /** Whether other instances share the store and the data folder. */
    private final boolean shared;
    /** How long a file in {@code .processing/} no job names is left alone on a shared data folder. */
    private final Duration strayAfter;
    /** The inbox files claimed by the instances (the inbox routes' idempotent read lock). */
    private final IdempotentRepository claims;
    /** The files in {@code .processing/} no job named, and when this instance first saw them so. */
    private final Map<Path, java.time.Instant> strays = new ConcurrentHashMap<>();

    /**
     * @param shared     whether other instances share the store and the data folder
     * @param strayAfter how long an instance may take between moving a file to {@code .processing/} and recording its
     *                   job, at most: a file no job names for longer, and not claimed, was left by an instance that
     *                   died in between
     * @param claims     the inbox files the instances have claimed
     */
    public Jobs(JobStore store, InboxFiles inbox, OutboxFiles outbox, DeliveryMetrics metrics, Path dataDir,
            int retrySeconds, boolean shared, Duration strayAfter, IdempotentRepository claims) {
        this.shared = shared;
        this.claims = claims;
        this.strayAfter = strayAfter;
        this.retrySeconds = retrySeconds;
        this.unfinished = new UnfinishedRows(dataDir);
        this.store = store;
        this.inbox = inbox;
        this.outbox = outbox;
        this.metrics = metrics;
        this.dataDir = dataDir;
    }

    /**
     * Accepts the validated file (the body holds its queries): moves it to {@code .processing/} and records the job;
     * the body becomes the job's id. A file another instance took first is left to it.
     */
    public void accept(Exchange exchange, String format) throws Exception {
        @SuppressWarnings("unchecked")
        List<TmapiQuery> queries = exchange.getMessage().getMandatoryBody(List.class);
        String endpointId = exchange.getProperty(InboxFiles.ENDPOINT, String.class);
        Path input = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        Path folder = input.getParent();
        String original = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String safe = FileNames.sanitise(original);
        Path processing = folder.resolve(".processing");
        Files.createDirectories(processing);
        // its name in .processing/ is claimed until the job is recorded: no other instance moves a file to that name
        // meanwhile, and none takes the file for one an instance died with before recording it
        Path taken;
        while (true) {
            taken = processing.resolve(FileNames.free(FileNames.baseName(safe), FileNames.extension(safe), processing));
            if (claims.add(claimOf(taken))) {
                break;
            }
            Thread.sleep(50);
        }
        try {
            try {
                Files.move(input, taken, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException gone) {
                LOG.debug("{} was taken by another instance", input);
                exchange.setRouteStop(true);
                return;
            }
            List<String> recorded = new ArrayList<>(queries.size());
            queries.forEach(q -> recorded.add(JobCodec.query(q)));
            String condition = exchange.getProperty(CONDITION, String.class);
            long id;
            try {
                id = store.accept(new JobStore.NewJob(JobStore.INBOX, exchange.getFromRouteId(),
                        endpointId + " " + FileNames.display(original), endpointId, taken.toString(),
                        folder.toString(), FileNames.baseName(safe), format, condition), recorded);
            } catch (RuntimeException e) {
                // not accepted: the file goes back where it was, and the failure sets it aside with the reason
                Files.move(taken, input, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            exchange.getMessage().setHeader(JOB_ID, id);
            exchange.getMessage().setBody(id);
        } finally {
            claims.remove(claimOf(taken));
        }
    }


    /**
     * Starts (or resumes) the job whose id is the body: the body becomes its queries not ended yet, read from the
     * store as the split goes; nothing when the job is already running here or has ended.
     */
    public Iterable<JobQuery> start(Exchange exchange) {
        long id = exchange.getMessage().getBody(Long.class);
        JobStore.Job job = store.job(id).orElse(null);
        if (job == null || !JobStore.FETCHING.equals(job.state()) || !claim(id)) {
            exchange.setRouteStop(true);
            return List.of();
        }
        JobRun run = new JobRun(job, exchange.getContext());
        exchange.setProperty(JobRun.PROPERTY, run);
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
    public void complete(Exchange exchange) {
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        try {
            if (run.takenOverBy() != null) {
                LOG.warn("{}: taken over by instance {}, as this one was silent for too long; it goes on there",
                        run.job().name(), run.takenOverBy());
                return;
            }
            if (run.interrupted()) {
                JobStore.Counts counts = store.counts(run.id());
                LOG.info("{}: stopped after {} pages; it resumes from its last page at the next start, or on another"
                        + " instance", run.job().name(), counts.pages());
                return;
            }
            if (!store.fetched(run.id())) {
                LOG.warn("{}: taken over by instance {}, as this one was silent for too long; it is written there",
                        run.job().name(), store.owner(run.id()).orElse("none"));
                return;
            }
            List<Path> written = write(run.job());
            if (written != null) {
                exchange.getMessage().setHeader(OutboxFiles.OUTBOX_FILE,
                        written.stream().map(Path::toString).collect(Collectors.joining(", ")));
            }
        } finally {
            exchange.removeProperty(JobRun.PROPERTY);
            active.remove(run.id());
        }
    }

    /**
     * After the job's route, however it ended: a job that failed for a reason not its queries' (the state store went
     * away, say) is no longer running here, and is resumed from its recorded pages after {@code delivery.retry-seconds}.
     */
    public void release(Exchange exchange) {
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        if (run != null && active.remove(run.id())) {
            exchange.removeProperty(JobRun.PROPERTY);
            failedAt.put(run.id(), java.time.Instant.now());
            Throwable failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            LOG.error("{}: stopped by an unexpected failure ({}); it resumes from its recorded pages in {} s",
                    run.job().name(), failure == null ? "unknown" : reason(failure), retrySeconds);
        }
    }

    /**
     * At start, before any inbox is read: a file left in {@code .processing/} that no unfinished job names was never
     * accepted (the program stopped between its move and its record); it goes back to its inbox folder.
     */
    public void returnUnaccepted() {
        if (!shared) {
            returnUnrecorded(file -> true);
        }
    }

    /**
     * Every few seconds on a shared data folder: a file in {@code .processing/} that no job has named for longer than
     * an instance takes to record one was left by an instance that died in between; it goes back to its inbox. (At
     * start this cannot be told at once: another instance may be recording it right now.)
     */
    public void returnStrays() {
        if (!shared) {
            return;
        }
        java.time.Instant now = java.time.Instant.now();
        Set<Path> seen = new HashSet<>();
        returnUnrecorded(file -> {
            if (claims.contains(claimOf(file)) || namedByAJob(file)) {
                // an instance is accepting it right now (it holds the name's claim from before the move until the job
                // is recorded), or has just recorded it
                strays.remove(file);
                return false;
            }
            seen.add(file);
            if (strays.computeIfAbsent(file, f -> now).plus(strayAfter).isAfter(now)) {
                return false;
            }
            strays.remove(file);
            return true;
        });
        strays.keySet().retainAll(seen);
    }

    /** The claim on a name in {@code <inbox folder>/.processing/} while a file moves there and its job is recorded. */
    private static String claimOf(Path processingFile) {
        return processingFile.getParent().getParent().getFileName() + "/.processing/" + processingFile.getFileName();
    }

    /** The inputs of the unfinished inbox jobs, as recorded now. */
    private Set<String> unfinishedInputs() {
        Set<String> inputs = new HashSet<>();
        for (String state : List.of(JobStore.FETCHING, JobStore.WRITING)) {
            store.jobs(JobStore.INBOX, state).forEach(id -> store.job(id).ifPresent(j -> inputs.add(j.inputPath())));
        }
        return inputs;
    }

    /** Asked again after its claim was found gone: a job recorded since the folder was read names the file now. */
    private boolean namedByAJob(Path file) {
        return unfinishedInputs().contains(file.toString());
    }

    private void returnUnrecorded(java.util.function.Predicate<Path> stray) {
        Set<String> inputs = unfinishedInputs();
        Path inboxes = dataDir.resolve("inbox");
        if (Files.isDirectory(inboxes)) {
            try (DirectoryStream<Path> folders = Files.newDirectoryStream(inboxes, Files::isDirectory)) {
                for (Path folder : folders) {
                    returnUnrecorded(folder, inputs, stray);
                }
            } catch (IOException e) {
                LOG.warn("cannot look into {}: {}", inboxes, e.getMessage());
            }
        }
    }

    /**
     * At start and every few seconds: the unfinished inbox jobs nobody runs, to resume here: those an earlier start
     * of this instance left, and those of an instance that stopped answering (taken over). A job this instance
     * accepted since it started is run by its file's route already.
     */
    public List<Long> unattended() {
        List<Long> ids = store.unowned(JobStore.INBOX, JobStore.FETCHING);
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
        java.time.Instant failed = failedAt.get(id);
        if (failed != null) {
            if (failed.plusSeconds(retrySeconds).isAfter(java.time.Instant.now())) {
                return false;
            }
            failedAt.remove(id);
            return !active.contains(id);
        }
        return !active.contains(id) && store.job(id).map(j -> j.acceptedAt().isBefore(startedAt)
                || !store.instance().equals(store.owner(id).orElse(null))).orElse(false);
    }

    /** This instance runs the job from now on, unless it runs it already or another live instance does. */
    private boolean claim(long id) {
        if (!active.add(id)) {
            return false;
        }
        if (!store.claim(id)) {
            active.remove(id);
            return false;
        }
        return true;
    }

    /**
     * A scheduled flow's run begins: it is recorded as a job (or, when a stop interrupted it, the run resumes as that
     * job): each page its queries fetch is recorded, and a resumed run's recorded pages are read back, not fetched.
     *
     * @param resumed the id of the interrupted run this fire resumes, or {@code null} for a new run
     */
    public void beginRun(Exchange exchange, Long resumed) {
        String flow = exchange.getFromRouteId();
        JobStore.Job job = resumed == null ? null : store.job(resumed)
                .filter(j -> JobStore.FETCHING.equals(j.state())).orElse(null);
        if (resumed != null && (job == null || !claim(job.id()))) {
            // another fire resumes it already, here or on another instance, or it has ended since this one was asked
            LOG.debug("run {} is resumed elsewhere or ended", resumed);
            exchange.setRouteStop(true);
            return;
        }
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant goingHere = runsHere.putIfAbsent(flow, now);
        if (job == null && goingHere != null) {
            skip(exchange, flow, goingHere, "here");
            return;
        }
        try {
            if (job == null) {
                java.time.Instant elsewhere = store.runGoingElsewhere(flow).orElse(null);
                if (elsewhere != null) {
                    runsHere.remove(flow, now);
                    skip(exchange, flow, elsewhere, "on another instance");
                    return;
                }
                long id = store.startRun(flow, flow + " run of " + FileNames.stamp(java.time.LocalDateTime.now()));
                active.add(id);
                job = store.job(id).orElseThrow();
            } else {
                LOG.info("{}: resumed from its recorded pages", job.name());
            }
            exchange.setProperty(JobRun.PROPERTY, new JobRun(job, exchange.getContext()));
        } catch (RuntimeException e) {
            runsHere.remove(flow, now);
            if (job != null) {
                active.remove(job.id());
            }
            throw e;
        }
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        // the run is handed to delivery at most once: marked before its mail or file is queued
        exchange.setProperty(DeliveryHandover.PROPERTY, (DeliveryHandover) () -> store.state(run.id(),
                JobStore.DELIVERING));
    }

    /** One run of a flow at a time: a fire while its run still goes on buys nothing, as that run fetches it all. */
    private static void skip(Exchange exchange, String flow, java.time.Instant since, String where) {
        LOG.info("{}: this fire is skipped, as its run of {} is still going {}", flow,
                FileNames.stamp(java.time.LocalDateTime.ofInstant(since, java.time.ZoneId.systemDefault())), where);
        exchange.setRouteStop(true);
    }

    /** The run ended: done, unless the program's stop interrupted it (then it resumes at the next start). */
    public void endRun(Exchange exchange) {
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        if (run == null) {
            return;
        }
        runsHere.remove(run.job().flow());
        try {
            Throwable failure = exchange.getException();
            if (run.takenOverBy() != null) {
                LOG.warn("{}: taken over by instance {}, as this one was silent for too long; it goes on there",
                        run.job().name(), run.takenOverBy());
                return;
            }
            if (run.interrupted() || failure instanceof org.tmapiroutes.tmapi.TmapiStoppedException
                    || (failure != null && exchange.getContext().isStopping())) {
                LOG.info("{}: stopped; it resumes from its recorded pages at the next start, or on another instance",
                        run.job().name());
                return;
            }
            store.done(run.id(), null);
            unfinished.delete(run.id());
        } finally {
            active.remove(run.id());
        }
    }

    /**
     * At start: the scheduled runs a stop interrupted, by flow, to fire again; a run already handed to delivery is
     * done (it is never delivered twice).
     */
    public Map<Long, String> runsToResume() {
        for (long id : store.unowned(JobStore.SCHEDULED, JobStore.DELIVERING)) {
            if (unattended(id)) {
                store.done(id, null);
                unfinished.delete(id);
            }
        }
        Map<Long, String> runs = new java.util.LinkedHashMap<>();
        for (long id : store.unowned(JobStore.SCHEDULED, JobStore.FETCHING)) {
            if (unattended(id)) {
                store.job(id).ifPresent(j -> runs.put(id, j.flow()));
            }
        }
        return runs;
    }

    /** A run that cannot be resumed (its flow is gone or switched off) is ended. */
    public void abandonRun(long id, String reason) {
        store.job(id).ifPresent(j -> LOG.warn("{}: not resumed, {}", j.name(), reason));
        store.done(id, null);
        unfinished.delete(id);
    }

    /** Every {@code delivery.retry-seconds}: the jobs whose output could not be written are written again. */
    public void retryWrites() {
        for (long id : store.unowned(JobStore.INBOX, JobStore.WRITING)) {
            if (claim(id)) {
                try {
                    store.job(id).ifPresent(this::write);
                } finally {
                    active.remove(id);
                }
            }
        }
    }

    /**
     * Writes the job's outputs from the store, archives its input and ends it; when something cannot be written, the
     * job keeps its pages and waits for the next attempt (one ERROR, at the first failure).
     *
     * @return the outbox files, or {@code null} when nothing could be written yet
     */
    private List<Path> write(JobStore.Job job) {
        List<Path> done = waitingToWrite.getOrDefault(job.id(), new ArrayList<>());
        try {
            Map<String, Long> failures = store.failuresByCode(job.id());
            long failed = failures.values().stream().mapToLong(Long::longValue).sum();
            JobStore.Counts counts = store.counts(job.id());
            List<OutputFormat> formats = OutputFormat.parse(job.outputFormat());
            List<Path> outputs = new ArrayList<>();
            if (failed < job.queryCount()) {
                if (done.isEmpty()) {
                    done.addAll(outbox.writeProducts(job.endpoint(), job.outputBase(), rows(job.id()), formats));
                    metrics.delivered(job.flow(), (int) counts.itemsKept(), (int) counts.itemsKept());
                }
                outputs.addAll(done);
            }
            Path input = Path.of(job.inputPath());
            Path folder = Path.of(job.inboxFolder());
            String outputText = outputs.isEmpty() ? null
                    : outputs.stream().map(Path::toString).collect(Collectors.joining(", "));
            if (failed == 0) {
                inbox.archive(input, folder, null);
                LOG.info("{} -> {}", summary(job, counts, failures, counts.itemsKept()), outputText);
            } else {
                Path failedCsv = inbox.writeFailedQueries(job.endpoint(), job.outputBase(), failedQueries(job));
                inbox.archive(input, folder, inbox.failureReport(job.name().substring(job.endpoint().length() + 1),
                        folder, outputText, failed, job.queryCount(), failedQueries(job), failedCsv));
                String summary = summary(job, counts, failures, outputs.isEmpty() ? 0 : counts.itemsKept());
                if (outputs.isEmpty()) {
                    LOG.warn("{} -> no output (failed: {}; {} in {})", summary,
                            InboxFiles.howManyFailed(failed, job.queryCount()), failed == 1 ? "it is" : "they are",
                            failedCsv);
                } else {
                    LOG.warn("{} -> {} (partial: {} failed {} in {})", summary, outputText, failed,
                            failed == 1 ? "query" : "queries", failedCsv);
                }
            }
            store.done(job.id(), outputText);
            unfinished.delete(job.id());
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

    /** The kept products of the job's queries that succeeded, in query and page order, read as they are written. */
    private Iterable<ProductRow> rows(long jobId) {
        // not Stream.flatMap: the iterator of a flat-mapped stream buffers each query's products whole
        Iterable<JobStore.Query> done = store.doneQueries(jobId);
        return () -> {
            Iterator<JobStore.Query> queries = done.iterator();
            return new Iterator<>() {
                private Iterator<ProductRow> query = java.util.Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!query.hasNext() && queries.hasNext()) {
                        JobStore.Query next = queries.next();
                        query = unfinished.rows(jobId, next.index(), next.rowsEnd()).iterator();
                    }
                    return query.hasNext();
                }

                @Override
                public ProductRow next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return query.next();
                }
            };
        };
    }

    private Iterable<FetchJob.QueryFailure> failedQueries(JobStore.Job job) {
        Iterable<JobStore.Query> failed = store.failedQueries(job.id());
        return () -> StreamSupport.stream(failed.spliterator(), false)
                .map(q -> new FetchJob.QueryFailure(JobCodec.query(q.query()),
                        new TmapiFailureException(job.endpoint(), q.errorCode(), q.errorMessage())))
                .iterator();
    }

    private static String summary(JobStore.Job job, JobStore.Counts counts, Map<String, Long> failures, long written) {
        double seconds = Duration.between(job.acceptedAt(), java.time.Instant.now()).toMillis() / 1000.0;
        return FetchJob.summaryLine(job.name(), job.queryCount(), counts.pages(), counts.itemsFetched(),
                counts.itemsKept(), written, failures, seconds);
    }

    /** A file in {@code .processing/} that no unfinished job names was never accepted: it goes back to the inbox. */
    private static void returnUnrecorded(Path folder, Set<String> inputs, java.util.function.Predicate<Path> stray)
            throws IOException {
        Path processing = folder.resolve(".processing");
        if (!Files.isDirectory(processing)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(processing, Files::isRegularFile)) {
            for (Path file : files) {
                if (!inputs.contains(file.toString()) && stray.test(file)) {
                    String name = file.getFileName().toString();
                    Path back = folder.resolve(FileNames.free(FileNames.baseName(name), FileNames.extension(name), folder));
                    try {
                        Files.move(file, back, StandardCopyOption.ATOMIC_MOVE);
                        LOG.info("{} was not accepted before a stop: it is back in {}/", name, folder);
                    } catch (NoSuchFileException gone) {
                        LOG.debug("{} was returned by another instance", name);
                    }
                }
            }
        }
    }

    /** The folder a write failed in, from the failure. */
    private static String folder(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
                Path file = Path.of(fs.getFile());
                // a folder that cannot be made (a file of its name is in the way) is itself the folder
                boolean folderItself = t instanceof java.nio.file.FileAlreadyExistsException
                        || t instanceof java.nio.file.NotDirectoryException || file.getParent() == null;
                return (folderItself ? file : file.getParent()) + "/";
            }
        }
        return "the outbox";
    }

    private static String reason(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                ? fs.getFile() + ": " + fs.getReason()
                : message != null ? message : cause.getClass().getSimpleName();
    }
}
