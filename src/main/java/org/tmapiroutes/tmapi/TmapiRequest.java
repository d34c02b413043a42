package org.tmapiroutes.tmapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.camel.Exchange;

/**
 * Turns the next page of a query into the headers camel-http sends: path and query string, with the API token added
 * only here, at request time, so it is never part of an endpoint URI, a route or a log of the route.
 */
public final class TmapiRequest {

    /** Exchange property holding the {@link PageCursor} of the query being fetched. */
    public static final String CURSOR = "tmapiCursor";

    private final String apiToken;

    public TmapiRequest(String apiToken) {
        this.apiToken = apiToken == null ? "" : apiToken;
    }

    /** Sets method, path and query of the next request of the exchange's cursor. */
    public void prepare(Exchange exchange) {
        PageCursor cursor = exchange.getProperty(CURSOR, PageCursor.class);
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, cursor.query().endpoint().path());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, queryString(cursor.nextRequestParameters()));
    }

    /** Removes the request headers once the answer is in, so the token does not travel further with the exchange. */
    public static void forget(Exchange exchange) {
        exchange.getMessage().removeHeader(Exchange.HTTP_QUERY);
        exchange.getMessage().removeHeader(Exchange.HTTP_PATH);
        exchange.getMessage().removeHeader(Exchange.HTTP_URI);
    }

    String queryString(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        query.add("apiToken=" + encode(apiToken));
        parameters.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
