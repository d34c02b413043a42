package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.store.RealPostgres;

/**
 * The state store going away under a running job and coming back, on a PostgreSQL server of this test's own that it
 * stops and starts: health answers at once throughout (DOWN naming the store), no TMAPI request goes out meanwhile,
 * one ERROR and one INFO line say so, and the job goes on from its last recorded page with no page bought twice.
 */
class StateStoreOutageTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    /** The longest a health answer may take: a monitor that asks every few seconds gives up after about this. */
    private static final Duration HEALTH_ANSWERS_WITHIN = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(HEALTH_ANSWERS_WITHIN).build();

    @TempDir
    Path dataDir;

    private static String health(RunningBundle bundle) throws Exception {
        // a health check that does not answer in time fails the test here (HttpTimeoutException)
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bundle.managementPort()
                + "/observe/health?exposureLevel=full")).timeout(HEALTH_ANSWERS_WITHIN).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void givenAJobRunning_whenPostgreSqlStopsAndStartsAgain_thenNothingIsBoughtMeanwhileAndTheJobGoesOnWhereItWas()
            throws Exception {
        String url = POSTGRES.newDatabase();
        try (CapturedLog log = CapturedLog.info(); RunningBundle bundle = RunningBundle.start(dataDir,
                Path.of("routes"), Map.of("state.jdbc-url", url, "state.username", POSTGRES.username(),
                        "state.password", POSTGRES.password(), "tmapi.max-concurrency", "1",
                        "tmapi.max-pages", "10"))) {
            bundle.simulator.setItemsPerQuery(200);
            bundle.simulator.setLatency(Duration.ofMillis(300));
            bundle.drop("category-items", "outage.txt", "1031922\n");
            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.simulator.requestCount() >= 2);

            POSTGRES.halt();

            await().atMost(Duration.ofSeconds(30)).until(() -> health(bundle)
                    .contains("\"name\":\"state-store\",\"status\":\"DOWN\""));
            assertThat(health(bundle)).contains("does not answer");
            int beforeOutageSeen = bundle.simulator.requestCount();
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                    .until(() -> bundle.simulator.requestCount() == beforeOutageSeen
                            && health(bundle).contains("\"name\":\"state-store\",\"status\":\"DOWN\""));

            POSTGRES.restart();

            assertThat(bundle.awaitArchived("category-items", "outage.txt").getParent().getFileName())
                    .hasToString(".done");
            assertThat(bundle.simulator.requests()).extracting(r -> r.parameter("page")).as("each page bought once")
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            assertThat(health(bundle)).contains("\"name\":\"state-store\",\"status\":\"UP\"");
            assertThat(log.text().lines().filter(l -> l.contains("ERROR") && l.contains("The state store")))
                    .as("one ERROR for the outage").hasSize(1);
            assertThat(log.text()).contains("answers again").doesNotContain("NullPointerException");
        }
    }
}
