package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;

/** Editing the error policy while the program runs changes how the next failure is handled. */
class ErrorPolicyReloadTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;

    @Test
    void givenRetriesFor500RemovedFromTheRouteConfiguration_whenSaved_thenTheNext500IsNotRetried() throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of())) {
            bundle.simulator.failAlways("category-items", "9", Fault.httpStatus(500));
            bundle.drop("category-items", "before.txt", "9\n");
            bundle.awaitArchived("category-items", "before.txt");
            assertThat(bundle.simulator.requestCount()).as("1 + 2 retries").isEqualTo(3);

            String policy = Files.readString(routesDir.resolve("tmapi-errors.camel.yaml"));
            Path temp = dataDir.resolve("tmapi-errors.camel.yaml");
            Files.writeString(temp, policy.replace("maximumRedeliveries: \"{{tmapi.retry.500.max-retries}}\"",
                    "maximumRedeliveries: 0"));
            Files.move(temp, routesDir.resolve("tmapi-errors.camel.yaml"), StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("tmapi-pages.camel.yaml reloaded to apply"));

            bundle.simulator.resetCounters();
            bundle.drop("category-items", "after.txt", "9\n");
            bundle.awaitArchived("category-items", "after.txt");
            assertThat(bundle.simulator.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void givenRetryKeyChangedInTheConfigurationFile_whenSaved_thenTheNextFailureUsesIt() throws Exception {
        Path config = routesDir.getParent().resolve("config-" + System.nanoTime() + "/application.properties");
        Files.createDirectories(config.getParent());
        Files.copy(Path.of("config/application.properties"), config);
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), config, Map.of())) {
            bundle.simulator.failAlways("category-items", "9", Fault.jsonCode(417));
            bundle.drop("category-items", "before.txt", "9\n");
            bundle.awaitArchived("category-items", "before.txt");
            assertThat(bundle.simulator.requestCount()).as("1 + 3 retries").isEqualTo(4);

            RunningBundle.save(config, Files.readString(config).replace("tmapi.retry.417.max-retries = 3",
                    "tmapi.retry.417.max-retries = 1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("route files reloaded"));

            bundle.simulator.resetCounters();
            bundle.drop("category-items", "after.txt", "9\n");
            bundle.awaitArchived("category-items", "after.txt");
            assertThat(bundle.simulator.requestCount()).as("1 + 1 retry").isEqualTo(2);
        }
    }
}
