package org.tmapiroutes.tmapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * Turns the next page of a query, or the conversion of its picture, into the headers camel-http sends: method, path
 * and query string, with the API token added only here, at request time ({@code tmapi.auth=query}; with
 * {@code header} the HTTP client adds it, see {@link SingleAttemptHttpClient}), so it is never part of an endpoint
 * URI, a route or a log of the route.
 */
public final class TmapiRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TmapiAuth auth;

    /** The token as the {@code apiToken} query parameter. */
    public TmapiRequest(String apiToken) {
        this(new TmapiAuth(TmapiAuth.Mode.QUERY, apiToken));
    }

    public TmapiRequest(TmapiAuth auth) {
        this.auth = auth;
    }

    /** Sets method, path and query of the next request of the exchange's cursor. */
    public void prepare(Exchange exchange) {
        PageCursor cursor = QueryFetch.of(exchange).cursor();
        TmapiEndpoint endpoint = cursor.query().endpoint();
        if (endpoint.postsJson()) {
            preparePost(exchange, endpoint.path(), jsonBody(endpoint, cursor.nextRequestParameters()));
            return;
        }
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, cursor.query().endpoint().path());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, queryString(cursor.nextRequestParameters()));
    }

    /** Sets method, path, query and JSON body of a {@code POST} without query parameters of its own. */
    void preparePost(Exchange exchange, String path, String jsonBody) {
        exchange.getMessage().setBody(jsonBody);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        String query = queryString(Map.of());
        if (query.isEmpty()) {
            exchange.getMessage().removeHeader(Exchange.HTTP_QUERY);
        } else {
            exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        }
    }

    /** The parameters as a JSON object, booleans as JSON booleans; the token is never part of it. */
    private static String jsonBody(TmapiEndpoint endpoint, Map<String, String> parameters) {
        ObjectNode body = JSON.createObjectNode();
        parameters.forEach((name, value) -> {
            boolean flag = endpoint.parameter(name).map(p -> p.type() == ParameterSpec.Type.BOOLEAN).orElse(false);
            if (flag) {
                body.put(name, Boolean.parseBoolean(value));
            } else {
                body.put(name, value);
            }
        });
        return body.toString();
    }

    /** Removes the request headers once the answer is in, so the token does not travel further with the exchange. */
    public static void forget(Exchange exchange) {
        exchange.getMessage().removeHeader(Exchange.HTTP_QUERY);
        exchange.getMessage().removeHeader(Exchange.HTTP_PATH);
        exchange.getMessage().removeHeader(Exchange.HTTP_URI);
        exchange.getMessage().removeHeader(Exchange.CONTENT_TYPE);
    }

    String queryString(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        if (auth.queryToken() != null) {
            query.add(TmapiAuth.QUERY_PARAMETER + "=" + encode(auth.queryToken()));
        }
        parameters.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
