package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save with a value that cannot work is refused with the file, the line and the reason, as at start-up, while the
 * previous version of the file keeps running; a file that started fine is taken again when saved.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteFileSavesTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final String HOURLY = UserRoutes.hourly(RunningBundle.FAR_AWAY_CRON);
    /** A route of a user's own that reads the body of a list, not of a product: no business of product fields. */
    private static final String LIST_SIZE = """
            # list-size-log: logs how many products a list holds.
            - route:
                id: list-size-log
                from:
                  uri: direct:list-size
                  steps:
                    - log: "${body.size} products"
            """;

    Path routesDir;
    RunningBundle bundle;

    @BeforeAll
    void start(@TempDir Path dataDir, @TempDir Path routesDir) {
        this.routesDir = routesDir;
        RunningBundle.copyShippedRoutes(routesDir);
        RunningBundle.save(routesDir, "hourly-report.camel.yaml", HOURLY);
        RunningBundle.save(routesDir, "list-size-log.camel.yaml", LIST_SIZE);
        bundle = RunningBundle.start(dataDir, routesDir, Map.of());
    }

    @AfterAll
    void stop() {
        bundle.close();
    }

    private static String shipped(String name) throws Exception {
        return Files.readString(Path.of("routes", name));
    }

    private static int lineOf(String content, String text) {
        return content.substring(0, content.indexOf(text)).split("\n", -1).length;
    }

    /** Saves a bad version, waits for its one ERROR line and returns it; the good version is saved back after. */
    private String refused(String name, String good, String bad) {
        try (CapturedLog log = CapturedLog.info()) {
            RunningBundle.save(routesDir, name, bad);
            await().atMost(WITHIN).until(() -> log.text().contains(name + " not loaded"));
            return log.text().lines().filter(l -> l.contains(name + " not loaded")).findFirst().orElseThrow();
        } finally {
            RunningBundle.save(routesDir, name, good);
        }
    }

    private void awaitInboxStillRuns(String name) {
        await().atMost(WITHIN).until(() -> bundle.context().getRouteController()
                .getRouteStatus("category-items-inbox") == ServiceStatus.Started);
        bundle.drop("category-items", name, "1031922\n");
        assertThat(bundle.awaitArchived("category-items", name).getParent().getFileName()).hasToString(".done");
    }

    @Test
    void givenScheduledFlow_whenSavedWithMisspeltTimeZone_thenRefusedWithLineAndNearestZoneAndTheTriggerStays() {
        String bad = HOURLY.replace("Asia/Shanghai", "Asia/Shangai");

        String error = refused("hourly-report.camel.yaml", HOURLY, bad);

        assertThat(error).contains("hourly-report.camel.yaml not loaded, line " + lineOf(bad, "Asia/Shangai")
                + ": time zone Asia/Shangai is not known (e.g. Asia/Shanghai, UTC). The previous version keeps "
                + "running");
        bundle.awaitCron("hourly-report", RunningBundle.FAR_AWAY_CRON);
    }

    @Test
    void givenScheduledFlow_whenSavedWithBadCron_thenRefusedAndTheTriggerStays() {
        String bad = HOURLY.replace(RunningBundle.FAR_AWAY_CRON, "0 0 25 * * ?");

        String error = refused("hourly-report.camel.yaml", HOURLY, bad);

        assertThat(error).contains("not loaded, line " + lineOf(bad, "0 0 25") + ": cron 0 0 25 * * ? is not a valid "
                + "Quartz cron (").contains("The previous version keeps running");
        bundle.awaitCron("hourly-report", RunningBundle.FAR_AWAY_CRON);
    }

    @Test
    void givenScheduledFlow_whenSavedWithAWrongKameletValue_thenRefusedWithTheAllowedValues() {
        String bad = HOURLY.replace("sort=price_up", "sort=bogus");

        String error = refused("hourly-report.camel.yaml", HOURLY, bad);

        assertThat(error).contains("not loaded, line " + lineOf(bad, "sort=bogus") + ": kamelet:tmapi-category-items-"
                + "action sort 'bogus' is not allowed; allowed values: default, sales, price_up, price_down");
        bundle.awaitCron("hourly-report", RunningBundle.FAR_AWAY_CRON);
    }

    @Test
    void givenInbox_whenSavedWithAnUnknownEndpointId_thenRefusedAndTheInboxStillFetches() throws Exception {
        String good = shipped("category-items-inbox.camel.yaml");
        String bad = good.replace("      - name: endpoint\n        value: category-items",
                "      - name: endpoint\n        value: category-itemz");

        String error = refused("category-items-inbox.camel.yaml", good, bad);

        assertThat(error).contains("not loaded, line " + lineOf(bad, "category-itemz") + ": endpoint category-itemz is "
                + "not a TMAPI endpoint id; endpoint ids: category-items, ");
        awaitInboxStillRuns("after-endpoint.txt");
    }

    @Test
    void givenInbox_whenSavedWithAMisspeltTemplateParameter_thenRefusedAndTheInboxStillFetches() throws Exception {
        String good = shipped("category-items-inbox.camel.yaml");
        String bad = good + "      - name: wher\n        value: \"${body.price} <= 5\"\n";

        String error = refused("category-items-inbox.camel.yaml", good, bad);

        assertThat(error).contains("not loaded, line " + lineOf(bad, "wher") + ": parameter wher is not a parameter "
                + "of route template inbox-flow; it takes: folder, endpoint, where, format");
        awaitInboxStillRuns("after-wher.txt");
    }

    @Test
    void givenRouteReadingTheBodyOfAList_whenSavedUnchangedThenEdited_thenBothSavesAreTaken() {
        try (CapturedLog log = CapturedLog.info()) {
            RunningBundle.save(routesDir, "list-size-log.camel.yaml", LIST_SIZE);
            RunningBundle.save(routesDir, "list-size-log.camel.yaml",
                    LIST_SIZE.replace(" products", " products listed"));

            await().atMost(WITHIN).until(() -> log.text().contains("list-size-log.camel.yaml reloaded"));
            assertThat(log.text()).doesNotContain("list-size-log.camel.yaml not loaded");
        }
        assertThat(bundle.context().createProducerTemplate().requestBody("direct:list-size", java.util.List.of(1, 2)))
                .isEqualTo(java.util.List.of(1, 2));
    }

    @Test
    void givenFlowThatIsOff_whenItsFileIsSavedUnchanged_thenItIsTaken() throws Exception {
        try (CapturedLog log = CapturedLog.info()) {
            RunningBundle.save(routesDir, "category-email-report.camel.yaml",
                    shipped("category-email-report.camel.yaml"));

            await().atMost(WITHIN).until(() -> log.text().contains("category-email-report.camel.yaml reloaded"));
            assertThat(log.text()).doesNotContain("category-email-report.camel.yaml not loaded");
        }
    }
}
