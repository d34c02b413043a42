package org.tmapiroutes.job;

import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * One query of a stored job, as the job hands it to {@code direct:tmapi-query}: its place in the job, where its pages
 * stand (a new cursor, or the one its last recorded page left) and where its last recorded page ends in the job's
 * unfinished output. Its pages follow each other, one at a time.
 */
final class JobQuery {

    private final JobRun run;
    private final int index;
    private final TmapiQuery query;
    private final PageCursor cursor;
    private final boolean forCaller;
    private final boolean stepCall;
    private long rowsEnd;
    private boolean doneRecorded;
    private boolean fetchedHere;

    JobQuery(JobRun run, int index, TmapiQuery query, PageCursor cursor, long rowsEnd) {
        this(run, index, query, cursor, rowsEnd, false, false);
    }

    /**
     * @param forCaller whether its products, or its failure, go to the route that asked it (a Kamelet's query) rather
     *                  than to the job's outputs alone
     * @param stepCall  whether it is a call an enrichment step makes for the job, not one of the job's queries: its
     *                  products are not filtered by the job's condition, nor part of its outputs
     */
    JobQuery(JobRun run, int index, TmapiQuery query, PageCursor cursor, long rowsEnd, boolean forCaller,
            boolean stepCall) {
        this.run = run;
        this.index = index;
        this.query = query;
        this.cursor = cursor;
        this.rowsEnd = rowsEnd;
        this.forCaller = forCaller;
        this.stepCall = stepCall;
    }

    boolean forCaller() {
        return forCaller;
    }

    boolean stepCall() {
        return stepCall;
    }

    /** Whether a page of it was fetched by this start (not only read back from an earlier one's record). */
    boolean fetchedHere() {
        return fetchedHere;
    }

    JobRun run() {
        return run;
    }

    int index() {
        return index;
    }

    TmapiQuery query() {
        return query;
    }

    PageCursor cursor() {
        return cursor;
    }

    long rowsEnd() {
        return rowsEnd;
    }

    /** Its page was recorded, ending where its rows now end; the last page recorded the query as done. */
    void recorded(long end, boolean lastPage) {
        this.rowsEnd = end;
        this.doneRecorded = lastPage;
        this.fetchedHere = true;
    }

    /** Whether the query was recorded as done with its last page. */
    boolean doneRecorded() {
        return doneRecorded;
    }

    @Override
    public String toString() {
        return query.describe();
    }
}
