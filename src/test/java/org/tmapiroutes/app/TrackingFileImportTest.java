package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.JdbcImageConversions;
import org.tmapiroutes.store.JdbcPriceHistory;
import org.tmapiroutes.store.StateStore;

/**
 * The tracking files an earlier version kept in data/state/, imported into the state store at the first start with it:
 * once, each renamed to .imported, a corrupt one left as it is with a WARN.
 */
class TrackingFileImportTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final String MUG = "https://images.example.com/catalog/red-mug.jpg";
    private static final String SEEN = "category-new-items-report|category-items|1031922|";

    @TempDir
    Path dataDir;

    private Path state(String name) throws Exception {
        return Files.createDirectories(dataDir.resolve("state")).resolve(name);
    }

    private void writeTheThreeFiles(Instant conversionsAt) throws Exception {
        // as Camel's FileIdempotentRepository wrote it: one key a line, in the platform's charset
        Files.writeString(state("seen-items.txt"), SEEN + "1\n" + SEEN + "2\n\n" + SEEN + "3\n",
                Charset.defaultCharset());
        Files.writeString(state("prices.json"), "{\n  \"" + SEEN + "1\" : 0.60,\n  \"" + SEEN + "2\" : 12.50\n}");
        Files.writeString(state("image-conversions.json"), "{\"" + MUG + "\":{\"image_url\":\"/search/imgextra/mug.jpg\","
                + "\"converted_at\":\"" + conversionsAt.minus(Duration.ofHours(1)) + "\"},"
                + "\"https://x.example/old.jpg\":{\"image_url\":\"/search/imgextra/old.jpg\",\"converted_at\":\""
                + conversionsAt.minus(Duration.ofHours(25)) + "\"}}", StandardCharsets.UTF_8);
    }

    /** What the application does at start: each store made, then its file imported. */
    private void importInto(StateStore store) {
        TrackingFileImport files = new TrackingFileImport(dataDir.resolve("state"));
        files.seenItems(store);
        files.prices(new JdbcPriceHistory(store.dataSource()));
        files.imageConversions(new JdbcImageConversions(store.dataSource()), NOW);
    }

    private List<String> importLines(CapturedLog log) {
        return log.text().lines().filter(l -> l.contains("Imported ") || l.contains(" WARN ")).toList();
    }

    @Test
    void givenTheThreeFilesOfAnEarlierVersion_whenStartedTwice_thenImportedAtTheFirstStartOnlyAndRenamed()
            throws Exception {
        writeTheThreeFiles(NOW);

        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir);
                CapturedLog log = CapturedLog.info()) {
            importInto(store);

            assertThat(importLines(log)).hasSize(3).satisfiesExactly(
                    l -> assertThat(l).contains(" INFO ").contains("Imported 3 seen items from ")
                            .contains("seen-items.txt").endsWith("the file is kept as seen-items.txt.imported"),
                    l -> assertThat(l).contains(" INFO ").contains("Imported 2 prices from ").contains("prices.json")
                            .endsWith("the file is kept as prices.json.imported"),
                    l -> assertThat(l).contains(" INFO ")
                            .contains("Imported 1 image conversions (1 older than 24 h or incomplete, left out) from ")
                            .endsWith("the file is kept as image-conversions.json.imported"));
        }
        assertThat(RunningBundle.list(dataDir.resolve("state"))).extracting(p -> p.getFileName().toString())
                .contains("seen-items.txt.imported", "prices.json.imported", "image-conversions.json.imported")
                .doesNotContain("seen-items.txt", "prices.json", "image-conversions.json");
        String importedPrices = Files.readString(state("prices.json.imported"));

        try (StateStore restarted = StateStore.open("", "", Optional.empty(), dataDir);
                CapturedLog log = CapturedLog.info()) {
            importInto(restarted);

            assertThat(importLines(log)).as("nothing imported again").isEmpty();
            IdempotentRepository seen = restarted.seenItems();
            assertThat(List.of(SEEN + "1", SEEN + "2", SEEN + "3")).allMatch(seen::contains);
            assertThat(seen.contains(SEEN + "4")).isFalse();
            JdbcPriceHistory prices = new JdbcPriceHistory(restarted.dataSource());
            assertThat(prices.lastPrice(SEEN + "1")).contains(new BigDecimal("0.60"));
            assertThat(prices.lastPrice(SEEN + "2")).contains(new BigDecimal("12.50"));
            JdbcImageConversions conversions = new JdbcImageConversions(restarted.dataSource());
            assertThat(conversions.find(MUG, NOW)).contains("/search/imgextra/mug.jpg");
            assertThat(conversions.find("https://x.example/old.jpg", NOW)).isEmpty();
        }
        assertThat(Files.readString(state("prices.json.imported"))).isEqualTo(importedPrices);
    }

    @Test
    void givenACorruptPriceFile_whenImported_thenLeftAsItIsWithAWarnNamingItAndTheOthersImported() throws Exception {
        writeTheThreeFiles(NOW);
        Path prices = Files.writeString(state("prices.json"), "{ \"flow|category-items|1|42\" : 0.6");

        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir);
                CapturedLog log = CapturedLog.info()) {
            importInto(store);

            assertThat(importLines(log)).filteredOn(l -> l.contains(" WARN ")).singleElement()
                    .satisfies(l -> assertThat(l).contains("The price history file " + prices + " cannot be read (")
                            .endsWith("it is left as it is and not imported into the state store"));
            assertThat(importLines(log)).filteredOn(l -> l.contains("Imported ")).hasSize(2);
            assertThat(new JdbcPriceHistory(store.dataSource()).lastPrice("flow|category-items|1|42")).isEmpty();
        }
        assertThat(Files.readString(prices)).isEqualTo("{ \"flow|category-items|1|42\" : 0.6");
        assertThat(state("prices.json.imported")).doesNotExist();
        assertThat(state("seen-items.txt.imported")).exists();
    }

    @Test
    void givenTheFilesOfAnEarlierVersion_whenTheApplicationStarts_thenImportedAndTheKeptConversionSearchedWithoutPaying()
            throws Exception {
        writeTheThreeFiles(Instant.now());

        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                    Path.of("config", "application.properties"), java.util.Map.of(), simulator)) {
                assertThat(RunningBundle.list(dataDir.resolve("state"))).extracting(p -> p.getFileName().toString())
                        .contains("seen-items.txt.imported", "prices.json.imported", "image-conversions.json.imported")
                        .doesNotContain("seen-items.txt", "prices.json", "image-conversions.json");

                bundle.drop("image-search", "mug.txt", MUG + "\n");

                assertThat(bundle.awaitArchived("image-search", "mug.txt").getParent().getFileName())
                        .hasToString(".done");
                assertThat(simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).as("the imported conversion used")
                        .isZero();
                assertThat(simulator.requests().stream().filter(r -> "image-search".equals(r.endpointId()))
                        .map(r -> r.parameter("img_url"))).isNotEmpty().containsOnly("/search/imgextra/mug.jpg");
            }
        }
    }
}
