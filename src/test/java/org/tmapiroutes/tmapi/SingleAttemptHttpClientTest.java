package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client's limits on one request: its total time and its answer's size. A request answered in time leaves
 * nothing waiting behind it, so a job of many pages keeps no memory for the pages it has read.
 */
class SingleAttemptHttpClientTest {

    private static final byte[] PAGE = "{\"code\":200,\"msg\":\"success\",\"data\":{\"items\":[]}}"
            .getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private SingleAttemptHttpClient limits;
    private CloseableHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/page", exchange -> {
            exchange.sendResponseHeaders(200, PAGE.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(PAGE);
            }
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 2 * 1024 * 1024);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(new byte[2 * 1024 * 1024]);
            } catch (IOException closedByTheClient) {
                // it is not read
            }
        });
        server.start();
        limits = new SingleAttemptHttpClient(new TmapiAuth(TmapiAuth.Mode.QUERY, "token"), Duration.ofMinutes(5), 1);
        HttpClientBuilder builder = HttpClientBuilder.create();
        limits.configureHttpClient(builder);
        client = builder.build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        limits.close();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void givenManyPagesAnsweredInTime_whenEachAnswerIsRead_thenNoDeadlineWaitsBehindThem() throws IOException {
        for (int i = 0; i < 200; i++) {
            byte[] body = client.execute(new HttpGet(url("/page")), response -> {
                try (InputStream in = response.getEntity().getContent()) {
                    return in.readAllBytes();
                }
            });
            assertThat(body).isEqualTo(PAGE);
        }

        assertThat(limits.deadlinesWaiting()).as("deadlines of pages already read").isZero();
    }

    @Test
    void givenAnAnswerLongerThanTheLimit_whenAsked_thenRefusedUnreadAndNoDeadlineWaits() {
        assertThatThrownBy(() -> client.execute(new HttpGet(url("/big")), response -> null))
                .hasMessage("the answer is longer than 1 MB (tmapi.max-response-mb), so it was not read");

        assertThat(limits.deadlinesWaiting()).isZero();
    }

    @Test
    void givenNothingListening_whenAsked_thenTheFailureLeavesNoDeadlineWaiting() throws IOException {
        server.stop(0);

        assertThatThrownBy(() -> client.execute(new HttpGet(url("/page")), response -> null))
                .isInstanceOf(IOException.class);
        assertThat(limits.deadlinesWaiting()).isZero();
    }
}
