package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/** A scheduled report is a durable job too: a stop in the middle of its fetch resumes, and it is mailed once. */
class ScheduledRunTest {

    /** report.category.max-pages: 45 items at 20 per page, 3 pages. */
    private static final int PAGES = 3;

    @TempDir
    Path dataDir;
    private GreenMail smtp;

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("report.category.enabled", "true");
        settings.put("report.category.cron", RunningBundle.FAR_AWAY_CRON);
        settings.put("report.category.cat-id", "1031922");
        settings.put("report.category.max-pages", String.valueOf(PAGES));
        settings.put("report.from", "reports@example.com");
        settings.put("report.to", "buyer@example.com");
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        settings.put("smtp.starttls", "false");
        settings.put("tmapi.max-concurrency", "1");
        return settings;
    }

    private static List<String> pagesAsked(TmapiSimulator simulator) {
        return simulator.requests().stream().map(r -> r.parameter("page")).toList();
    }

    @Test
    void givenAReportStoppedMidFetch_whenStartedAgain_thenItGoesOnFromItsRecordedPagesAndIsMailedOnce()
            throws Exception {
        smtp = RunningBundle.startSmtp(RunningBundle.freePort());
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            simulator.setLatency(Duration.ofMillis(700));
            RunningBundle first = RunningBundle.start(dataDir, Path.of("routes"),
                    Path.of("config", "application.properties"), settings(), simulator);
            try {
                first.fire("category-email-report");
                await().atMost(RunningBundle.PATIENCE).until(() -> simulator.requestCount() >= 1);
            } finally {
                first.close();
            }
            int beforeRestart = simulator.requestCount();
            assertThat(beforeRestart).as("no new page asked for once stopping").isLessThan(PAGES);
            assertThat(smtp.getReceivedMessages()).as("no mail made of part of the products").isEmpty();
            assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-pending"))).isEmpty();

            simulator.setLatency(Duration.ZERO);
            try (RunningBundle second = RunningBundle.start(dataDir, Path.of("routes"),
                    Path.of("config", "application.properties"), settings(), simulator)) {
                await().atMost(RunningBundle.PATIENCE).until(() -> smtp.getReceivedMessages().length == 1);
            }
            assertThat(pagesAsked(simulator)).as("each page bought once").containsExactly("1", "2", "3");

            // started once more: the run is done, nothing is fetched or mailed again
            try (RunningBundle third = RunningBundle.start(dataDir, Path.of("routes"),
                    Path.of("config", "application.properties"), settings(), simulator)) {
                await().atMost(RunningBundle.PATIENCE).until(() -> third.context().getRoute("category-email-report")
                        != null && ScheduledFlows.ready(third.context(), "category-email-report"));
            }
            assertThat(simulator.requestCount()).isEqualTo(PAGES);
            assertThat(smtp.getReceivedMessages()).hasSize(1);
        }
    }
    @Test
    void givenACronShorterThanItsRun_whenFiresComeWhileTheRunGoesOn_thenTheyAreSkippedAndNoPageIsBoughtTwiceAtOnce(
            @TempDir Path routesDir) throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        // three pages (45 items) at 600 ms each: a run takes well over the second between two fires
        RunningBundle.save(routesDir, "busy-report.camel.yaml", UserRoutes.busyReport("0/1 * * * * ?"));
        try (CapturedLog log = CapturedLog.info(); TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN)
                .start()) {
            simulator.setLatency(Duration.ofMillis(600));
            try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir,
                    Path.of("config", "application.properties"), Map.of(), simulator)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> simulator.requestCount() >= 7);
            }
            assertThat(log.text()).contains("busy-report: this fire is skipped, as its run of ");
            assertThat(simulator.maxInFlight()).as("one run of the flow at a time, its pages one after another")
                    .isEqualTo(1);
            Map<String, Long> byPage = new HashMap<>();
            pagesAsked(simulator).forEach(page -> byPage.merge(page, 1L, Long::sum));
            assertThat(byPage.get("1") - byPage.get("3")).as("each run asks its pages once, in turn: " + byPage).isBetween(0L, 1L);
        }
    }

    @Test
    void givenARunStoppedMidFetch_whenACronFireComesAtTheRestart_thenItResumesThatRunAndNoSecondRunGoesBesideIt(
            @TempDir Path routesDir) throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        RunningBundle.save(routesDir, "busy-report.camel.yaml", UserRoutes.busyReport("0/1 * * * * ?"));
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            simulator.setLatency(Duration.ofMillis(600));
            try (RunningBundle first = RunningBundle.start(dataDir, routesDir,
                    Path.of("config", "application.properties"), Map.of(), simulator)) {
                await().atMost(RunningBundle.PATIENCE).until(() -> simulator.requestCount() >= 1);
            }
            List<String> beforeRestart = pagesAsked(simulator);
            assertThat(beforeRestart).as("stopped before its last page").hasSizeLessThan(PAGES);
            // a request the stopped program left behind is not counted with the restarted one's
            await().atMost(RunningBundle.PATIENCE).until(() -> simulator.inFlight() == 0);
            simulator.resetCounters();
            try (CapturedLog log = CapturedLog.info(); RunningBundle second = RunningBundle.start(dataDir, routesDir,
                    Path.of("config", "application.properties"), Map.of(), simulator)) {
                await().atMost(RunningBundle.PATIENCE).until(() -> log.text().contains("busy-report run of ")
                        && log.text().contains("resumed from its recorded pages")
                        && log.text().lines().anyMatch(l -> l.contains("busy-report run of ") && l.contains(" -> ")));
                String resumed = log.text().lines().filter(l -> l.contains("resumed from its recorded pages"))
                        .findFirst().orElseThrow();
                String run = resumed.substring(resumed.indexOf("busy-report run of "), resumed.indexOf(':',
                        resumed.indexOf("busy-report run of ")));
                assertThat(log.text().lines().filter(l -> l.contains(" -> ")).findFirst().orElseThrow())
                        .as("the first run to end after the restart is the stopped one").contains(run);
            }
            assertThat(simulator.maxInFlight()).as("no second run of the flow beside the resumed one").isEqualTo(1);
        }
    }
}
