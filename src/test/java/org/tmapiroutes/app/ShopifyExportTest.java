package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;

/**
 * Item links to Shopify draft products through the real application (routes/item-shopify-inbox.camel.yaml): the file,
 * what it cost in calls, the descriptions kept in the store, a flow asking for the CSV too.
 */
class ShopifyExportTest {

    @TempDir
    Path dataDir;

    @Test
    void givenItemLinks_whenDropped_thenAShopifyFileOfDraftsAtOneDetailAndOneDescriptionCallAnItem() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of("shopify.markup", "2",
                "shopify.currency", "USD", "shopify.rate", "0.14"))) {
            bundle.drop("item-shopify", "links.txt", "https://detail.1688.com/offer/610947572360.html\n"
                    + "610947572361\n610947572362\n");
            assertThat(bundle.awaitArchived("item-shopify", "links.txt").toString()).contains(".done");

            List<Path> files = RunningBundle.list(bundle.outbox("item-detail"));
            assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
                    .matches("links-\\d{8}-\\d{6}-shopify\\.csv"));
            String text = Files.readString(files.get(0));
            assertThat(text).startsWith("Title,URL handle,");
            List<CSVRecord> lines = read(text);
            assertThat(lines).filteredOn(l -> !l.get("Title").isEmpty()).extracting(l -> l.get("URL handle"))
                    .containsExactly("1688-610947572360", "1688-610947572361", "1688-610947572362");
            assertThat(lines).filteredOn(l -> !l.get("Title").isEmpty()).allSatisfy(l -> {
                assertThat(l.get("Status")).isEqualTo("draft");
                assertThat(l.get("Description")).as("the description pictures").startsWith("<p><img src=\"https://");
            });
            assertThat(lines).filteredOn(l -> !l.get("Price").isEmpty()).allSatisfy(l ->
                    assertThat(l.get("Price")).as("in USD, ending in .99").endsWith(".99"));
            assertThat(bundle.simulator.requestCount("item-detail")).isEqualTo(3);
            assertThat(bundle.simulator.requestCount("item-desc")).as("one description call an item").isEqualTo(3);
            assertThat(bundle.simulator.requests()).filteredOn(r -> "item-detail".equals(r.endpointId()))
                    .allSatisfy(r -> assertThat(r.parameter("optimize_title")).as("short titles in English")
                            .isEqualTo("true"));

            // the same items again: their descriptions come from the store
            bundle.drop("item-shopify", "again.txt", "610947572360\n");
            bundle.awaitArchived("item-shopify", "again.txt");
            assertThat(bundle.simulator.requestCount("item-desc")).isEqualTo(3);
            assertThat(bundle.simulator.requestCount("item-detail")).isEqualTo(4);
        }
    }

    @Test
    void givenADescriptionThatFailsAndAFlowAskingForTheCsvToo_whenDropped_thenBothFilesAndTheProductWithoutIt(
            @TempDir Path routesDir) throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        RunningBundle.save(routesDir, "item-shopify-inbox.camel.yaml",
                Files.readString(routesDir.resolve("item-shopify-inbox.camel.yaml"))
                        .replace("value: shopify", "value: csv,shopify"));
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of())) {
            bundle.simulator.failAlways("item-desc", "610947572361", Fault.jsonCode(422));
            bundle.drop("item-shopify", "two.txt", "610947572360\n610947572361\n");
            bundle.awaitArchived("item-shopify", "two.txt");
            List<Path> files = RunningBundle.list(bundle.outbox("item-detail"));
            assertThat(files).extracting(f -> f.getFileName().toString().replaceAll("\\d{8}-\\d{6}", "T"))
                    .containsExactlyInAnyOrder("two-T.csv", "two-T-shopify.csv");
            List<CSVRecord> products = read(Files.readString(files.stream()
                    .filter(f -> f.toString().endsWith("-shopify.csv")).findFirst().orElseThrow()))
                    .stream().filter(l -> !l.get("Title").isEmpty()).toList();
            assertThat(products).extracting(l -> l.get("URL handle")).containsExactly("1688-610947572360",
                    "1688-610947572361");
            assertThat(products.get(1).get("Description")).as("its description could not be bought").isEmpty();
            String csv = Files.readString(files.stream().filter(f -> f.toString().endsWith("T.csv") || !f.toString()
                    .endsWith("-shopify.csv")).findFirst().orElseThrow());
            assertThat(csv.lines().findFirst().orElseThrow()).as("the item-detail columns, then the description's")
                    .contains(",sku_id,").endsWith(",description_images");
        }
    }

    private static List<CSVRecord> read(String text) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))
                .getRecords();
    }
}
