package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.item.ItemEnrichment;
import org.tmapiroutes.item.ProductRow;

/**
 * The enrichment steps in a route, against the simulator, counting what is bought: details, landed cost, supplier,
 * each call made once within its keep time, across calls and a restart.
 */
class EnrichmentTest {

    private static final String DOCS_ITEM = "652702302959";

    @TempDir
    Path dataDir;

    private static RunningBundle start(Path dataDir, TmapiSimulator simulator) throws Exception {
        RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Path.of("config", "application.properties"),
                Map.of(), simulator);
        bundle.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:details").to("kamelet:tmapi-category-items-action?catId=1031922&maxItems=20")
                        .to("kamelet:items-details-action");
                from("direct:details-of").to("kamelet:items-details-action");
                from("direct:landed-100").to("kamelet:items-landed-cost-action?province=广东&quantity=100&currency=usd"
                        + "&rate=0.14");
                from("direct:landed-moq").to("kamelet:items-landed-cost-action?province=广东");
                from("direct:supplier").to("kamelet:tmapi-keyword-search-action?keyword=马克杯&maxItems=30")
                        .to("kamelet:items-supplier-action");
            }
        });
        return bundle;
    }

    @SuppressWarnings("unchecked")
    private static List<ProductRow> call(RunningBundle bundle, String route, Object body) {
        return bundle.context().createProducerTemplate().requestBody("direct:" + route, body, List.class);
    }

    private static ProductRow listed(String itemId) {
        ProductRow row = new ProductRow();
        row.setSource("category-items");
        row.setItemId(itemId);
        return row;
    }

    @Test
    void givenTwentyListedProducts_whenDetailedTwiceAndAfterARestart_thenTwentyDetailCallsInAll() throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                CapturedLog log = CapturedLog.info()) {
            try (RunningBundle bundle = start(dataDir, simulator)) {
                List<ProductRow> rows = call(bundle, "details", null);

                assertThat(rows).hasSize(20).allSatisfy(row -> assertThat(row.getExtras()).containsKeys(
                        ItemEnrichment.DETAIL_COLUMNS.toArray(String[]::new)));
                assertThat(rows).filteredOn(r -> r.getExtras().get("sku_count") != null).hasSize(20);
                assertThat(simulator.requestCount("item-detail")).isEqualTo(20);
                assertThat(simulator.requests()).filteredOn(r -> "item-detail".equals(r.endpointId()))
                        .extracting(r -> r.parameter("item_id"))
                        .containsExactlyInAnyOrderElementsOf(rows.stream().map(ProductRow::getItemId).toList());

                List<ProductRow> again = call(bundle, "details", null);
                assertThat(simulator.requestCount("item-detail")).as("kept: none bought again").isEqualTo(20);
                assertThat(again).extracting(r -> r.getExtras().get("price_tiers"))
                        .containsExactlyElementsOf(rows.stream().map(r -> r.getExtras().get("price_tiers")).toList());
                assertThat(log.text()).contains("details: 20 bought, 0 from the store")
                        .contains("details: 0 bought, 20 from the store");
            }
            try (RunningBundle restarted = start(dataDir, simulator)) {
                call(restarted, "details", null);
                assertThat(simulator.requestCount("item-detail")).as("kept across a restart").isEqualTo(20);
            }
        }
    }

    @Test
    void givenAnItemWhoseDetailsFailForGood_whenDetailed_thenItsColumnsStayEmptyAndTheOthersAreFilled()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = start(dataDir, simulator)) {
            simulator.failAlways("item-detail", "610947572360", Fault.jsonCode(422));

            List<ProductRow> rows = call(bundle, "details-of", List.of(listed(DOCS_ITEM), listed("610947572360")));

            assertThat(rows.get(0).getExtras()).containsEntry("price_tiers", "1:29.89|100:27.60|300:25.90")
                    .containsEntry("sku_count", 9).containsEntry("unit_weight_kg", new BigDecimal("0.12"));
            assertThat(rows.get(1).getExtras()).containsEntry("price_tiers", null).containsEntry("stock", null);
            assertThat(simulator.requestCount("item-detail")).isEqualTo(2);
        }
    }

    @Test
    void givenTheDocsItem_whenItsLandedCostIsAskedAtOneHundredAndAtItsMoq_thenTheDocsTiersAndQuotePriceIt()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = start(dataDir, simulator)) {
            ProductRow at100 = call(bundle, "landed-100", List.of(listed(DOCS_ITEM))).get(0);

            // the docs' tiers 1:29.89|100:27.60|300:25.90 and quote total_fee 16: (27.60 × 100 + 16) ÷ 100
            assertThat(at100.getExtras()).containsEntry("unit_price_at_qty", new BigDecimal("27.60"))
                    .containsEntry("shipping_fee", new BigDecimal("16"))
                    .containsEntry("landed_unit_cost", new BigDecimal("27.76"))
                    .containsEntry("below_moq", false)
                    .containsEntry("landed_unit_cost_USD", new BigDecimal("3.89"));
            assertThat(simulator.requests()).filteredOn(r -> "item-shipping".equals(r.endpointId())).singleElement()
                    .satisfies(r -> assertThat(r.query()).containsEntry("item_id", DOCS_ITEM)
                            .containsEntry("province", "广东").containsEntry("total_quantity", "100")
                            .containsEntry("total_weight", "12"));

            ProductRow atMoq = call(bundle, "landed-moq", List.of(listed(DOCS_ITEM))).get(0);
            // moq 1: (29.89 × 1 + 16) ÷ 1
            assertThat(atMoq.getExtras()).containsEntry("unit_price_at_qty", new BigDecimal("29.89"))
                    .containsEntry("landed_unit_cost", new BigDecimal("45.89"));
            assertThat(simulator.requestCount("item-detail")).as("the details bought once").isEqualTo(1);
            assertThat(simulator.requestCount("item-shipping")).as("one quote per quantity").isEqualTo(2);

            call(bundle, "landed-100", List.of(listed(DOCS_ITEM)));
            assertThat(simulator.requestCount("item-shipping")).as("the quote kept").isEqualTo(2);
        }
    }

    @Test
    void givenThirtyProductsOfAFewShops_whenTheirSuppliersAreAddedTwice_thenOneShopCallPerShopInAll()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = start(dataDir, simulator)) {
            List<ProductRow> rows = call(bundle, "supplier", null);

            long shops = rows.stream().map(ProductRow::getShopUrl).distinct().count();
            assertThat(shops).isGreaterThan(1).isLessThan(30);
            assertThat(simulator.requestCount("shop-info")).isEqualTo((int) shops);
            assertThat(rows).allSatisfy(row -> assertThat(row.getExtras()).containsKeys(
                    ItemEnrichment.SUPPLIER_COLUMNS.toArray(String[]::new)));
            assertThat(rows).extracting(r -> (String) r.getExtras().get("supplier_rating"))
                    .allMatch(r -> r.startsWith("comprehensive:"));
            Map<String, List<Object>> yearsByShop = rows.stream().collect(Collectors.groupingBy(ProductRow::getShopUrl,
                    Collectors.mapping(r -> r.getExtras().get("supplier_years"), Collectors.toList())));
            assertThat(yearsByShop.values()).allSatisfy(years -> assertThat(years).containsOnly(years.get(0)));

            call(bundle, "supplier", null);
            assertThat(simulator.requestCount("shop-info")).as("kept: none bought again").isEqualTo((int) shops);
        }
    }

    @Test
    void givenTheShippedLandedCostFlow_whenCategoriesAreDroppedTwice_thenTwentyProductsPricedAndEachCallMadeOnce()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                CapturedLog log = CapturedLog.info();
                RunningBundle bundle = start(dataDir, simulator)) {
            bundle.drop("category-landed-cost", "cups.txt", "1031922\n");

            assertThat(bundle.awaitArchived("category-landed-cost", "cups.txt").getParent().getFileName())
                    .hasToString(".done");
            Path csv = bundle.outboxFiles("category-items").get(0);
            List<CSVRecord> rows;
            try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(RunningBundle.read(csv).substring(1)))) {
                assertThat(parser.getHeaderNames()).endsWith("fetched_at", "stock", "sku_count", "price_min",
                        "price_max", "price_tiers", "unit_weight_kg", "is_sold_out", "delivery_fee", "location",
                        "unit_price_at_qty", "shipping_fee", "landed_unit_cost", "below_moq");
                rows = parser.getRecords();
            }
            assertThat(rows).hasSize(45);
            List<CSVRecord> priced = rows.stream().filter(r -> !r.get("landed_unit_cost").isEmpty()).toList();
            assertThat(priced).hasSize(20).isEqualTo(rows.subList(0, 20));
            for (CSVRecord row : priced) {
                BigDecimal unit = new BigDecimal(row.get("unit_price_at_qty"));
                BigDecimal fee = new BigDecimal(row.get("shipping_fee"));
                assertThat(new BigDecimal(row.get("landed_unit_cost"))).as(row.get("item_id")).isEqualTo(
                        unit.multiply(BigDecimal.valueOf(100)).add(fee).divide(BigDecimal.valueOf(100), 2,
                                RoundingMode.HALF_UP));
            }
            assertThat(simulator.requests()).filteredOn(r -> "item-shipping".equals(r.endpointId()))
                    .hasSize(20).allSatisfy(r -> assertThat(r.query()).containsEntry("province", "广东")
                            .containsEntry("total_quantity", "100"));
            assertThat(simulator.requestCount("item-detail")).isEqualTo(20);

            bundle.drop("category-landed-cost", "cups-again.txt", "1031922\n");
            bundle.awaitArchived("category-landed-cost", "cups-again.txt");
            assertThat(log.text()).as("the job's summary line").containsPattern("category-items cups.txt: 1 query, .*"
                    + "; details: 20 bought, 0 from the store; shipping quotes: 20 bought, 0 from the store -> ")
                    .containsPattern("category-items cups-again.txt: .*; details: 0 bought, 20 from the store;"
                    + " shipping quotes: 0 bought, 20 from the store -> ");
            assertThat(simulator.requestCount("item-detail") + simulator.requestCount("item-shipping"))
                    .as("kept: none bought again").isEqualTo(40);
        }
    }

    @Test
    void givenDetailsHalfBought_whenA439Pauses_thenTheFlowIsSuspendedAndTheJobResumesBuyingNoneTwice()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                CapturedLog log = CapturedLog.info();
                RunningBundle bundle = start(dataDir, simulator)) {
            simulator.setLatency(Duration.ofMillis(50));
            bundle.drop("category-landed-cost", "paused.txt", "1031922\n");
            await().atMost(RunningBundle.PATIENCE).until(() -> simulator.requestCount("item-detail") >= 3);

            simulator.failAlways(null, Fault.jsonCode(439));
            // the enrichment step's calls leave at the pause like the job's pages: its flow is suspended
            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.context().getRouteController()
                    .getRouteStatus("category-landed-cost-inbox") == ServiceStatus.Suspended);
            assertThat(log.text()).contains("waits for the TMAPI pause (439) to end after");
            simulator.clearFaults();
            Files.writeString(dataDir.resolve("resume"), "");

            assertThat(bundle.awaitArchived("category-landed-cost", "paused.txt").getParent().getFileName())
                    .hasToString(".done");
            try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(RunningBundle.read(bundle.outboxFiles("category-items").get(0))
                            .substring(1)))) {
                assertThat(parser.getRecords()).as("twenty products priced")
                        .filteredOn(r -> !r.get("landed_unit_cost").isEmpty()).hasSize(20);
            }
            for (String endpoint : List.of("item-detail", "item-shipping")) {
                assertThat(simulator.requests()).filteredOn(r -> endpoint.equals(r.endpointId()) && r.fault() == null)
                        .extracting(r -> r.parameter("item_id")).as(endpoint + " bought once an item")
                        .hasSize(20).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void givenAFlowWhoseEnrichmentIsMisspelt_whenAFileIsDropped_thenItIsSetAsideBeforeAnyCall() throws Exception {
        Path routes = Files.createDirectories(dataDir.resolve("routes"));
        RunningBundle.copyShippedRoutes(routes);
        RunningBundle.save(routes, "category-landed-cost-inbox.camel.yaml", RunningBundle.read(
                Path.of("routes", "category-landed-cost-inbox.camel.yaml")).replace("details,landed-cost",
                        "details,landed-cots"));
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir.resolve("data"), routes,
                        Path.of("config", "application.properties"), Map.of(), simulator)) {
            bundle.drop("category-landed-cost", "cups.txt", "1031922\n");

            Path set = bundle.awaitArchived("category-landed-cost", "cups.txt");
            assertThat(set.getParent().getFileName()).hasToString(".error");
            assertThat(RunningBundle.read(set.resolveSibling("cups.txt.error.txt"))).contains("landed-cots")
                    .contains("details, landed-cost, supplier or description");
            assertThat(simulator.requestCount()).isZero();
        }
    }
}
