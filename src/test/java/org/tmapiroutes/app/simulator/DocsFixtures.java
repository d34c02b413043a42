package org.tmapiroutes.app.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The docs' response examples stored under {@code src/test/resources/tmapi/}: one per endpoint, one per failure code.
 */
final class DocsFixtures {

    private DocsFixtures() {
    }

    /** {@code tmapi/<endpoint-id>/response-200.json}. */
    static JsonNode response200(String endpointId) {
        return read("/tmapi/" + endpointId + "/response-200.json");
    }

    /** {@code tmapi/errors/<code>.json}. */
    static JsonNode error(int code) {
        return read("/tmapi/errors/" + code + ".json");
    }

    private static JsonNode read(String resource) {
        try (InputStream in = DocsFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing fixture " + resource);
            }
            return SimulatorClient.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
