package org.tmapiroutes.app.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request the simulator answered, as a test sees it afterwards; the apiToken value is never kept.
 *
 * @param endpointId   the endpoint id the path belongs to, or {@code null} for a path TMAPI does not have
 * @param path         the request path
 * @param query        the decoded query parameters in request order, without {@code apiToken}; for a convert call
 *                     also the text fields of its JSON body ({@code url}, {@code search_api_endpoint})
 * @param tokenIn      where the request carried a token: {@link #QUERY} ({@code apiToken}), {@link #HEADER}
 *                     ({@code apikey}), or {@code null}
 * @param tokenValid   whether that token was the expected one
 * @param httpStatus   the HTTP status answered, or {@code null} when the connection was dropped
 * @param jsonCode     the {@code code} of the JSON body answered, or {@code null} when the body had none
 * @param fault        the injected fault, or {@code null} when the request was answered normally
 * @param start        when the request arrived
 * @param end          when the answer was complete
 */
public record RecordedRequest(String endpointId, String path, Map<String, String> query, String tokenIn,
                              boolean tokenValid, Integer httpStatus, Integer jsonCode, Fault fault, Instant start,
                              Instant end) {

    /** The token came as the {@code apiToken} query parameter. */
    public static final String QUERY = "query";
    /** The token came as the {@code apikey} request header. */
    public static final String HEADER = "header";

    public RecordedRequest {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** Whether the request carried a token at all. */
    public boolean tokenPresent() {
        return tokenIn != null;
    }

    /** The value of one query parameter, or {@code null}. */
    public String parameter(String name) {
        return query.get(name);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }
}
