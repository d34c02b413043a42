package org.tmapiroutes.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiQuery;


/**
 * A fetch outside any job (a Kamelet called from a route no schedule starts), for its caller alone: the products of
 * every query that succeeded, in query order, and the queries that failed with their failure, plus the counts of its
 * summary line. Safe to fill from queries fetched in parallel.
 */
public final class FetchJob {

    private final String name;
    private final List<TmapiQuery> queries = new ArrayList<>();
    private final Instant started = Instant.now();
    private final Map<Integer, List<ProductRow>> rowsByQuery = new TreeMap<>();
    private final Map<Integer, QueryFailure> failuresByQuery = new TreeMap<>();
    private int pages;
    private int itemsFetched;
    private int written;
    private int kept = -1;

    /**
     * @param name    what the job is called in its summary line, e.g. the input file name
     * @param queries the queries of the job, in input order
     */
    public FetchJob(String name, List<TmapiQuery> queries) {
        this.name = name;
        this.queries.addAll(queries);
    }

    public String name() {
        return name;
    }

    public synchronized List<TmapiQuery> queries() {
        return List.copyOf(queries);
    }

    /** A further fetch in the same route: its queries join the job's, after those already there. */
    public synchronized void add(List<TmapiQuery> more) {
        queries.addAll(more);
    }

    public synchronized void succeeded(TmapiQuery query, List<ProductRow> rows, int pagesFetched, int fetched) {
        rowsByQuery.put(indexOf(query), List.copyOf(rows));
        pages += pagesFetched;
        itemsFetched += fetched;
    }

    public synchronized void failed(TmapiQuery query, TmapiFailureException failure, int pagesFetched, int fetched) {
        failuresByQuery.put(indexOf(query), new QueryFailure(query, failure));
        pages += pagesFetched;
        itemsFetched += fetched;
    }

    /** The kept products of every query that succeeded, in query order. */
    public synchronized List<ProductRow> rows() {
        List<ProductRow> all = new ArrayList<>();
        rowsByQuery.values().forEach(all::addAll);
        return all;
    }

    public synchronized List<QueryFailure> failures() {
        return Collections.unmodifiableList(new ArrayList<>(failuresByQuery.values()));
    }

    public synchronized boolean hasFailures() {
        return !failuresByQuery.isEmpty();
    }

    /** How many products were written; they are also the ones kept, after any filter of the route. */
    public synchronized void written(int rowCount) {
        this.written = rowCount;
        this.kept = rowCount;
    }

    /** The job's one summary line: queries, pages, items fetched, kept, written, failures by code, seconds. */
    public synchronized String summary() {
        int fetchedRows = rowsByQuery.values().stream().mapToInt(List::size).sum();
        int keptRows = kept >= 0 ? kept : fetchedRows;
        Map<String, Long> failures = failuresByQuery.values().stream()
                .collect(Collectors.groupingBy(f -> f.failure().getCode(), TreeMap::new, Collectors.counting()));
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        return summaryLine(name, queries.size(), pages, itemsFetched, keptRows, written, failures, seconds);
    }

    /** The summary line of any job, e.g. {@code category-items a.csv: 2 queries, 6 pages, 120 items fetched, ...}. */
    static String summaryLine(String name, long queries, long pages, long itemsFetched, long kept, long written,
            Map<String, Long> failuresByCode, double seconds) {
        String failures = failuresByCode.isEmpty() ? "none"
                : failuresByCode.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue())
                        .collect(Collectors.joining(", "));
        return String.format(java.util.Locale.ROOT,
                "%s: %d %s, %d pages, %d items fetched, %d kept, %d written, failures: %s, %.1f s",
                name, queries, queries == 1 ? "query" : "queries", pages, itemsFetched, kept, written, failures,
                seconds);
    }

    /**
     * The query's place among the job's: the first place it holds that has no answer yet, so that a query fetched twice
     * in one route (the same list asked again) keeps both answers.
     */
    private int indexOf(TmapiQuery query) {
        for (int i = 0; i < queries.size(); i++) {
            if (queries.get(i) == query && !rowsByQuery.containsKey(i) && !failuresByQuery.containsKey(i)) {
                return i;
            }
        }
        throw new IllegalArgumentException(query.describe() + " is not a query of " + name + " waiting for its answer");
    }
}
