package org.tmapiroutes.tmapi;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

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
     * Reads the Kamelet's parameters from the body, one {@code name=value} per line (empty values are absent), for
     * the endpoint named by the {@code tmapiEndpoint} exchange property; the body becomes the query.
     */
    public void build(Exchange exchange) {
        TmapiEndpoint endpoint = TmapiEndpoint.require(exchange.getProperty("tmapiEndpoint", String.class));
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : exchange.getMessage().getBody(String.class).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.substring(eq + 1).isBlank()) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        QueryValidator.Outcome outcome = validator.validate(endpoint, values, 0);
        if (!outcome.valid()) {
            throw new IllegalArgumentException("Invalid " + endpoint.id() + " query: " + String.join("; ", outcome.problems()));
        }
        exchange.getMessage().setBody(outcome.query());
    }
}
