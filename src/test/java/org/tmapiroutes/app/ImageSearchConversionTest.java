package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.JdbcImageConversions;
import org.tmapiroutes.store.StateStore;

/**
 * Image search for any picture: a picture not hosted by Alibaba is converted first (one TMAPI call), the converted
 * path searched, the user's URL kept in the CSV, and the conversion kept 24 hours in the state store, so it is paid
 * for once.
 */
class ImageSearchConversionTest {

    private static final String MUG = "https://images.example.com/catalog/red-mug.jpg";
    private static final String ALIBABA = "https://cbu01.alicdn.com/img/ibank/O1CN01l1LMMu23dNfRuPnh4_!!22-0-cib.jpg";

    @TempDir
    Path dataDir;

    private static List<CSVRecord> csv(Path file) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(RunningBundle.read(file).substring(1))).getRecords();
    }

    private static List<RecordedRequest> searches(RunningBundle bundle) {
        return bundle.simulator.requests().stream().filter(r -> "image-search".equals(r.endpointId())).toList();
    }

    @Test
    void givenAPictureOutsideAlibabaTwiceInAFileThenAgainAndAfterARestart_whenSearched_thenConvertedOnce()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                    Path.of("config", "application.properties"), Map.of(), simulator)) {
                bundle.drop("image-search", "pictures.csv", "img_url,sort,max_pages\n" + MUG + ",default,1\n"
                        + MUG + ",price_up,1\n" + ALIBABA + ",,1\n");

                assertThat(bundle.awaitArchived("image-search", "pictures.csv").getParent().getFileName())
                        .hasToString(".done");
                assertThat(simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).as("one conversion").isEqualTo(1);
                RecordedRequest conversion = simulator.requests().stream()
                        .filter(r -> TmapiSimulator.IMAGE_CONVERT.equals(r.endpointId())).findFirst().orElseThrow();
                assertThat(conversion.query()).containsEntry("url", MUG)
                        .containsEntry("search_api_endpoint", "/global/search/image/v2");
                assertThat(searches(bundle)).extracting(r -> r.parameter("img_url"))
                        .hasSize(3).containsOnlyOnce(ALIBABA)
                        .filteredOn(u -> !u.equals(ALIBABA)).allMatch(u -> u.startsWith("/search/imgextra/"));
                List<CSVRecord> rows = csv(bundle.outboxFiles("image-search").get(0));
                assertThat(rows).hasSize(60).extracting(r -> r.get("query")).containsOnly(MUG, ALIBABA);
                assertThat(rows.stream().filter(r -> r.get("query").equals(MUG))).hasSize(40);

                bundle.drop("image-search", "again.txt", MUG + "\n");
                bundle.awaitArchived("image-search", "again.txt");
                assertThat(simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).as("kept: not converted again")
                        .isEqualTo(1);
            }
            try (RunningBundle restarted = RunningBundle.start(dataDir, Path.of("routes"),
                    Path.of("config", "application.properties"), Map.of(), simulator)) {
                restarted.drop("image-search", "after-restart.txt", MUG + "\n");

                assertThat(restarted.awaitArchived("image-search", "after-restart.txt").getParent().getFileName())
                        .hasToString(".done");
                assertThat(simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).as("kept across a restart")
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void givenAConversionOlderThan24Hours_whenThePictureIsSearchedAgain_thenConvertedAgainAndKeptAnew()
            throws Exception {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            new JdbcImageConversions(store.dataSource()).keep(MUG, "/search/imgextra/stale.jpg",
                    Instant.now().minus(Duration.ofHours(25)));
        }
        try (RunningBundle bundle = RunningBundle.start(dataDir)) {
            bundle.drop("image-search", "old.txt", MUG + "\n");

            assertThat(bundle.awaitArchived("image-search", "old.txt").getParent().getFileName()).hasToString(".done");
            assertThat(bundle.simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).isEqualTo(1);
            assertThat(searches(bundle)).extracting(r -> r.parameter("img_url"))
                    .noneMatch(u -> u.equals("/search/imgextra/stale.jpg"));
        }
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            assertThat(new JdbcImageConversions(store.dataSource()).find(MUG, Instant.now()))
                    .get(InstanceOfAssertFactories.STRING).as("kept anew")
                    .startsWith("/search/imgextra/").isNotEqualTo("/search/imgextra/stale.jpg");
        }
    }

    @Test
    void givenTheConversionRefused_whenDropped_thenTheQueryFailsWithItsCodeAndNoSearchIsPaidFor() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir)) {
            bundle.simulator.failAlways(TmapiSimulator.IMAGE_CONVERT, Fault.jsonCode(422));

            bundle.drop("image-search", "refused.txt", MUG + "\n" + ALIBABA + "\n");

            Path archived = bundle.awaitArchived("image-search", "refused.txt");
            assertThat(archived.getParent().getFileName()).hasToString(".error");
            assertThat(bundle.simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).as("422: no retry").isEqualTo(1);
            assertThat(searches(bundle)).extracting(r -> r.parameter("img_url")).containsOnly(ALIBABA);
            assertThat(RunningBundle.read(archived.resolveSibling("refused.txt.error.txt")))
                    .contains("1 of 2 queries failed")
                    .contains("image-search img_url=" + MUG + ": code 422, the picture could not be converted");
            List<CSVRecord> failed = csv(dataDir.resolve("errors/image-search/refused-failed.csv"));
            assertThat(failed).singleElement().satisfies(r -> {
                assertThat(r.get("img_url")).isEqualTo(MUG);
                assertThat(r.get("error_code")).isEqualTo("422");
            });
            assertThat(RunningBundle.list(dataDir.resolve("errors/image-search")))
                    .anyMatch(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}-422-refused\\.json"));
        }
    }

    @Test
    void givenAFlakyConversion_whenDropped_thenRetriedLikeAPageAndThePictureSearched() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir)) {
            bundle.simulator.failNext(TmapiSimulator.IMAGE_CONVERT, Fault.httpStatus(417), 2);

            bundle.drop("image-search", "flaky.txt", MUG + "\n");

            assertThat(bundle.awaitArchived("image-search", "flaky.txt").getParent().getFileName()).hasToString(".done");
            assertThat(bundle.simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).as("2 × 417, then 200")
                    .isEqualTo(3);
            assertThat(searches(bundle)).hasSize(3);
        }
    }

    @Test
    void givenSeveralPicturesAndALimitOfOne_whenConvertedAndSearched_thenNeverTwoCallsAtOnce() {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                Map.of("tmapi.max-concurrency", "1"))) {
            bundle.simulator.setLatency(Duration.ofMillis(30));

            bundle.drop("image-search", "three.txt", "https://a.example/1.jpg\nhttps://b.example/2.jpg\n"
                    + "https://c.example/3.jpg\n");

            assertThat(bundle.awaitArchived("image-search", "three.txt").getParent().getFileName())
                    .hasToString(".done");
            assertThat(bundle.simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).isEqualTo(3);
            assertThat(bundle.simulator.requestCount()).isEqualTo(3 + 3 * 3);
            assertThat(bundle.simulator.maxInFlight()).isEqualTo(1);
        }
    }
}
