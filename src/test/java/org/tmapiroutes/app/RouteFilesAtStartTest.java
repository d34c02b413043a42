package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route file with a value that cannot work stops the start with one line naming the file, the line, the reason and
 * what is allowed, before any route is made, and the program exits with status 2; the same check as at every save.
 */
class RouteFilesAtStartTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;

    /** A scheduled flow of a user's own, with the values a case spoils. */
    private static final String HOURLY = UserRoutes.hourly("0 0 * * * ?");

    private List<String> refusal(Map<String, String> overrides) {
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> RunningBundle.start(dataDir, routesDir, overrides).close())
                .satisfies(e -> {
                    Throwable t = e;
                    while (t != null && !(t instanceof InvalidRouteFilesException)) {
                        t = t.getCause();
                    }
                    assertThat(t).as("the start is refused for its route files").isNotNull();
                    lines.addAll(((InvalidRouteFilesException) t).lines());
                });
        return lines;
    }

    private String shipped(String name) throws Exception {
        return Files.readString(Path.of("routes", name));
    }

    private static int lineOf(String content, String text) {
        return content.substring(0, content.indexOf(text)).split("\n", -1).length;
    }

    private String start(String name, String content) throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        Files.writeString(routesDir.resolve(name), content);
        return "tmapi-routes: " + routesDir.resolve(name) + " line ";
    }

    @Test
    void givenMisspeltTimeZoneInARouteFile_whenStarted_thenOneLineNamingFileLineAndNearestZone() throws Exception {
        String content = HOURLY.replace("Asia/Shanghai", "Asia/Shangai");
        String place = start("hourly-report.camel.yaml", content);

        assertThat(refusal(Map.of())).containsExactly(place + lineOf(content, "Asia/Shangai")
                + ": time zone Asia/Shangai is not known (e.g. Asia/Shanghai, UTC)");
    }

    @Test
    void givenBadCronInARouteFile_whenStarted_thenOneLineNamingTheCronAndHowToWriteIt() throws Exception {
        String content = HOURLY.replace("0 0 * * * ?", "0 0 25 * * ?");
        String place = start("hourly-report.camel.yaml", content);

        assertThat(refusal(Map.of())).singleElement().asString()
                .startsWith(place + lineOf(content, "0 0 25") + ": cron 0 0 25 * * ? is not a valid Quartz cron (")
                .endsWith("write second minute hour day-of-month month day-of-week [year], e.g. 0 0 8 ? * MON-FRI");
    }

    @Test
    void givenWrongKameletParameterValue_whenStarted_thenOneLineWithTheAllowedValues() throws Exception {
        String content = HOURLY.replace("sort=price_up", "sort=bogus");
        String place = start("hourly-report.camel.yaml", content);

        assertThat(refusal(Map.of())).containsExactly(place + lineOf(content, "sort=bogus")
                + ": kamelet:tmapi-category-items-action sort 'bogus' is not allowed; allowed values: default, sales, "
                + "price_up, price_down");
    }

    @Test
    void givenUnknownEndpointIdInAnInbox_whenStarted_thenOneLineListingTheEndpointIds() throws Exception {
        String content = shipped("category-items-inbox.camel.yaml")
                .replace("      - name: endpoint\n        value: category-items",
                        "      - name: endpoint\n        value: category-itemz");
        String place = start("category-items-inbox.camel.yaml", content);

        assertThat(refusal(Map.of())).singleElement().asString().startsWith(place + lineOf(content, "category-itemz")
                + ": endpoint category-itemz is not a TMAPI endpoint id; endpoint ids: category-items, ");
    }

    @Test
    void givenMisspeltTemplateParameter_whenStarted_thenOneLineListingTheTemplatesParameters() throws Exception {
        String content = shipped("category-items-inbox.camel.yaml")
                + "      - name: wher\n        value: \"${body.price} <= 5\"\n";
        String place = start("category-items-inbox.camel.yaml", content);

        assertThat(refusal(Map.of())).containsExactly(place + lineOf(content, "wher")
                + ": parameter wher is not a parameter of route template inbox-flow; it takes: folder, endpoint, "
                + "where, format, enrich, maxItems, province, quantity, currency, rate");
    }

    @Test
    void givenUnknownProductFieldInAWhere_whenStarted_thenRefusedAsASaveIs() throws Exception {
        String content = shipped("category-items-inbox.camel.yaml")
                + "      - name: where\n        value: \"${body.prise} <= 5\"\n";
        String place = start("category-items-inbox.camel.yaml", content);

        assertThat(refusal(Map.of())).singleElement().asString().startsWith(place + lineOf(content, "${body.prise}")
                + ": 'prise' in ${body.prise} is not a product field. Product fields are: source, query, itemId");
    }

    @Test
    void givenMisspeltTimeZoneInTheConfiguration_whenStarted_thenTheLineNamesTheKey() throws Exception {
        String content = shipped("category-email-report.camel.yaml");
        String place = start("category-email-report.camel.yaml", content);

        assertThat(refusal(Map.of("report.category.enabled", "true", "report.category.cat-id", "1031922",
                "report.category.time-zone", "Asia/Shangai"))).containsExactly(place
                        + lineOf(content, "{{report.category.time-zone}}") + ": report.category.time-zone = "
                        + "Asia/Shangai is not a known time zone (e.g. Asia/Shanghai, UTC)");
    }

    @Test
    void givenBadCronInTheConfiguration_whenStarted_thenTheLineNamesTheKey() throws Exception {
        String content = shipped("category-email-report.camel.yaml");
        String place = start("category-email-report.camel.yaml", content);

        assertThat(refusal(Map.of("report.category.enabled", "true", "report.category.cat-id", "1031922",
                "report.category.cron", "0 0 8 ? * MON-FRY"))).singleElement().asString()
                .startsWith(place + lineOf(content, "{{report.category.cron}}") + ": report.category.cron = "
                        + "0 0 8 ? * MON-FRY is not a valid Quartz cron (");
    }

    @Test
    void givenEmptyRouteFile_whenStarted_thenOneLineSayingItHoldsNoRoute() throws Exception {
        start("half-saved.camel.yaml", "");

        assertThat(refusal(Map.of())).containsExactly("tmapi-routes: " + routesDir.resolve("half-saved.camel.yaml")
                + ": the file holds no route (it is empty, or still being written); to remove its routes, delete the "
                + "file");
    }

    @Test
    void givenMisspeltTimeZone_whenTheProgramIsStarted_thenItExitsWithStatus2AndOneLineWithoutStackTrace()
            throws Exception {
        String content = HOURLY.replace("Asia/Shanghai", "Asia/Shangai");
        String place = start("hourly-report.camel.yaml", content);
        Path output = dataDir.resolve("console.txt");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "-Dcamel.management.port=" + RunningBundle.freePort(), TmapiRoutesMain.class.getName(),
                "--routes", routesDir.toString(), "--config", "config/application.properties");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TMAPI_") || k.equals("DATA_DIR"));
        builder.environment().putAll(Map.of("TMAPI_API_TOKEN", "t", "DATA_DIR", dataDir.resolve("data").toString()));
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String console = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(console).isEqualTo(TmapiRoutesMain.EXIT_CONFIGURATION);
            assertThat(console.lines().filter(l -> !l.contains("Apache Camel (Main)"))).as(console).containsExactly(
                    place + lineOf(content, "Asia/Shangai") + ": time zone Asia/Shangai is not known (e.g. "
                            + "Asia/Shanghai, UTC)");
        } finally {
            process.destroyForcibly();
        }
    }
}
