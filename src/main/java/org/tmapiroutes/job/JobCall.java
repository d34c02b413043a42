package org.tmapiroutes.job;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * One fetch of a scheduled run (a Kamelet or {@code direct:tmapi-fetch-action} in the run's route): the run's queries
 * it recorded, walked as the queries not fetched yet; a query given twice is fetched once.
 */
record JobCall(JobRun run, List<JobStore.Query> recorded) implements Iterable<JobQuery> {

    /** The indexes of the call's queries in the run's job. */
    Set<Integer> indexes() {
        Set<Integer> indexes = new LinkedHashSet<>();
        recorded.forEach(q -> indexes.add(q.index()));
        return indexes;
    }

    @Override
    public Iterator<JobQuery> iterator() {
        Set<Integer> seen = new LinkedHashSet<>();
        return recorded.stream()
                .filter(q -> q.state() == JobStore.QueryState.PENDING && seen.add(q.index()))
                .takeWhile(q -> !run.interrupted())
                .map(q -> {
                    TmapiQuery query = JobCodec.query(q.query());
                    return new JobQuery(run, q.index(), query, JobCodec.cursor(query, q.pageCursor()), q.rowsEnd());
                }).iterator();
    }
}
