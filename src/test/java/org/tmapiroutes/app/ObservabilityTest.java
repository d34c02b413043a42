package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;

/** Health and Prometheus metrics on Camel's management server, scraped while the bundle works. */
class ObservabilityTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private static String get(RunningBundle bundle, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bundle.managementPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double metric(String scrape, String line) {
        // read without the instance every metric carries
        String plain = scrape.replaceAll("\\{instance=\"[^\"]*\"}", "").replaceAll(",instance=\"[^\"]*\"", "");
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + " ([0-9.E+-]+)$").matcher(plain);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void givenAJobRunning_whenScraped_thenRequestsItemsAndInFlightMove() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of("instance.id", "node-a"))) {
            bundle.simulator.setLatency(Duration.ofMillis(150));
            String before = get(bundle, "/observe/metrics");
            assertThat(metric(before, "tmapi_concurrency_limit")).isEqualTo(3.0);
            bundle.simulator.failNext("category-items", "7", Fault.httpStatus(417), 1);

            bundle.drop("category-items", "watched.txt", "5\n6\n7\n8\n");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> metric(get(bundle, "/observe/metrics"), "tmapi_requests_in_flight") > 0);
            bundle.awaitArchived("category-items", "watched.txt");
            // the file is moved before Camel's route policy times the exchange that took it: both end the same exchange
            Pattern flowTimed = Pattern.compile("camel_route_policy_seconds_count\\{[^}]*routeId=\"category-items-inbox\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> flowTimed.matcher(get(bundle, "/observe/metrics")).find());

            String after = get(bundle, "/observe/metrics");
            assertThat(metric(after, "tmapi_requests_total{code=\"200\",endpoint=\"category-items\"}")).isEqualTo(12.0);
            assertThat(metric(after, "tmapi_requests_total{code=\"417\",endpoint=\"category-items\"}")).isEqualTo(1.0);
            assertThat(metric(after, "tmapi_retries_total{endpoint=\"category-items\"}")).isEqualTo(1.0);
            assertThat(metric(after, "tmapi_items_fetched_total{endpoint=\"category-items\"}")).isEqualTo(180.0);
            assertThat(metric(after, "tmapi_items_written_total{flow=\"category-items-inbox\"}")).isEqualTo(180.0);
            assertThat(metric(after, "tmapi_requests_in_flight")).isZero();
            assertThat(get(bundle, "/observe/health")).contains("\"status\":\"UP\"");
            // several instances' metrics can be told apart and summed: each line names its instance, Camel's own too
            assertThat(after.lines().filter(l -> !l.startsWith("#") && !l.isBlank()))
                    .isNotEmpty().allSatisfy(l -> assertThat(l).contains("instance=\"node-a\""));
            assertThat(after).contains("tmapi_requests_total{code=\"200\",endpoint=\"category-items\",instance=\"node-a\"}")
                    .contains("camel_exchanges_total{");
            // Camel's route timings name the flow that took the file, not the product's routes each page passes
            assertThat(after).containsPattern(flowTimed)
                    .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"category-items-inbox\"")
                    .doesNotContainPattern("camel_route_policy_seconds_count\\{[^}]*routeId=\"tmapi-")
                    .doesNotContainPattern("camel_exchanges_total\\{[^}]*routeId=\"tmapi-");
        }
    }

    @Test
    void givenAJob_whenItRuns_thenOneProgressLinePerPageAndOneSummaryLine() throws Exception {
        try (CapturedLog log = CapturedLog.info(); RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of())) {
            bundle.simulator.failAlways("category-items", "9", Fault.jsonCode(422));

            bundle.drop("category-items", "progress.csv", "cat_id,max_pages\n1031922,2\n9,\n");

            bundle.awaitArchived("category-items", "progress.csv");
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("progress.csv: 2 queries"));
            assertThat(log.text()).contains("category-items cat_id=1031922 page 1/2, 20 items")
                    .contains("category-items cat_id=1031922 page 2/2, 20 items")
                    .containsPattern("category-items progress\\.csv: 2 queries, 2 pages, 40 items fetched, 40 kept, "
                            + "40 written, failures: 422×1, \\d+\\.\\d s");
        }
    }

    @Test
    void givenSubscriptionExpired_whenHealthAsked_thenDownAndPausedUntilResumed() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of("tmapi.pause-minutes", "10"))) {
            bundle.simulator.failAlways(null, Fault.jsonCode(439));

            bundle.drop("shop-items", "paused.txt", "https://xldjjg.1688.com/\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> get(bundle, "/observe/health?exposureLevel=full")
                    .contains("\"name\":\"tmapi-calls\",\"status\":\"DOWN\""));
            assertThat(get(bundle, "/observe/health")).contains("\"status\":\"DOWN\"");
            assertThat(get(bundle, "/observe/health?exposureLevel=full")).contains("TMAPI calls paused (439");
            assertThat(metric(get(bundle, "/observe/metrics"), "tmapi_paused")).isEqualTo(1.0);

            bundle.simulator.clearFaults();
            Files.writeString(dataDir.resolve("resume"), "");
            await().atMost(Duration.ofSeconds(20)).until(() -> get(bundle, "/observe/health").contains("\"UP\""));
            assertThat(bundle.awaitArchived("shop-items", "paused.txt").getParent().getFileName()).hasToString(".done");
            assertThat(metric(get(bundle, "/observe/metrics"), "tmapi_paused")).isZero();
        }
    }

    @Test
    void givenTheStateStoreStopsAnswering_whenHealthAsked_thenTheStoreIsDown() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> get(bundle, "/observe/health?exposureLevel=full")
                    .contains("\"name\":\"state-store\",\"status\":\"UP\""));

            bundle.context().getRegistry().lookupByNameAndType("stateStore", org.tmapiroutes.store.StateStore.class)
                    .close();

            await().atMost(Duration.ofSeconds(20)).until(() -> get(bundle, "/observe/health?exposureLevel=full")
                    .contains("\"name\":\"state-store\",\"status\":\"DOWN\""));
            assertThat(get(bundle, "/observe/health")).contains("\"status\":\"DOWN\"");
            assertThat(get(bundle, "/observe/health?exposureLevel=full")).contains("does not answer");
        }
    }
}
