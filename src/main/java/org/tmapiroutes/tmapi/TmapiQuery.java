package org.tmapiroutes.tmapi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One validated TMAPI query: the endpoint, the parameters to send, and how many pages and items to fetch at most.
 *
 * @param endpoint   the endpoint to call
 * @param parameters the TMAPI parameters to send, already validated and normalised (never holds the token)
 * @param maxPages   the most pages to fetch for this query
 * @param maxItems   the most items to keep for this query, or {@code null} for no limit
 * @param lineNumber the line of the input file the query came from (header = line 1), or 0 when not from a file
 * @param inputRow   the query as the user wrote it (column to value), to write it back into a {@code -failed.csv}
 */
public record TmapiQuery(TmapiEndpoint endpoint, Map<String, String> parameters, int maxPages, Integer maxItems,
        int lineNumber, Map<String, String> inputRow) {

    public TmapiQuery {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        inputRow = Collections.unmodifiableMap(new LinkedHashMap<>(inputRow));
    }

    /** What the query asks for (its required parameter's value, or keyword, else cat_id): the {@code query} column. */
    public String value() {
        return endpoint.queryValue(parameters);
    }

    /**
     * What the query asks for as the user wrote it: an item's link where the link was given for its id; else
     * {@link #value()}.
     */
    public String asGiven() {
        String written = endpoint.queryValue(inputRow);
        return written != null ? written : value();
    }

    /**
     * How progress lines name the query, e.g. {@code category-items cat_id=1031922}, or {@code category-info (all
     * first-level categories)}.
     */
    public String describe() {
        if (value() == null && !endpoint.needsQueryValue()) {
            return endpoint.id() + " (all first-level categories)";
        }
        String name = endpoint.queryParameter(parameters).orElse(endpoint.requiredParameter()).name();
        return endpoint.id() + " " + name + "=" + value();
    }

    @Override
    public String toString() {
        return describe();
    }
}
