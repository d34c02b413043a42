package org.tmapiroutes.tmapi;

import java.util.LinkedHashMap;
import java.util.Map;


/**
 * Builds the query of a {@code tmapi-…-action} Kamelet from its parameters, validated like an inbox row, so a route
 * that passes a bad {@code sort} fails before any HTTP call with a message naming the parameter.
 */
public final class KameletQueries {

    private final QueryValidator validator;

    public KameletQueries(QueryValidator validator) {
        this.validator = validator;
    }

    /**
     * The query of the endpoint from the Kamelet's parameters, one {@code name=value} per line (empty values are
     * absent).
     */
    public TmapiQuery build(String endpointId, String parameters) {
        TmapiEndpoint endpoint = TmapiEndpoint.require(endpointId);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : parameters.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.substring(eq + 1).isBlank()) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        QueryValidator.Outcome outcome = validator.validate(endpoint, values, 0);
        if (!outcome.valid()) {
            throw new IllegalArgumentException("Invalid " + endpoint.id() + " query: " + String.join("; ", outcome.problems()));
        }
        return outcome.query();
    }
}
