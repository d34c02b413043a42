package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Camel's model of a route file says is wrong in it, checked the same way at start-up and at every save. */
class RouteFileCheckTest {

    private static final Path ROUTES = Path.of("routes");
    private static final String FILE = UserRoutes.CONDITIONS;

    private DefaultCamelContext context;
    private RouteFileCheck check;

    @BeforeEach
    void context() {
        context = new DefaultCamelContext();
        Properties keys = new Properties();
        keys.setProperty("report.zone", "Asia/Shangai");
        keys.setProperty("report.cron", "0 0 8 ? * MON-FRI");
        context.getPropertiesComponent().setInitialProperties(keys);
        context.build();
        check = new RouteFileCheck(context);
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private String problems(String content) {
        return check.check(ROUTES.resolve("x.camel.yaml"), content, Map.of()).toString();
    }

    @Test
    void givenInboxWhereAndKameletExpression_whenConditionsRead_thenBothWithTheirLines() throws Exception {
        assertThat(check.conditions(ROUTES.resolve("cheap.camel.yaml"), FILE)).containsExactly(
                new RouteFileCheck.Condition("${body.price} <= 5", 6),
                new RouteFileCheck.Condition("${body.sales90d} >= 1000", 14));
    }

    @Test
    void givenQuartzTriggerWithMisspeltZoneFromAKey_whenChecked_thenTheKeyValueLineAndNearestZoneAreNamed() {
        String route = String.join("\n",
                "- route:",
                "    id: x",
                "    from:",
                "      uri: quartz:reports/x",
                "      parameters:",
                "        cron: \"{{report.cron}}\"",
                "        trigger.timeZone: \"{{report.zone}}\"",
                "      steps:",
                "        - log: fired");

        assertThat(check.check(ROUTES.resolve("x.camel.yaml"), route, Map.of())).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(7))
                .satisfies(p -> assertThat(p.reason()).isEqualTo(
                        "report.zone = Asia/Shangai is not a known time zone (e.g. Asia/Shanghai, UTC)"));
    }

    @Test
    void givenConditionsReadingTheBodyOfSomethingElse_whenChecked_thenOnlyProductConditionsAreHeldToProductFields() {
        String route = String.join("\n",
                "- route:",
                "    id: x",
                "    from:",
                "      uri: direct:x",
                "      steps:",
                "        - log: \"${body.size} products\"",
                "        - to: \"kamelet:items-where-action?expression="
                        + "RAW(${body.title} contains 'x${body.shopNme}')\"");

        assertThat(problems(route)).contains("line=7").contains("'shopNme' in ${body.shopNme} is not a product field")
                .doesNotContain("size");
    }

    @Test
    void givenEmptyOrCommentOnlyFile_whenChecked_thenItHoldsNoRoute() {
        assertThat(problems("")).contains("the file holds no route");
        assertThat(problems("# being written\n")).contains("the file holds no route");
    }

    @Test
    void givenFileCutShortWhileBeingWritten_whenChecked_thenRefusedAsNotYetValid() throws Exception {
        String whole = Files.readString(Path.of("routes", "category-email-report.camel.yaml"));
        String half = whole.substring(0, whole.indexOf("trigger.timeZone") + "trigger.timeZone: \"{{rep".length());

        assertThat(check.check(ROUTES.resolve("category-email-report.camel.yaml"), half, Map.of())).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(17))
                .satisfies(p -> assertThat(p.reason()).isEqualTo(
                        "found unexpected end of stream (while scanning a quoted scalar)"));
    }

    @Test
    void givenMisspeltKameletParameterAndWrongInboxFormat_whenChecked_thenEachIsNamedWithWhatIsTaken() {
        String routes = String.join("\n",
                "- route:",
                "    id: x",
                "    from:",
                "      uri: direct:x",
                "      steps:",
                "        - to: kamelet:tmapi-shop-items-action?shopUrl=https://xldjjg.1688.com/&maxpages=2",
                "- templatedRoute:",
                "    routeTemplateRef: inbox-flow",
                "    routeId: shops-inbox",
                "    parameters:",
                "      - name: folder",
                "        value: shops",
                "      - name: endpoint",
                "        value: shop-items",
                "      - name: format",
                "        value: xslx");
        RouteTemplateDefinition inbox = new RouteTemplateDefinition();
        inbox.setId("inbox-flow");
        inbox.templateParameter("folder").templateParameter("endpoint").templateParameter("format", "csv");

        assertThat(check.check(ROUTES.resolve("x.camel.yaml"), routes, Map.of("inbox-flow", inbox)))
                .extracting(RouteFileCheck.Problem::line, RouteFileCheck.Problem::reason).containsExactly(
                        tuple(6, "kamelet:tmapi-shop-items-action has no parameter maxpages; it takes: shopUrl, page, "
                                + "pageSize, sort, cat, catType, maxPages, maxItems"),
                        tuple(16, "format 'xslx' is not allowed; allowed values: csv, xlsx, shopify, or several of them comma-separated (csv,xlsx)"));
    }

    @Test
    void givenKnownAndUnknownZones_whenAsked_thenOnlyIdsQuartzReallyKnowsPass() {
        assertThat(RouteFileCheck.knownTimeZone("Asia/Shanghai")).isTrue();
        assertThat(RouteFileCheck.knownTimeZone("UTC")).isTrue();
        assertThat(RouteFileCheck.knownTimeZone("GMT+08:00")).isTrue();
        assertThat(RouteFileCheck.knownTimeZone("Asia/Shangai")).isFalse();
        assertThat(RouteFileCheck.knownTimeZone("")).isFalse();
    }
}
