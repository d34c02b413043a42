package org.tmapiroutes.job;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.store.JobStore;

/**
 * The kept products of a job's queries that succeeded, in query and page order, read from the job's unfinished output
 * as they are asked for: a list whose memory does not grow with the job. Walking it (a CSV written row by row, a
 * split) holds one product at a time; asking for an element by index reads it whole, once.
 */
final class JobRows extends AbstractList<ProductRow> {

    private final JobStore store;
    private final UnfinishedRows unfinished;
    private final long jobId;
    /** The queries whose products these are, or {@code null} for every query of the job. */
    private final Set<Integer> queries;
    private int size = -1;
    private List<ProductRow> read;

    JobRows(JobStore store, UnfinishedRows unfinished, long jobId, Set<Integer> queries) {
        this.store = store;
        this.unfinished = unfinished;
        this.jobId = jobId;
        this.queries = queries;
    }

    @Override
    public Iterator<ProductRow> iterator() {
        // not Stream.flatMap: the iterator of a flat-mapped stream buffers each query's products whole
        Iterator<JobStore.Query> done = doneQueries();
        return new Iterator<>() {
            private Iterator<ProductRow> query = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!query.hasNext() && done.hasNext()) {
                    JobStore.Query next = done.next();
                    query = unfinished.rows(jobId, next.index(), next.rowsEnd()).iterator();
                }
                return query.hasNext();
            }

            @Override
            public ProductRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return query.next();
            }
        };
    }

    @Override
    public int size() {
        if (size < 0) {
            int count = 0;
            for (Iterator<JobStore.Query> done = doneQueries(); done.hasNext(); ) {
                JobStore.Query next = done.next();
                count += unfinished.count(jobId, next.index(), next.rowsEnd());
            }
            size = count;
        }
        return size;
    }

    @Override
    public ProductRow get(int index) {
        if (read == null) {
            List<ProductRow> all = new ArrayList<>(size());
            iterator().forEachRemaining(all::add);
            read = all;
        }
        return read.get(index);
    }

    private Iterator<JobStore.Query> doneQueries() {
        Iterator<JobStore.Query> all = store.doneQueries(jobId).iterator();
        if (queries == null) {
            return all;
        }
        return new Iterator<>() {
            private JobStore.Query next = advance();

            private JobStore.Query advance() {
                while (all.hasNext()) {
                    JobStore.Query candidate = all.next();
                    if (queries.contains(candidate.index())) {
                        return candidate;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public JobStore.Query next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                JobStore.Query current = next;
                next = advance();
                return current;
            }
        };
    }
}
