package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved configuration file changes the values route files read through their keys: a value that cannot work is
 * named by its key, with the route file's line, and the routes that read it keep their previous version.
 */
class ConfigurationSaveTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final String HOURLY = UserRoutes.hourly(RunningBundle.FAR_AWAY_CRON);

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;
    @TempDir
    Path configDir;

    private static int lineOf(String content, String text) {
        return content.substring(0, content.indexOf(text)).split("\n", -1).length;
    }

    @Test
    void givenZoneFromAKey_whenTheConfigurationIsSavedWithAMisspeltZone_thenTheKeyIsNamedAndTheTriggerStays()
            throws Exception {
        Path config = configDir.resolve("application.properties");
        String settings = Files.readString(Path.of("config/application.properties"))
                + "\n# the zone of the hourly report\nhourly.time-zone = Asia/Shanghai\n";
        Files.writeString(config, settings);
        String route = HOURLY.replace("trigger.timeZone: Asia/Shanghai", "trigger.timeZone: \"{{hourly.time-zone}}\"");
        RunningBundle.copyShippedRoutes(routesDir);
        RunningBundle.save(routesDir, "hourly-report.camel.yaml", route);
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, routesDir, config, Map.of())) {
            bundle.awaitCron("hourly-report", RunningBundle.FAR_AWAY_CRON);

            RunningBundle.save(config, settings.replace("hourly.time-zone = Asia/Shanghai",
                    "hourly.time-zone = Asia/Shangai"));

            await().atMost(WITHIN).until(() -> log.text().contains("route files reloaded"));
            assertThat(log.text()).contains("hourly-report.camel.yaml not reloaded after Configuration ")
                    .contains("line " + lineOf(route, "{{hourly.time-zone}}") + ": hourly.time-zone = Asia/Shangai is "
                            + "not a known time zone (e.g. Asia/Shanghai, UTC). The previous version keeps running");
            bundle.awaitCron("hourly-report", RunningBundle.FAR_AWAY_CRON);
        }
    }
    @Test
    void givenARunningProgram_whenTheConfigurationIsSavedWithAValueThatCannotWork_thenNothingOfThatSaveApplies()
            throws Exception {
        Path config = configDir.resolve("application.properties");
        String settings = Files.readString(Path.of("config/application.properties"))
                + "\n# the schedule of the hourly report\nhourly.cron = " + RunningBundle.FAR_AWAY_CRON + "\n";
        Files.writeString(config, settings);
        String route = HOURLY.replace("cron: \"" + RunningBundle.FAR_AWAY_CRON + "\"", "cron: \"{{hourly.cron}}\"");
        RunningBundle.copyShippedRoutes(routesDir);
        RunningBundle.save(routesDir, "hourly-report.camel.yaml", route);
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, routesDir, config, Map.of())) {
            bundle.awaitCron("hourly-report", RunningBundle.FAR_AWAY_CRON);

            RunningBundle.save(config, settings.replace("hourly.cron = " + RunningBundle.FAR_AWAY_CRON,
                    "hourly.cron = 0 0 9 * * ?").replace("tmapi.retry.500.max-retries = 2",
                    "tmapi.retry.500.max-retries = three"));

            await().atMost(WITHIN).until(() -> log.text().contains("not applied"));
            assertThat(log.text()).contains("not applied: tmapi.retry.500.max-retries = three is not allowed: it"
                    + " takes a whole number from 0 to 100; the previous settings stay in force");
            assertThat(bundle.context().getPropertiesComponent().resolveProperty("hourly.cron"))
                    .as("nothing of that save applies").contains(RunningBundle.FAR_AWAY_CRON);
            bundle.awaitCron("hourly-report", RunningBundle.FAR_AWAY_CRON);
        }
    }

    @Test
    void givenARunningProgram_whenTheConfigurationIsSavedWithABrokenEscape_thenTheLineIsNamedAndNothingApplies()
            throws Exception {
        Path config = configDir.resolve("application.properties");
        String settings = Files.readString(Path.of("config/application.properties"));
        Files.writeString(config, settings);
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), config, Map.of())) {
            RunningBundle.save(config, settings.replace("tmapi.retry.500.max-retries = 2",
                    "tmapi.retry.500.max-retries = 5\nreport.to = C:\\users\\buyer"));

            await().atMost(WITHIN).until(() -> log.text().contains("not applied"));
            assertThat(log.text()).contains("not applied: " + config + " line ")
                    .contains(" cannot be read: \"report.to = C:\\users\\buyer\" holds \\u without four hex digits");
            assertThat(bundle.context().getPropertiesComponent().resolveProperty("tmapi.retry.500.max-retries"))
                    .as("nothing of that save applies").contains("2");
        }
    }
}
