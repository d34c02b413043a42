package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.ProducerTemplate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.item.ProductRow;

/** Filters and transforms written in YAML route files, run by the real bundle. */
class ItemsInRoutesTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;

    private static List<CSVRecord> csv(Path file) throws Exception {
        String text = Files.readString(file);
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.substring(1))).getRecords();
    }

    /** Every third product is cheap and sells well, so the example's filter has something to keep and to drop. */
    private static void someCheapBestsellers(RunningBundle bundle) {
        bundle.simulator.setItemCustomizer((endpoint, value, index, item) -> {
            if (index % 3 == 0) {
                item.put("price", "3.50");
                ((ObjectNode) item.get("price_info")).put("sale_price", "3.50");
                ((ObjectNode) item.get("sale_info")).put("sale_quantity_90days", "5000");
            }
        });
    }

    @Test
    void givenExampleFilterRoute_whenFileDropped_thenOnlyMatchingProductsReachTheCsv() throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        Files.copy(Path.of("routes/examples/cheap-bestsellers-inbox.camel.yaml"),
                routesDir.resolve("cheap-bestsellers-inbox.camel.yaml"));
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of())) {
            someCheapBestsellers(bundle);

            bundle.drop("category-items", "all.txt", "1031922\n2001\n");
            bundle.awaitArchived("category-items", "all.txt");
            List<CSVRecord> all = csv(bundle.outboxFiles("category-items").get(0));
            bundle.drop("cheap-bestsellers", "cheap.txt", "1031922\n2001\n");
            bundle.awaitArchived("cheap-bestsellers", "cheap.txt");
            Path filteredFile = bundle.outboxFiles("category-items").stream()
                    .filter(p -> p.getFileName().toString().startsWith("cheap-")).findFirst().orElseThrow();

            List<String> expected = all.stream()
                    .filter(r -> new BigDecimal(r.get("price")).compareTo(new BigDecimal(5)) <= 0
                            && !r.get("sales_90d").isEmpty() && Long.parseLong(r.get("sales_90d")) >= 1000)
                    .map(r -> r.get("item_id")).toList();
            assertThat(expected).isNotEmpty().hasSizeLessThan(all.size());
            assertThat(csv(filteredFile)).extracting(r -> r.get("item_id")).containsExactlyElementsOf(expected);
        }
    }

    /** Prices and sales at the boundaries users write conditions at, in turn, so that every query meets each one. */
    private static final List<String> BOUNDARY_PRICES = List.of("19.99", "20.00", "20.01", "20.36", "20.5", "0.40",
            "0.62", "0.63", "0.65", "54.69", "5.00", "5.99");

    private static void boundaryPrices(RunningBundle bundle) {
        bundle.simulator.setItemCustomizer((endpoint, value, index, item) -> {
            String price = BOUNDARY_PRICES.get(index % BOUNDARY_PRICES.size());
            item.put("price", price);
            ((ObjectNode) item.get("price_info")).put("sale_price", price);
            ((ObjectNode) item.get("sale_info")).put("sale_quantity_90days", String.valueOf(999 + index % 3));
        });
    }

    private static String inboxWith(String folder, String where) {
        return """
                - templatedRoute:
                    routeTemplateRef: inbox-flow
                    routeId: %s-inbox
                    parameters:
                      - name: folder
                        value: %s
                      - name: endpoint
                        value: category-items
                      - name: where
                        value: "%s"
                """.formatted(folder, folder, where);
    }

    @Test
    void givenConditionsAtPriceBoundaries_whenFilesDroppedAndListsFiltered_thenNumbersCompareAsNumbers()
            throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        Map<String, String> conditions = new java.util.LinkedHashMap<>();
        conditions.put("le20", "${body.price} <= 20");
        conditions.put("le20dec", "${body.price} <= 20.0");
        conditions.put("gt062", "${body.price} > 0.62");
        conditions.put("gt0", "${body.price} > 0");
        conditions.put("ge065", "${body.price} >= 0.65");
        conditions.put("eq20", "${body.price} == 20");
        conditions.put("ne20", "${body.price} != 20");
        conditions.put("le5", "${body.price} <= 5");
        conditions.put("sales", "${body.sales90d} >= 1000");
        conditions.put("salesdec", "${body.sales90d} > 999.5");
        StringBuilder routes = new StringBuilder();
        conditions.forEach((folder, where) -> routes.append(inboxWith(folder, where)).append("""
                - route:
                    id: where-%s
                    from:
                      uri: direct:where-%s
                      steps:
                        - to: "kamelet:items-where-action?expression=RAW(%s)"
                """.formatted(folder, folder, where)));
        RunningBundle.save(routesDir, "boundaries.camel.yaml", routes.toString());
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of("tmapi.max-pages", "1"))) {
            boundaryPrices(bundle);
            bundle.drop("category-items", "all.txt", "1031922\n");
            bundle.awaitArchived("category-items", "all.txt");
            List<CSVRecord> all = csv(bundle.outboxFiles("category-items").get(0));
            assertThat(all).extracting(r -> r.get("price")).containsAll(BOUNDARY_PRICES);
            ProducerTemplate template = bundle.context().createProducerTemplate();
            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.context().getRoute("where-salesdec") != null);
            @SuppressWarnings("unchecked")
            List<ProductRow> listed = template.requestBody(
                    "kamelet:tmapi-category-items-action?catId=1031922&maxPages=1", (Object) null, List.class);

            conditions.keySet().forEach(folder -> bundle.drop(folder, folder + ".txt", "1031922\n"));
            for (Map.Entry<String, String> condition : conditions.entrySet()) {
                List<String> expected = all.stream().filter(r -> holds(condition.getValue(), r))
                        .map(r -> r.get("item_id")).toList();
                assertThat(expected).as(condition.getValue()).isNotEmpty();

                bundle.awaitArchived(condition.getKey(), condition.getKey() + ".txt");
                Path filtered = bundle.outboxFiles("category-items").stream()
                        .filter(p -> p.getFileName().toString().startsWith(condition.getKey() + "-")).findFirst()
                        .orElseThrow();
                assertThat(csv(filtered)).as("inbox where " + condition.getValue()).extracting(r -> r.get("item_id"))
                        .containsExactlyElementsOf(expected);

                List<ProductRow> kept = step(template, "where-" + condition.getKey(), listed);
                assertThat(kept).as("items-where-action " + condition.getValue()).extracting(ProductRow::getItemId)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void givenAFlowWhoseConditionDoesNotCompile_whenAFileIsDropped_thenItIsSetAsideSayingSoAndNothingIsBought()
            throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of())) {
            // a route file naming it is refused at start and on save: the flow is made through Camel's API instead
            bundle.context().addRouteFromTemplate("broken-inbox", "inbox-flow", Map.of("folder", "broken",
                    "endpoint", "category-items", "where", "${body.price} <= && true"));
            bundle.drop("broken", "q.txt", "1031922\n");

            Path archived = bundle.awaitArchived("broken", "q.txt");
            assertThat(archived.getParent().getFileName()).hasToString(".error");
            assertThat(RunningBundle.read(archived.resolveSibling("q.txt.error.txt")))
                    .contains("the flow broken-inbox names a wrong product condition (where): ${body.price} <= && true")
                    .contains("no TMAPI request was made");
            assertThat(bundle.simulator.requestCount()).isZero();
            assertThat(RunningBundle.list(bundle.inbox("broken").resolve(".processing"))).isEmpty();
        }
    }

    /** The conditions above, worked out on the unfiltered CSV with BigDecimal arithmetic. */
    private static boolean holds(String condition, CSVRecord product) {
        String[] parts = condition.split(" ");
        String field = parts[0].equals("${body.price}") ? "price" : "sales_90d";
        int sign = new BigDecimal(product.get(field)).compareTo(new BigDecimal(parts[2]));
        return switch (parts[1]) {
            case "<=" -> sign <= 0;
            case "<" -> sign < 0;
            case ">" -> sign > 0;
            case ">=" -> sign >= 0;
            case "==" -> sign == 0;
            case "!=" -> sign != 0;
            default -> throw new IllegalArgumentException(condition);
        };
    }

    @Test
    void givenEveryStepKamelet_whenUsedFromYaml_thenEachShapesTheList() throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        RunningBundle.save(routesDir, "steps-under-test.camel.yaml", """
                - route:
                    id: fetch-under-test
                    from:
                      uri: direct:fetch
                      steps:
                        - to: kamelet:tmapi-category-items-action?catId=1031922&maxPages=2
                - route:
                    id: price-range-under-test
                    from:
                      uri: direct:price-range
                      steps:
                        - to: kamelet:items-price-range-action?min=10&max=30
                - route:
                    id: min-sales-under-test
                    from:
                      uri: direct:min-sales
                      steps:
                        - to: kamelet:items-min-sales-action?min=1000
                - route:
                    id: min-shop-score-under-test
                    from:
                      uri: direct:min-shop-score
                      steps:
                        - to: kamelet:items-min-shop-score-action?min=4.5
                - route:
                    id: keywords-under-test
                    from:
                      uri: direct:keywords
                      steps:
                        - to: kamelet:items-keywords-action?exclude=连衣裙
                - route:
                    id: location-under-test
                    from:
                      uri: direct:location
                      steps:
                        - to: kamelet:items-location-action?province=浙江
                - route:
                    id: flags-under-test
                    from:
                      uri: direct:flags
                      steps:
                        - to: kamelet:items-flags-action?freeShipping=true
                - route:
                    id: dedupe-under-test
                    from:
                      uri: direct:dedupe
                      steps:
                        - to: kamelet:items-dedupe-action
                - route:
                    id: top-under-test
                    from:
                      uri: direct:top
                      steps:
                        - to: kamelet:items-top-action?sortBy=price&order=asc&top=5
                - route:
                    id: money-under-test
                    from:
                      uri: direct:money
                      steps:
                        - to: kamelet:items-currency-action?currency=USD&rate=0.14
                        - to: kamelet:items-retail-price-action?markup=2&fixed=1&roundTo=0.5&rounding=up
                """);
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> bundle.context().getRoute("money-under-test") != null);
            ProducerTemplate template = bundle.context().createProducerTemplate();
            List<ProductRow> all = fetch(template);
            assertThat(all).hasSize(40);

            assertThat(step(template, "price-range", all)).isNotEmpty().allSatisfy(r ->
                    assertThat(r.getPrice()).isBetween(new BigDecimal(10), new BigDecimal(30)));
            assertThat(step(template, "min-sales", all))
                    .allSatisfy(r -> assertThat(r.getSales90d()).isGreaterThanOrEqualTo(1000));
            assertThat(step(template, "min-shop-score", all)).allSatisfy(r ->
                    assertThat(r.getShopScore()).isGreaterThanOrEqualTo(new BigDecimal("4.5")));
            assertThat(step(template, "keywords", all))
                    .allSatisfy(r -> assertThat(r.getTitle()).doesNotContain("连衣裙"));
            assertThat(step(template, "location", all)).allSatisfy(r -> assertThat(r.getProvince()).contains("浙江"));
            assertThat(step(template, "flags", all)).allSatisfy(r -> assertThat(r.getFreeShipping()).isTrue());
            List<ProductRow> doubled = new ArrayList<>(all);
            doubled.addAll(fetch(template));
            assertThat(step(template, "dedupe", doubled)).hasSize(40);
            List<ProductRow> cheapest = step(template, "top", all);
            assertThat(cheapest).hasSize(5).extracting(ProductRow::getPrice).isSorted();
            assertThat(step(template, "money", fetch(template))).allSatisfy(r -> assertThat(r.getExtras())
                    .containsOnlyKeys("price_USD", "retail_price"));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ProductRow> fetch(ProducerTemplate template) {
        return template.requestBody("direct:fetch", (Object) null, List.class);
    }

    @SuppressWarnings("unchecked")
    private static List<ProductRow> step(ProducerTemplate template, String route, List<ProductRow> rows) {
        return template.requestBody("direct:" + route, new ArrayList<>(rows), List.class);
    }

    @Test
    void givenUnknownFieldOrBrokenExpression_whenSaved_thenFileLineAndFieldNamesLoggedAndPreviousVersionRuns()
            throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        String example = Files.readString(Path.of("routes/examples/cheap-bestsellers-inbox.camel.yaml"));
        RunningBundle.save(routesDir, "cheap-bestsellers-inbox.camel.yaml", example);
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of())) {
            someCheapBestsellers(bundle);
            int line = example.substring(0, example.indexOf("${body.price} <= 5")).split("\n").length;

            RunningBundle.save(routesDir, "cheap-bestsellers-inbox.camel.yaml",
                    example.replace("${body.price} <= 5", "${body.prise} <= 5"));

            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("'prise'"));
            assertThat(log.text()).contains("cheap-bestsellers-inbox.camel.yaml not loaded, line " + line
                    + ": 'prise' in ${body.prise} is not a product field")
                    .contains("price, sale_price".replace(", sale_price", ", salePrice"))
                    .contains("sales90d").contains("shopScore");

            RunningBundle.save(routesDir, "cheap-bestsellers-inbox.camel.yaml",
                    example.replace("${body.price} <= 5 &&", "${body.price} <= 5 &&&& ("));
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().lines()
                    .filter(l -> l.contains("cheap-bestsellers-inbox.camel.yaml not loaded")).count() == 2);
            String syntaxError = log.text().lines()
                    .filter(l -> l.contains("cheap-bestsellers-inbox.camel.yaml not loaded"))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(syntaxError).contains("not loaded, line " + line + ": ").contains("Product fields are: ")
                    .contains("sales90d");

            bundle.drop("cheap-bestsellers", "still.txt", "1031922\n");
            assertThat(bundle.awaitArchived("cheap-bestsellers", "still.txt").getParent().getFileName())
                    .hasToString(".done");
            assertThat(csv(bundle.outboxFiles("category-items").get(0)))
                    .allSatisfy(r -> assertThat(new BigDecimal(r.get("price"))).isLessThanOrEqualTo(new BigDecimal(5)));
        }
    }
}
