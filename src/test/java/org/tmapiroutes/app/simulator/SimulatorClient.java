package org.tmapiroutes.app.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * A plain JDK HTTP client for the simulator tests: it builds TMAPI URLs from an endpoint id and parameters.
 */
final class SimulatorClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final String apiToken;

    SimulatorClient(TmapiSimulator simulator, String apiToken) {
        this(simulator.baseUrl(), apiToken);
    }

    private SimulatorClient(String baseUrl, String apiToken) {
        this.baseUrl = baseUrl;
        this.apiToken = apiToken;
    }

    /** GET with {@code parameters} as name, value, name, value…; the apiToken is added unless it is {@code null}. */
    HttpResponse<String> get(String endpointId, String... parameters) throws IOException, InterruptedException {
        return http.send(request(endpointId, parameters), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    CompletableFuture<HttpResponse<String>> getAsync(String endpointId, String... parameters) {
        return http.sendAsync(request(endpointId, parameters),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** GET that must answer 200, parsed. */
    JsonNode json(String endpointId, String... parameters) throws IOException, InterruptedException {
        HttpResponse<String> response = get(endpointId, parameters);
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    /** GET with the token in the {@code apikey} header instead of the query (TMAPI's newer docs). */
    HttpResponse<String> getWithHeaderToken(String endpointId, String headerToken, String... parameters)
            throws IOException, InterruptedException {
        HttpRequest plain = new SimulatorClient(baseUrl, null).request(endpointId, parameters);
        HttpRequest request = HttpRequest.newBuilder(plain.uri()).timeout(Duration.ofSeconds(30))
                .header("apikey", headerToken).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A POST of a JSON body to a path, the token as the apiToken query parameter unless it is {@code null}. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        String query = apiToken == null ? "" : "?apiToken=" + encode(apiToken);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path + query)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> getPath(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest request(String endpointId, String... parameters) {
        if (parameters.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come as name, value pairs");
        }
        StringJoiner query = new StringJoiner("&");
        if (apiToken != null) {
            query.add("apiToken=" + encode(apiToken));
        }
        for (int i = 0; i < parameters.length; i += 2) {
            query.add(encode(parameters[i]) + "=" + encode(parameters[i + 1]));
        }
        URI uri = URI.create(baseUrl + TmapiEndpoint.require(endpointId).path() + "?" + query);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
