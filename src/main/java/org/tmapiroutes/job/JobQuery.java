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
    private long rowsEnd;
    private boolean doneRecorded;

    JobQuery(JobRun run, int index, TmapiQuery query, PageCursor cursor, long rowsEnd) {
        this(run, index, query, cursor, rowsEnd, false);
    }

    /**
     * @param forCaller whether its products, or its failure, go to the route that asked it (a Kamelet's query) rather
     *                  than to the job's outputs alone
     */
    JobQuery(JobRun run, int index, TmapiQuery query, PageCursor cursor, long rowsEnd, boolean forCaller) {
        this.run = run;
        this.index = index;
        this.query = query;
        this.cursor = cursor;
        this.rowsEnd = rowsEnd;
        this.forCaller = forCaller;
    }

    boolean forCaller() {
        return forCaller;
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
