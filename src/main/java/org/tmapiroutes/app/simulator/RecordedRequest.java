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
 * @param query        the decoded query parameters in request order, without {@code apiToken}
 * @param tokenPresent whether the request carried an {@code apiToken}
 * @param tokenValid   whether that token was the expected one
 * @param httpStatus   the HTTP status answered, or {@code null} when the connection was dropped
 * @param jsonCode     the {@code code} of the JSON body answered, or {@code null} when the body had none
 * @param fault        the injected fault, or {@code null} when the request was answered normally
 * @param start        when the request arrived
 * @param end          when the answer was complete
 */
public record RecordedRequest(String endpointId, String path, Map<String, String> query, boolean tokenPresent,
                              boolean tokenValid, Integer httpStatus, Integer jsonCode, Fault fault, Instant start,
                              Instant end) {

    public RecordedRequest {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** The value of one query parameter, or {@code null}. */
    public String parameter(String name) {
        return query.get(name);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }
}
