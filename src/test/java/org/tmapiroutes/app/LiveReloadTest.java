package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route files edited, added, removed and broken while the bundle runs, as users do. */
class LiveReloadTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;
    RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        bundle = RunningBundle.start(dataDir, routesDir, Map.of());
    }

    @AfterEach
    void stop() {
        bundle.close();
    }

    /** As users start it ({@code --routes routes}): the routes folder named relative to the working directory. */
    private void restartWithRelativeRoutesFolder() {
        bundle.close();
        bundle = RunningBundle.start(dataDir, Path.of("").toAbsolutePath().relativize(routesDir), Map.of());
    }

    private void save(String name, String content) {
        RunningBundle.save(routesDir, name, content);
    }

    private String shipped(String name) throws Exception {
        return Files.readString(Path.of("routes", name));
    }

    private void awaitProcessed(String folder, String name) {
        await().atMost(WITHIN.plus(RunningBundle.PATIENCE))
                .until(() -> Files.exists(dataDir.resolve("inbox").resolve(folder).resolve(".done").resolve(name)));
    }

    @Test
    void givenRunningRoute_whenItsFileIsEdited_thenTheNewVersionRunsWithin5s() throws Exception {
        String edited = shipped("category-items-inbox.camel.yaml")
                .replace("value: category-items\n      - name: endpoint",
                        "value: category-items-edited\n      - name: endpoint");

        save("category-items-inbox.camel.yaml", edited);

        await().atMost(WITHIN).until(() -> bundle.context().getRoute("category-items-inbox") != null
                && bundle.context().getRoute("category-items-inbox").getEndpoint().getEndpointUri()
                        .contains("category-items-edited"));
        bundle.drop("category-items-edited", "edited.txt", "1031922\n");
        awaitProcessed("category-items-edited", "edited.txt");
        assertThat(bundle.outboxFiles("category-items")).hasSize(1);
    }

    @Test
    void givenNewRouteFile_whenAddedThenRemoved_thenItRunsAndThenStops() throws Exception {
        String added = shipped("category-items-inbox.camel.yaml")
                .replace("routeId: category-items-inbox", "routeId: bestsellers-inbox")
                .replace("value: category-items\n      - name: endpoint", "value: bestsellers\n      - name: endpoint");

        save("bestsellers-inbox.camel.yaml", added);

        await().atMost(WITHIN).until(() -> bundle.context().getRoute("bestsellers-inbox") != null);
        bundle.drop("bestsellers", "first.txt", "1031922\n");
        awaitProcessed("bestsellers", "first.txt");

        Files.delete(routesDir.resolve("bestsellers-inbox.camel.yaml"));

        await().atMost(WITHIN).until(() -> bundle.context().getRoute("bestsellers-inbox") == null);
        assertThat(bundle.context().getRoute("category-items-inbox")).as("other routes untouched").isNotNull();
    }

    @Test
    void givenInvalidYamlSaved_whenReloaded_thenPreviousVersionKeepsRunningAndErrorNamesFileAndLine_thenFixLoads()
            throws Exception {
        String good = shipped("category-items-inbox.camel.yaml");
        try (CapturedLog log = CapturedLog.info()) {
            save("category-items-inbox.camel.yaml", good.replace("    parameters:\n", "    stepz:\n"));

            await().atMost(WITHIN).until(() -> log.text().contains("category-items-inbox.camel.yaml not loaded"));
            assertThat(log.text())
                    .containsPattern("category-items-inbox\\.camel\\.yaml not loaded, line \\d+: .*stepz");
        }
        assertThat(bundle.context().getRouteController().getRouteStatus("category-items-inbox"))
                .isEqualTo(ServiceStatus.Started);
        bundle.drop("category-items", "still.txt", "1031922\n");
        awaitProcessed("category-items", "still.txt");

        save("category-items-inbox.camel.yaml", good.replace("value: category-items\n      - name: endpoint",
                "value: category-items-fixed\n      - name: endpoint"));

        // the route is replaced: for a moment there is none
        await().atMost(WITHIN).until(() -> bundle.context().getRoute("category-items-inbox") != null
                && bundle.context().getRoute("category-items-inbox").getEndpoint().getEndpointUri()
                        .contains("category-items-fixed"));
    }

    @Test
    void givenUnknownEndpointSavedInTheInboxTemplate_whenReloaded_thenPreviousVersionKeepsRunning() throws Exception {
        String good = shipped("inbox-flow.camel.yaml");
        try (CapturedLog log = CapturedLog.info()) {
            save("inbox-flow.camel.yaml", good.replace("- to: direct:tmapi-job", "- to: outbx:tmapi-job"));

            await().atMost(WITHIN).until(() -> log.text().contains("inbox-flow.camel.yaml not loaded"));
            int line = good.substring(0, good.indexOf("- to: direct:tmapi-job")).split("\n").length;
            assertThat(log.text()).contains("inbox-flow.camel.yaml not loaded, line " + line + ": ")
                    .contains("outbx");
        }
        // the earlier version runs on (on a busy machine the reload of an earlier save may still be finishing)
        await().atMost(WITHIN).until(() -> bundle.context().getRouteController()
                .getRouteStatus("category-items-inbox") == ServiceStatus.Started);
        bundle.drop("category-items", "kept.txt", "1031922\n");
        awaitProcessed("category-items", "kept.txt");
        assertThat(bundle.outboxFiles("category-items")).hasSize(1);
    }

    @Test
    void givenEditorThatEmptiesTheFileBeforeWritingIt_whenEmptySaved_thenRefusedAndThePreviousVersionKeepsRunning()
            throws Exception {
        restartWithRelativeRoutesFolder();
        String good = shipped("category-items-inbox.camel.yaml");
        try (CapturedLog log = CapturedLog.info()) {
            save("category-items-inbox.camel.yaml", "");

            await().atMost(WITHIN).until(() -> log.text().contains("category-items-inbox.camel.yaml not loaded"));
            assertThat(log.text()).contains("category-items-inbox.camel.yaml not loaded: the file holds no route "
                    + "(it is empty, or still being written)").contains("The previous version keeps running")
                    .doesNotContain("could not be restored");
        }
        bundle.drop("category-items", "while-empty.txt", "1031922\n");
        awaitProcessed("category-items", "while-empty.txt");

        save("category-items-inbox.camel.yaml", good.replace("value: category-items\n      - name: endpoint",
                "value: category-items-written\n      - name: endpoint"));
        await().atMost(WITHIN).until(() -> bundle.context().getRoute("category-items-inbox") != null
                && bundle.context().getRoute("category-items-inbox").getEndpoint().getEndpointUri()
                        .contains("category-items-written"));
    }

    @Test
    void givenTemplatedRouteKeyTypo_whenSaved_thenRefusedNamingTheLineAndThePreviousVersionKeepsRunning()
            throws Exception {
        restartWithRelativeRoutesFolder();
        String typo = shipped("category-items-inbox.camel.yaml").replace("routeTemplateRef:", "routeTemplatRef:");
        try (CapturedLog log = CapturedLog.info()) {
            save("category-items-inbox.camel.yaml", typo);

            await().atMost(WITHIN).until(() -> log.text().contains("category-items-inbox.camel.yaml not loaded"));
            int line = typo.substring(0, typo.indexOf("routeTemplatRef")).split("\n").length;
            assertThat(log.text()).contains("category-items-inbox.camel.yaml not loaded, line " + line
                    + ": Unsupported field: routeTemplatRef").contains("The previous version keeps running")
                    .doesNotContain("could not be restored");
        }
        assertThat(bundle.context().getRouteController().getRouteStatus("category-items-inbox"))
                .isEqualTo(ServiceStatus.Started);
        bundle.drop("category-items", "after-typo.txt", "1031922\n");
        awaitProcessed("category-items", "after-typo.txt");
    }

    @Test
    void givenTemplateFileDeleted_whenItsFlowsGetFiles_thenTheyStillRunAndAnEditNeedingItIsRefused() throws Exception {
        Files.delete(routesDir.resolve("inbox-flow.camel.yaml"));
        try (CapturedLog log = CapturedLog.info()) {
            save("category-items-inbox.camel.yaml", shipped("category-items-inbox.camel.yaml")
                    .replace("value: category-items\n      - name: endpoint",
                            "value: elsewhere\n      - name: endpoint"));

            await().atMost(WITHIN).until(() -> log.text().contains("category-items-inbox.camel.yaml not loaded"));
            assertThat(log.text()).contains("route template inbox-flow is not defined by any route file")
                    .contains("The previous version keeps running");
        }
        bundle.drop("category-items", "no-template.txt", "1031922\n");
        awaitProcessed("category-items", "no-template.txt");
        assertThat(bundle.context().getRoute("shop-items-inbox")).as("other inbox flows run on").isNotNull();
    }

    @Test
    void givenSaveThatFailsAndAPreviousVersionThatCannotStartAgain_whenSaved_thenTheLogAndHealthSayItStopped()
            throws Exception {
        Path watched = Files.createDirectories(dataDir.resolve("watched"));
        String good = """
                # folder-watch: logs the files put into a folder that must exist.
                - route:
                    id: folder-watch
                    from:
                      uri: "file:%s?startingDirectoryMustExist=true&autoCreate=false&noop=true"
                      steps:
                        - log: "${file:name}"
                """.formatted(watched);
        save("folder-watch.camel.yaml", good);
        await().atMost(WITHIN).until(() -> bundle.context().getRoute("folder-watch") != null);
        Files.delete(watched);
        try (CapturedLog log = CapturedLog.info()) {
            save("folder-watch.camel.yaml", good.replace("- log: \"${file:name}\"", "- to: outbx:nowhere"));

            await().atMost(WITHIN).until(() -> log.text().contains("STOPPED"));
            assertThat(log.text()).contains("folder-watch.camel.yaml not loaded, line ")
                    .contains("The previous version could not be started again either (Starting directory does not "
                            + "exist: " + watched + "): folder-watch STOPPED").doesNotContain("keeps running");
        }
        assertThat(bundle.context().getRouteController().getRouteStatus("folder-watch"))
                .isNotEqualTo(ServiceStatus.Started);
        java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + bundle.managementPort()
                        + "/observe/health?exposureLevel=full")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("route-files")
                .contains("flows stopped by a route file that could not be loaded: folder-watch");
    }

    @Test
    void givenTemplateSavedWithoutAParameterItsFlowsPass_whenSaved_thenRefusedNamingAFlowAndItsLine() throws Exception {
        String renamed = shipped("inbox-flow.camel.yaml").replace("- name: endpoint\n", "- name: target\n")
                .replace("{{endpoint}}", "{{target}}");
        try (CapturedLog log = CapturedLog.info()) {
            save("inbox-flow.camel.yaml", renamed);

            await().atMost(WITHIN).until(() -> log.text().contains("inbox-flow.camel.yaml not loaded"));
            assertThat(log.text()).contains("inbox-flow.camel.yaml not loaded: a flow made from its route template "
                    + "would no longer be valid: ").containsPattern("-inbox\\.camel\\.yaml line \\d+: parameter "
                    + "target is required by route template inbox-flow and not given")
                    .contains("The previous version keeps running");
        }
        bundle.drop("category-items", "template-kept.txt", "1031922\n");
        awaitProcessed("category-items", "template-kept.txt");
    }
}
