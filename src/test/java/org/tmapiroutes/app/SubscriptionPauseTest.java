package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.RouteController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.tmapi.TmapiLimiter;

/** 439: every TMAPI-calling flow pauses, one probe per pause window, one alert, and data/resume resumes at once. */
class SubscriptionPauseTest {

    private static final long WINDOW_MS = 1200;
    /** Inbox flows with no job of their own under way during the pause. */
    private static final List<String> IDLE_FLOWS = List.of("shop-items-inbox", "keyword-search-inbox",
            "image-search-inbox");

    @TempDir
    Path dataDir;

    @Test
    void givenSubscriptionExpired_whenJobsQueued_thenOneRequestPerWindowOneAlertAndResumeOnOperatorAction()
            throws Exception {
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Map.of("tmapi.pause-minutes", String.valueOf(WINDOW_MS / 60_000.0), "tmapi.max-concurrency", "1"))) {
            bundle.simulator.failAlways(null, Fault.jsonCode(439));

            bundle.drop("category-items", "queued.txt", "11\n22\n33\n44\n");
            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.simulator.requestCount() >= 1);
            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.context().getRoute("shop-items-inbox")
                    .getConsumer() instanceof org.apache.camel.Suspendable s && isSuspended(bundle));
            bundle.drop("shop-items", "waiting.txt", "https://xldjjg.1688.com/\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> bundle.simulator.requestCount() >= 4);

            List<RecordedRequest> requests = bundle.simulator.requests();
            for (int i = 1; i < requests.size(); i++) {
                long gap = Duration.between(requests.get(i - 1).start(), requests.get(i).start()).toMillis();
                assertThat(gap).as("request %d came a whole pause window after the one before", i)
                        .isGreaterThanOrEqualTo(WINDOW_MS - 50);
            }
            assertThat(requests).allSatisfy(r -> assertThat(r.endpointId()).isEqualTo("category-items"));
            assertThat(bundle.inbox("shop-items").resolve("waiting.txt")).as("untouched in the inbox").exists();
            assertThat(bundle.inbox("category-items").resolve(".processing/queued.txt")).as("its job is parked").exists();
            assertThat(log.text().lines().filter(l -> l.contains("ALERT: TMAPI subscription expired"))).hasSize(1);

            bundle.simulator.clearFaults();
            Files.writeString(dataDir.resolve("resume"), "");

            assertThat(bundle.awaitArchived("category-items", "queued.txt").getParent().getFileName()).hasToString(".done");
            assertThat(bundle.awaitArchived("shop-items", "waiting.txt").getParent().getFileName()).hasToString(".done");
            assertThat(Files.readAllLines(bundle.outboxFiles("category-items").get(0))).hasSize(1 + 4 * 45);
            assertThat(RunningBundle.list(dataDir.resolve("state"))).anyMatch(p -> p.getFileName().toString().startsWith("resume-"));
            assertThat(dataDir.resolve("resume")).doesNotExist();
        }
    }

    @Test
    void givenRequestsInFlightWhenA439Comes_whenTheyComeBack_thenOnePauseOneAlertAndNoFileIsTaken() throws Exception {
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Map.of("tmapi.pause-minutes", "10", "tmapi.max-concurrency", "3"))) {
            TmapiLimiter limiter = bundle.context().getRegistry().lookupByNameAndType("tmapiLimiter", TmapiLimiter.class);
            // answers of varied length, so the first 439 comes while other requests are under way
            bundle.simulator.setLatencyJitter(Duration.ofMillis(100), Duration.ofMillis(1500), 7);
            bundle.simulator.setItemsPerQuery(20);
            StringBuilder thirty = new StringBuilder();
            for (int i = 1; i <= 30; i++) {
                thirty.append(1000 + i).append('\n');
            }
            bundle.drop("category-items", "thirty.txt", thirty.toString());
            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.simulator.requestCount() >= 4);

            bundle.simulator.failAlways(null, Fault.jsonCode(439));
            await().atMost(RunningBundle.PATIENCE).until(limiter::isPaused);
            await().atMost(RunningBundle.PATIENCE).until(() -> limiter.inFlight() == 0);
            bundle.drop("shop-items", "later.txt", "https://xldjjg.1688.com/\n");
            int made = bundle.simulator.requestCount();

            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> bundle.simulator.requestCount() == made && limiter.isPaused());
            long refused = bundle.simulator.requests().stream().filter(r -> Integer.valueOf(439).equals(r.jsonCode()))
                    .count();
            assertThat(refused).as("only the requests already under way answer 439").isBetween(1L, 3L);
            assertThat(log.text().lines().filter(l -> l.contains("ALERT: TMAPI subscription expired"))).hasSize(1);
            assertThat(bundle.inbox("shop-items").resolve("later.txt")).as("no file is taken while paused").exists();
        }
    }

    @Test
    void givenA439_whenThePauseHoldsTheFlows_thenCamelReportsThemSuspendedUntilTheOperatorResumes() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                Map.of("tmapi.pause-minutes", "10", "tmapi.max-concurrency", "1"))) {
            RouteController routes = bundle.context().getRouteController();
            bundle.simulator.failAlways(null, Fault.jsonCode(439));

            bundle.drop("category-items", "refused.txt", "11\n");
            // what JMX, the dev console and Camel's route health read: the flows waiting for no job of their own
            awaitStatus(routes, IDLE_FLOWS, ServiceStatus.Suspended);

            bundle.simulator.clearFaults();
            Files.writeString(dataDir.resolve("resume"), "");

            awaitStatus(routes, IDLE_FLOWS, ServiceStatus.Started);
            assertThat(bundle.awaitArchived("category-items", "refused.txt").getParent().getFileName())
                    .hasToString(".done");
            bundle.drop("shop-items", "after.txt", "https://xldjjg.1688.com/\n");
            assertThat(bundle.awaitArchived("shop-items", "after.txt").getParent().getFileName()).hasToString(".done");
        }
    }

    @Test
    void givenAJobHalfWayWhenA439Comes_whenPaused_thenItsFlowIsSuspendedAndTheJobResumesAfterwardsBuyingNoPageTwice()
            throws Exception {
        try (CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Map.of("tmapi.pause-minutes", "10", "tmapi.max-concurrency", "1"))) {
            RouteController routes = bundle.context().getRouteController();
            bundle.simulator.setLatency(Duration.ofMillis(100));
            bundle.drop("category-items", "halfway.txt", "11\n22\n33\n44\n");
            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.simulator.requestCount() >= 3);

            bundle.simulator.failAlways(null, Fault.jsonCode(439));
            // the job leaves at the pause (its pages recorded), so its flow is suspended like the idle ones
            await().atMost(RunningBundle.PATIENCE)
                    .until(() -> routes.getRouteStatus("category-items-inbox") == ServiceStatus.Suspended);
            assertThat(bundle.inbox("category-items").resolve(".processing/halfway.txt")).exists();
            assertThat(log.text()).contains("waits for the TMAPI pause (439) to end after");
            int refusedSoFar = bundle.simulator.requestCount();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> bundle.simulator.requestCount() == refusedSoFar);

            bundle.simulator.clearFaults();
            Files.writeString(dataDir.resolve("resume"), "");

            assertThat(bundle.awaitArchived("category-items", "halfway.txt").getParent().getFileName())
                    .hasToString(".done");
            assertThat(routes.getRouteStatus("category-items-inbox")).isEqualTo(ServiceStatus.Started);
            assertThat(Files.readAllLines(bundle.outboxFiles("category-items").get(0))).hasSize(1 + 4 * 45);
            List<String> bought = bundle.simulator.requests().stream().filter(r -> r.fault() == null).map(r -> r.parameter("cat_id") + "/" + r.parameter("page")).toList();
            assertThat(bought).as("each page bought once").doesNotHaveDuplicates().hasSize(4 * 3);
        }
    }

    private static void awaitStatus(RouteController routes, List<String> ids, ServiceStatus status) {
        for (String id : ids) {
            await().atMost(RunningBundle.PATIENCE).until(() -> routes.getRouteStatus(id) == status);
        }
    }

    private static boolean isSuspended(RunningBundle bundle) {
        return ((org.apache.camel.support.service.ServiceSupport) bundle.context().getRoute("shop-items-inbox")
                .getConsumer()).isSuspended();
    }

    @Test
    void givenSubscriptionRenewed_whenThePauseWindowEnds_thenTheProbeSucceedsAndWorkResumesByItself() {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                Map.of("tmapi.pause-minutes", String.valueOf(WINDOW_MS / 60_000.0)))) {
            bundle.simulator.failNext(null, Fault.httpStatus(439), 1);

            bundle.drop("image-search", "pics.txt", "https://cbu01.alicdn.com/1.jpg\nhttps://cbu01.alicdn.com/2.jpg\n");

            assertThat(bundle.awaitArchived("image-search", "pics.txt").getParent().getFileName()).hasToString(".done");
            assertThat(bundle.simulator.requestCount()).as("1 refused + 2 queries × 3 pages").isEqualTo(7);
        }
    }
}
