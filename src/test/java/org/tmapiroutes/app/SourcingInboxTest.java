package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * The SPEC §15 endpoints through the real application: a file dropped into an inbox folder of theirs becomes an
 * outbox CSV (and xlsx) with the endpoint's own columns, each query bought once, paged as its docs say.
 */
class SourcingInboxTest {

    private static final String DOCS_LINK = "https://detail.1688.com/offer/652702302959.html";

    @TempDir
    Path dataDir;

    private static CSVParser csv(Path file) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(RunningBundle.read(file).substring(1)));
    }

    private static List<RecordedRequest> requests(TmapiSimulator simulator, String endpointId) {
        return simulator.requests().stream().filter(r -> endpointId.equals(r.endpointId())).toList();
    }

    private static Path only(RunningBundle bundle, String endpointId, String name) {
        assertThat(bundle.awaitArchived(endpointId, name).getParent().getFileName()).hasToString(".done");
        return bundle.outboxFiles(endpointId).stream().filter(p -> p.getFileName().toString().startsWith(
                name.substring(0, name.indexOf('.')) + "-")).findFirst().orElseThrow();
    }

    @Test
    void givenItemsByIdAndByLink_whenDropped_thenOneRowPerSkuAndOneCallPerItemAndAnXlsxWithTheSameColumns()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of("output.format", "csv,xlsx"), simulator)) {
            bundle.drop("item-detail", "items.txt", "item_id\n" + DOCS_LINK + "\n610947572360\n");
            bundle.drop("item-detail-by-url", "links.txt", DOCS_LINK + "\n");

            Path byId = only(bundle, "item-detail", "items.txt");
            Path byLink = only(bundle, "item-detail-by-url", "links.txt");

            try (CSVParser rows = csv(byId)) {
                assertThat(rows.getHeaderNames()).startsWith("source", "query", "item_id", "title").contains("sku_id",
                        "price_tiers", "sku_image_url").endsWith("fetched_at").doesNotContain("title_origin");
                List<CSVRecord> records = rows.getRecords();
                assertThat(records.stream().filter(r -> r.get("query").equals(DOCS_LINK))).hasSize(9)
                        .allSatisfy(r -> assertThat(r.get("price_tiers")).isEqualTo("1:29.89|100:27.60|300:25.90"));
                assertThat(records).extracting(r -> r.get("query")).containsOnly(DOCS_LINK, "610947572360");
            }
            assertThat(requests(simulator, "item-detail")).extracting(r -> r.parameter("item_id"))
                    .containsExactlyInAnyOrder("652702302959", "610947572360");
            try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(Files.readAllBytes(
                    Path.of(byId.toString().replace(".csv", ".xlsx")))))) {
                List<Row> sheet = book.getFirstSheet().read();
                assertThat(sheet.get(0).getCell(sheet.get(0).getCellCount() - 1).asString()).isEqualTo("fetched_at");
                assertThat(sheet.get(0).getCell(21).asString()).isEqualTo("sku_id");
            }

            try (CSVParser rows = csv(byLink)) {
                assertThat(rows.getRecords()).hasSize(9).allSatisfy(r -> assertThat(r.get("query")).isEqualTo(DOCS_LINK));
            }
            RecordedRequest post = requests(simulator, "item-detail-by-url").get(0);
            assertThat(post.parameter("url")).isEqualTo(DOCS_LINK);
            assertThat(post.tokenValid()).isTrue();
            assertThat(post.query().values()).as("the token is never part of the body").doesNotContain(
                    RunningBundle.TOKEN);
        }
    }

    @Test
    void givenRatingsFactoriesAndCategories_whenDropped_thenPagedAsTheirDocsSay() throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of(), simulator)) {
            bundle.drop("item-rating", "ratings.txt", "652702302959\n");
            bundle.drop("factory-search", "factories.txt", "玩具厂\n");
            bundle.drop("category-info", "categories.csv", "cat_id,max_pages\n,1\n1031910,\n");

            try (CSVParser rows = csv(only(bundle, "item-rating", "ratings.txt"))) {
                assertThat(rows.getRecords()).as("a full page of ten, then a short one of four").hasSize(14);
            }
            assertThat(requests(simulator, "item-rating")).extracting(r -> r.parameter("page"))
                    .containsExactly("1", "2");
            try (CSVParser rows = csv(only(bundle, "factory-search", "factories.txt"))) {
                assertThat(rows.getRecords()).hasSize(3);
            }
            assertThat(requests(simulator, "factory-search")).as("page 1 of 20 asked; the example's 'page 2 of 3' "
                    + "is not followed").extracting(r -> r.parameter("page")).containsExactly("1");
            try (CSVParser rows = csv(only(bundle, "category-info", "categories.csv"))) {
                List<CSVRecord> records = rows.getRecords();
                assertThat(records.stream().filter(r -> r.get("query").isEmpty()).map(r -> r.get("id")))
                        .startsWith("201149004").hasSize(7);
                assertThat(records.stream().filter(r -> r.get("query").equals("1031910")).map(r -> r.get("id")))
                        .startsWith("1031910");
            }
            assertThat(requests(simulator, "category-info")).extracting(r -> r.parameter("cat_id"))
                    .containsExactlyInAnyOrder(null, "1031910");
        }
    }

    @Test
    void givenSalesShopsDescriptionsAndQuotes_whenDropped_thenOneCallPerQueryAndOneRowPerRecord() throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of(), simulator)) {
            bundle.drop("item-sales", "sales.txt", "652702302959\n610947572360\n");
            bundle.drop("shop-info", "shops.csv", "shop_url,member_id\nhttps://shop1467738698115.1688.com,\n"
                    + ",b2b-2211444284979bbec9\n");
            bundle.drop("item-desc", "pictures.txt", "652702302959\n");
            bundle.drop("item-shipping", "quotes.csv", "item_id,province,total_quantity,total_weight\n"
                    + "652702302959,广东,1,\n610947572360,浙江,100,12.5\n");

            try (CSVParser rows = csv(only(bundle, "item-sales", "sales.txt"))) {
                assertThat(rows.getRecords()).as("a row per day of each item's 30").hasSize(60);
            }
            try (CSVParser rows = csv(only(bundle, "shop-info", "shops.csv"))) {
                assertThat(rows.getRecords()).extracting(r -> r.get("query"))
                        .containsExactlyInAnyOrder("https://shop1467738698115.1688.com", "b2b-2211444284979bbec9");
            }
            try (CSVParser rows = csv(only(bundle, "item-desc", "pictures.txt"))) {
                assertThat(rows.getRecords()).hasSize(15);
            }
            try (CSVParser rows = csv(only(bundle, "item-shipping", "quotes.csv"))) {
                assertThat(rows.getRecords()).extracting(r -> r.get("province") + ":" + r.get("total_fee"))
                        .hasSize(2).contains("广东:16");
            }
            assertThat(requests(simulator, "item-sales")).hasSize(2);
            assertThat(requests(simulator, "shop-info")).hasSize(2);
            assertThat(requests(simulator, "item-desc")).hasSize(1);
            assertThat(requests(simulator, "item-shipping")).extracting(r -> r.parameter("total_weight"))
                    .containsExactlyInAnyOrder(null, "12.5");
        }
    }

    @Test
    void givenItemDetailAnswersCutOffOrNotAnObject_whenDropped_thenRetriedAsTransportAndTheRestIsDelivered()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of(), simulator)) {
            simulator.failAlways("item-detail", "610947572360", Fault.cutOff());
            simulator.failNext("item-detail", "652702302959", Fault.malformedJson(), 1);

            bundle.drop("item-detail", "hostile.txt", "652702302959\n610947572360\n");

            Path archived = bundle.awaitArchived("item-detail", "hostile.txt");
            assertThat(archived.getParent().getFileName()).hasToString(".error");
            assertThat(requests(simulator, "item-detail")).extracting(r -> r.parameter("item_id"))
                    .as("a broken answer is retried twice, like any transport failure, then given up")
                    .containsExactlyInAnyOrder("652702302959", "652702302959", "610947572360", "610947572360",
                            "610947572360");
            try (CSVParser rows = csv(bundle.outboxFiles("item-detail").get(0))) {
                assertThat(rows.getRecords()).as("the item answered on its retry").hasSize(9);
            }
            assertThat(RunningBundle.read(dataDir.resolve("errors/item-detail/hostile-failed.csv")))
                    .contains("610947572360").contains("transport");
        }
    }

    @Test
    void givenAnItemFileWithALinkThatNamesNoItem_whenDropped_thenNothingIsBoughtAndTheLineIsNamed()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of(), simulator)) {
            bundle.drop("item-detail", "typo.txt", "652702302959\nhttps://detail.1688.com/offer/6527023.htm\n");
            bundle.drop("item-shipping", "quotes.csv", "item_id,total_quantity\n652702302959,100\n");

            Path rejected = bundle.awaitArchived("item-detail", "typo.txt");
            assertThat(rejected.getParent().getFileName()).hasToString(".error");
            assertThat(RunningBundle.read(rejected.resolveSibling("typo.txt.error.txt")))
                    .contains("line 2").contains("is not an item id")
                    .contains("https://detail.1688.com/offer/652702302959.html");
            Path noProvince = bundle.awaitArchived("item-shipping", "quotes.csv");
            assertThat(noProvince.getParent().getFileName()).hasToString(".error");
            assertThat(RunningBundle.read(noProvince.resolveSibling("quotes.csv.error.txt"))).contains("province");
            assertThat(simulator.requestCount()).isZero();
        }
    }
}
