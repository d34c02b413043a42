package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Latency, concurrency and shutdown: what the product's timeouts and concurrency limit are tested against.
 */
class SimulatorTimingTest {

    private static final String TOKEN = "timing-token";

    private TmapiSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void startSimulator() {
        simulator = new TmapiSimulator(TOKEN).start();
        client = new SimulatorClient(simulator, TOKEN);
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    @Test
    void givenLatencyOf300Ms_whenRequested_thenTheAnswerTakesAtLeast300Ms() throws Exception {
        simulator.setLatency(Duration.ofMillis(300));

        long started = System.nanoTime();
        HttpResponse<String> response = client.get("category-items", "cat_id", "1");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(simulator.requests().get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void givenLatencyOnAFault_whenRequested_thenTheFaultIsDelayedToo() throws Exception {
        simulator.setLatency(Duration.ofMillis(200));
        simulator.failNext(null, Fault.httpStatus(499), 1);

        long started = System.nanoTime();
        HttpResponse<String> response = client.get("category-items", "cat_id", "1");

        assertThat(response.statusCode()).isEqualTo(499);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void givenLatencyJitter_whenRequested_thenEachAnswerTakesAtLeastTheMinimumAndDelaysVary() throws Exception {
        simulator.setLatencyJitter(Duration.ofMillis(50), Duration.ofMillis(250), 11L);

        for (int i = 0; i < 6; i++) {
            client.get("shop-items", "shop_url", "https://a.1688.com");
        }

        List<Duration> durations = simulator.requests().stream().map(RecordedRequest::duration).toList();
        assertThat(durations).hasSize(6).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(50)));
        assertThat(durations.stream().map(Duration::toMillis).distinct().count()).isGreaterThan(1);
    }

    @Test
    void givenEightParallelRequestsWithLatency_whenSent_thenAllAreInFlightAtOnce() throws Exception {
        simulator.setLatency(Duration.ofSeconds(1));

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(client.getAsync("category-items", "cat_id", String.valueOf(100 + i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.inFlight() == 8);
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }

        assertThat(simulator.maxInFlight()).isEqualTo(8);
        assertThat(simulator.inFlight()).isZero();
        assertThat(simulator.requestCount("category-items")).isEqualTo(8);
    }

    @Test
    void givenAnAccountLimitOfTwo_whenAThirdRequestArrivesWhileTwoAreAnswered_thenItIsRefusedWithTheDocs503()
            throws Exception {
        simulator.setAccountConcurrency(2);
        simulator.setLatency(Duration.ofSeconds(2));
        List<CompletableFuture<HttpResponse<String>>> first = List.of(client.getAsync("category-items", "cat_id", "1"),
                client.getAsync("category-items", "cat_id", "2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.inFlight() == 2);

        HttpResponse<String> third = client.get("category-items", "cat_id", "3");

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).contains("\"code\":503")
                .contains("API request concurrency limit exceeded, please reduce concurrency.");
        for (CompletableFuture<HttpResponse<String>> response : first) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
        assertThat(client.get("category-items", "cat_id", "3").statusCode()).as("room again").isEqualTo(200);
        assertThat(simulator.requests()).extracting(RecordedRequest::httpStatus).containsExactlyInAnyOrder(200, 200,
                503, 200);
    }

    @Test
    void givenCountersReset_whenMoreRequestsCome_thenOnlyTheyAreCounted() throws Exception {
        simulator.setLatency(Duration.ofMillis(300));
        CompletableFuture.allOf(client.getAsync("category-items", "cat_id", "1"),
                client.getAsync("category-items", "cat_id", "2")).get();
        assertThat(simulator.maxInFlight()).isEqualTo(2);

        simulator.resetCounters();
        client.get("shop-items", "shop_url", "https://a.1688.com");

        assertThat(simulator.maxInFlight()).isEqualTo(1);
        assertThat(simulator.requestCount()).isEqualTo(1);
        assertThat(simulator.requestCount("category-items")).isZero();
        assertThat(simulator.requests()).extracting(RecordedRequest::endpointId).containsExactly("shop-items");
    }

    @Test
    void givenARequestWaitingOutLongLatency_whenTheSimulatorCloses_thenItStopsWithoutWaitingAndTheClientFails() {
        simulator.setLatency(Duration.ofSeconds(30));
        CompletableFuture<HttpResponse<String>> pending = client.getAsync("category-items", "cat_id", "1");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.inFlight() == 1);

        long started = System.nanoTime();
        simulator.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThatThrownBy(pending::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }
}
