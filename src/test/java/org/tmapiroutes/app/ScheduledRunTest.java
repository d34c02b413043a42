package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.delivery.DeliveryHandover;
import org.tmapiroutes.job.JobRuns;
import org.tmapiroutes.tmapi.QueryFetch;

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

    /** The subjects of the reports mailed (not the alerts). */
    private static List<String> reports(GreenMail smtp) throws Exception {
        List<String> subjects = new java.util.ArrayList<>();
        for (var mail : smtp.getReceivedMessages()) {
            if (!mail.getSubject().contains("ALERT")) {
                subjects.add(mail.getSubject());
            }
        }
        return subjects;
    }

    private static long alerts(GreenMail smtp) throws Exception {
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(mail -> {
            try {
                return mail.getSubject().contains("ALERT");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).count();
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
    void givenAReportHalfFetchedWhenA439Comes_whenPaused_thenItsFlowIsSuspendedAndTheRunGoesOnAfterwardsMailedOnce()
            throws Exception {
        smtp = RunningBundle.startSmtp(RunningBundle.freePort());
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            simulator.setLatency(Duration.ofMillis(300));
            Map<String, String> settings = settings();
            settings.put("tmapi.pause-minutes", "10");
            try (CapturedLog log = CapturedLog.info(); RunningBundle bundle = RunningBundle.start(dataDir,
                    Path.of("routes"), Path.of("config", "application.properties"), settings, simulator)) {
                bundle.fire("category-email-report");
                await().atMost(RunningBundle.PATIENCE).until(() -> simulator.requestCount() >= 1);
                simulator.failAlways(null, Fault.jsonCode(439));

                // the run leaves at the pause with its pages recorded: its flow is suspended, nothing is mailed
                await().atMost(RunningBundle.PATIENCE).until(() -> bundle.context().getRouteController()
                        .getRouteStatus("category-email-report") == ServiceStatus.Suspended);
                assertThat(log.text()).contains("waits for the TMAPI pause (439) to end after");
                // the pause's alert only: no report made of part of the products
                await().atMost(RunningBundle.PATIENCE).until(() -> reports(smtp).size() + alerts(smtp) == 1);
                assertThat(alerts(smtp)).isEqualTo(1);

                simulator.clearFaults();
                Files.writeString(dataDir.resolve("resume"), "");

                await().atMost(RunningBundle.PATIENCE).until(() -> reports(smtp).size() == 1);
                assertThat(log.text()).contains("its run interrupted by the TMAPI pause goes on");
            }
            assertThat(simulator.requests().stream().filter(r -> r.fault() == null).map(r -> r.parameter("page")))
                    .as("each page bought once").containsExactlyInAnyOrder("1", "2", "3");
            assertThat(reports(smtp)).hasSize(1).first().asString()
                    .as("the whole category, 20 + 20 + 5 items on its three pages").contains(": 45 items,");
        }
    }

    @Test
    void givenARunWhoseDetailsAreHalfBoughtWhenA439Comes_whenItsLastStepWouldDeliver_thenNothingGoesOutUntilItHasEnded()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of("tmapi.pause-minutes", "10"), simulator)) {
            simulator.setLatency(Duration.ofMillis(50));
            List<Integer> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
            bundle.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("quartz:tmapi-reports/detailed-run?cron=" + RunningBundle.FAR_AWAY_CRON.replace(' ', '+'))
                            .routeId("detailed-run")
                            .to("kamelet:tmapi-category-items-action?catId=1031922&maxItems=20")
                            .to("kamelet:items-details-action")
                            // as a report's mail or a push's upload hands its run over before it is queued
                            .filter(DeliveryHandover::of)
                                .process(exchange -> delivered.add(exchange.getMessage().getBody(List.class).size()));
                }
            });
            await().atMost(RunningBundle.PATIENCE).until(() -> ScheduledFlows.ready(bundle.context(), "detailed-run"));
            bundle.fire("detailed-run");
            await().atMost(RunningBundle.PATIENCE).until(() -> simulator.requestCount("item-detail") >= 3);

            simulator.failAlways(null, Fault.jsonCode(439));
            await().atMost(RunningBundle.PATIENCE).until(() -> log.text().contains("waits for the TMAPI pause (439)"));
            assertThat(delivered).as("no run delivered with part of its details").isEmpty();

            simulator.clearFaults();
            Files.writeString(dataDir.resolve("resume"), "");
            await().atMost(RunningBundle.PATIENCE).until(() -> delivered.size() == 1);
            assertThat(delivered).containsExactly(20);
            assertThat(simulator.requests()).filteredOn(r -> "item-detail".equals(r.endpointId()) && r.fault() == null)
                    .extracting(r -> r.parameter("item_id")).as("each detail bought once").hasSize(20)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void givenAScheduledRunAndAFetchOutsideAnyJob_whenTheirStepsRun_thenTheirExchangesNameTheJobByIdAloneAndNothingIsKeptAfter()
            throws Exception {
        Map<String, Map<String, Object>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        try (RunningBundle bundle = RunningBundle.start(dataDir)) {
            bundle.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // a user's scheduled flow: its run is a stored job
                    from("quartz:plain-values?cron=0/1+*+*+*+*+?").routeId("plain-values")
                            .setBody(constant("https://xldjjg.1688.com/"))
                            .bean("catalogPush", "queries(${body}, '1')")
                            .to("direct:tmapi-fetch-action")
                            .process(exchange -> seen.putIfAbsent("scheduled", tmapiProperties(exchange)));
                    // routes no schedule starts: fetches for their callers alone
                    from("direct:plain-values-by-hand").routeId("plain-values-by-hand")
                            .setBody(constant("https://xldjjg.1688.com/"))
                            .bean("catalogPush", "queries(${body}, '1')")
                            .to("direct:tmapi-fetch-action")
                            .process(exchange -> seen.put("by hand", tmapiProperties(exchange)));
                    from("direct:plain-values-one-query").routeId("plain-values-one-query")
                            .to("kamelet:tmapi-category-items-action?catId=1031922&maxPages=1")
                            .process(exchange -> seen.put("one query", tmapiProperties(exchange)));
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.containsKey("scheduled"));
            bundle.context().getRouteController().stopRoute("plain-values");
            bundle.context().createProducerTemplate().requestBody("direct:plain-values-by-hand", (Object) null);
            bundle.context().createProducerTemplate().requestBody("direct:plain-values-one-query", (Object) null);

            assertThat(seen).containsOnlyKeys("scheduled", "by hand", "one query").allSatisfy((how, properties) ->
                    properties.forEach((name, value) -> {
                        if (value instanceof QueryFetch fetch) {
                            assertThat(fetch.ended()).as(how + ": what the query's pages were for").isNull();
                        } else {
                            assertThat(value).as(how + ": " + name)
                                    .isInstanceOfAny(String.class, Number.class, Boolean.class);
                        }
                    }));
            assertThat(seen.get("scheduled").get(JobRuns.JOB_ID)).as("a stored run, by its id")
                    .matches(id -> (Long) id > 0);
            assertThat(seen.get("by hand").get(JobRuns.JOB_ID)).as("a fetch for its caller alone, never stored")
                    .matches(id -> (Long) id < 0);
            assertThat(seen.get("one query")).as("a query that ended leaves what was asked, for a report, and"
                    + " nothing of a job").containsOnlyKeys(QueryFetch.PROPERTY);
            JobRuns runs = bundle.context().getRegistry().lookupByNameAndType("jobRuns", JobRuns.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 0);
        }
    }

    /** The product's own exchange properties (Camel's and Micrometer's aside). */
    private static Map<String, Object> tmapiProperties(org.apache.camel.Exchange exchange) {
        Map<String, Object> properties = new HashMap<>(exchange.getProperties());
        properties.keySet().removeIf(name -> !name.startsWith("tmapi"));
        return properties;
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
