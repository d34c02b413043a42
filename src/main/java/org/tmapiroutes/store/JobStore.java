package org.tmapiroutes.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a durable job keeps in the state store: the job and its queries from the moment it is accepted, each page
 * fetched (with its kept products) as it arrives, each query's end, and the job's end. A job is resumed from here after
 * any stop: a page recorded is never fetched again.
 *
 * <p>The store holds text only (queries, cursors and products as JSON); what the text means is the job room's.
 */
public interface JobStore {

    /** What a job is: a dropped file, or a scheduled flow's run (a report, a push). */
    enum Kind {
        INBOX, SCHEDULED;

        /** As the store writes it. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Where a job stands, each state once, in this order: its queries are being fetched; (an inbox job) every query
     * ended and its output waits to be written; (a scheduled run) its output is being handed to delivery, never again;
     * done.
     */
    enum State {
        FETCHING, WRITING, DELIVERING, DONE;

        /** As the store writes it. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** Where a query of a job stands: its pages are being fetched, or it ended well or failed for good. */
    enum QueryState {
        PENDING, DONE, FAILED;

        /** As the store writes it. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static QueryState of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** A job as accepted; an inbox job's input is named as it was dropped ({@code inputName}). */
    record NewJob(Kind kind, String flow, String name, String endpoint, String inputPath, String inboxFolder,
            String outputBase, String outputFormat, String itemFilter, String inputName, String enrichment) {
    }

    /**
     * A job as recorded. Its {@code version} goes up by one each time the job changes hands: an instance changes the job
     * only at the version its claim gave it (optimistic locking of the row the instances share).
     */
    record Job(long id, Kind kind, String flow, String name, String endpoint, String inputPath, String inboxFolder,
            String outputBase, String outputFormat, String itemFilter, State state, int queryCount,
            Instant acceptedAt, String inputName, String enrichment, long version) {
    }

    /**
     * A query of a job, with where its pages stand ({@code pageCursor}, null before its first page) and where the
     * products of its last recorded page end in its unfinished output ({@code rowsEnd}).
     */
    record Query(long jobId, int index, String query, QueryState state, String pageCursor, long rowsEnd, String errorCode,
            String errorMessage) {
    }

    /** One page fetched: its number, how many items it held and kept, where its kept products end in the output. */
    record Page(int queryIndex, int page, int itemsFetched, int itemsKept, long rowsEnd, Instant fetchedAt) {
    }

    /** Pages recorded, items fetched and kept so far. */
    record Counts(long pages, long itemsFetched, long itemsKept) {
    }

    /** Records the job and its queries (JSON, in order) at once; returns the job's id. */
    long accept(NewJob job, List<String> queries);

    /**
     * Counts one more TMAPI call of the job, unless it has made {@code maxCalls} already: one statement, so that calls
     * made side by side, here or on another instance, never pass the limit.
     *
     * @return whether the call may be made
     */
    boolean spendCall(long jobId, long maxCalls);

    Optional<Job> job(long id);

    /** The ids of the jobs of a kind in a state, oldest first. */
    List<Long> jobs(Kind kind, State state);

    /**
     * The ids of the jobs of a kind in a state that no other live instance owns (no owner, this instance, or an
     * instance silent for longer than the takeover time), oldest first.
     */
    List<Long> unowned(Kind kind, State state);

    /**
     * Makes this instance the job's owner, unless another live instance owns it or it is done; of several instances
     * claiming at once, one gets it.
     *
     * @return the job's version from this claim on, which this instance's changes to the job name; empty when it did
     *         not get the job
     */
    OptionalLong claim(long jobId);

    /** This instance's id: the owner of the jobs it accepts and claims. */
    String instance();

    /** The instance that owns the job now, if any. */
    Optional<String> owner(long jobId);

    /**
     * When the flow's unfinished run (fetching or being delivered) is owned by another live instance: since when; so
     * that a fire on this instance while that run still goes on is skipped.
     */
    Optional<Instant> runGoingElsewhere(String flow);

    /** The input files (in {@code .processing/}) of the inbox jobs not ended yet, in one look. */
    Set<String> unfinishedInputs();

    /** Records a scheduled run as a job whose queries are recorded as it asks them; returns its id. */
    long startRun(String flow, String name);

    /**
     * Adds queries to a job that is running: each is recorded before it is fetched, with the next index, unless the job
     * has a query of the same text already (a resumed run asks its queries again): then that one is given back, with
     * where its pages stand.
     */
    List<Query> addQueries(long jobId, List<String> queries);

    /**
     * Adds a call an enrichment step makes for a running inbox job (an item's details, a shipping quote, a shop's
     * profile): recorded before it is made, with its pages as they come, numbered below zero apart from the job's own
     * queries, whose products, counts and failures it is not part of. A call the job has made or begun already (a
     * resumed job asks again) is given back, with where its pages stand: a resumed job buys none of them twice.
     */
    Query addStepCall(long jobId, String query);

    /**
     * Hands a scheduled run over to delivery: {@link State#FETCHING} becomes {@link State#DELIVERING}, only while this
     * instance owns the run at the version of its claim and nobody handed it over before (one conditional update);
     * whether it did. A run taken over meanwhile is delivered by its new owner, never by both.
     */
    boolean handOver(long jobId, long version);

    /** The queries of a job not ended yet, in order, read a few at a time as the caller goes. */
    Iterable<Query> pendingQueries(long jobId);

    /** The queries of a job that failed, in order, read a few at a time. */
    Iterable<Query> failedQueries(long jobId);

    /**
     * Records a page and where the query stands after it, in one transaction, while this instance owns the job at the
     * version of its claim.
     *
     * @return {@code false} (nothing recorded) when the job has changed hands since
     */
    default boolean recordPage(long jobId, long version, Page page, String cursorAfter) {
        return recordPage(jobId, version, page, cursorAfter, false);
    }

    /**
     * Records a page as {@link #recordPage(long, long, Page, String)} does; when it is the query's last, the query is
     * done in the same transaction.
     */
    boolean recordPage(long jobId, long version, Page page, String cursorAfter, boolean lastPage);

    /**
     * Whether this instance still owns a job it claimed: without asking the database while its own heartbeat is recent
     * enough that no other instance can have taken the job over (always, on the embedded store).
     */
    boolean stillOwns(long jobId);

    void queryDone(long jobId, int queryIndex);

    void queryFailed(long jobId, int queryIndex, String code, String message);

    Counts counts(long jobId);

    /** How many queries failed, by failure code. */
    Map<String, Long> failuresByCode(long jobId);

    /**
     * The queries of a job whose products are delivered, in order, read a few at a time: those that succeeded, and
     * those the spend guard (job.max-calls) stopped, with the pages they had.
     */
    Iterable<Query> doneQueries(long jobId);

    /**
     * Every query ended: the job's output waits to be written, by this instance, which owns the job at the version of
     * its claim.
     *
     * @return {@code false} when the job has changed hands since
     */
    boolean fetched(long jobId, long version);

    /**
     * The job is delivered, or ended without delivery: its pages are no longer needed. Only at the version given (its
     * runner's claim, or the one just read of a job nobody runs): a job that changed hands since is its new owner's.
     *
     * @return whether the job ended here
     */
    boolean done(long jobId, long version, String outputs);
}
