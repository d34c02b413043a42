package org.tmapiroutes.item;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/** The docs' 200 response examples under {@code src/test/resources/tmapi/<endpoint-id>/}, fresh for each test. */
final class ResponseExamples {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseExamples() {
    }

    /** The {@code data.items} array of the endpoint's example; a new copy each call, so tests may change it. */
    static ArrayNode items(TmapiEndpoint endpoint) {
        return (ArrayNode) response(endpoint).path("data").path("items");
    }

    /** One item of the endpoint's example, as a new copy a test may change. */
    static ObjectNode item(TmapiEndpoint endpoint, int index) {
        return (ObjectNode) items(endpoint).get(index);
    }

    static JsonNode response(TmapiEndpoint endpoint) {
        String resource = "/tmapi/" + endpoint.id() + "/response-200.json";
        try (InputStream in = ResponseExamples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing test fixture " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
