package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;

/** The 439 pause seen from Camel: the alerts it sends and the routes it holds. */
class TmapiPauseTest {

    private static final Duration WINDOW = Duration.ofMinutes(30);

    /** A context that keeps every producer template made from it. */
    private static final class CountingContext extends DefaultCamelContext {

        final List<ProducerTemplate> templates = new ArrayList<>();

        @Override
        public ProducerTemplate createProducerTemplate() {
            ProducerTemplate template = super.createProducerTemplate();
            templates.add(template);
            return template;
        }
    }

    @Test
    void givenSeveralPauses_whenEachRaisesItsAlert_thenOneProducerSendsThemAllAndStopsWithTheContext()
            throws Exception {
        CountingContext context = new CountingContext();
        List<String> alerts = new ArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:tmapi-error-439").routeId("tmapi-error-439")
                        .process(exchange -> alerts.add(exchange.getExchangeId()));
            }
        });
        context.start();
        TmapiLimiter limiter = new TmapiLimiter(3, 10);
        TmapiPause pause = new TmapiPause(context, limiter, WINDOW);

        for (int i = 0; i < 3; i++) {
            Exchange refused = new DefaultExchange(context);
            QueryFetch fetch = new QueryFetch(new PageCursor(new TmapiQuery(TmapiEndpoint.CATEGORY_ITEMS,
                    java.util.Map.of("cat_id", "1"), 1, null, 0, java.util.Map.of())), null).on(refused);
            fetch.pauseStarted(limiter.failed("439", WINDOW));
            pause.process(refused);
            pause.resume();
        }

        assertThat(alerts).as("one alert per pause").hasSize(3);
        assertThat(context.templates).as("producers made for the alerts").hasSize(1);
        context.stop();
        assertThat(((ServiceSupport) context.templates.get(0)).isStopped()).isTrue();
    }

    @Test
    void givenAnIdleFlowAndOneWhoseJobWaits_whenA439Pauses_thenCamelShowsTheIdleOneSuspendedAndNeitherTakesWork()
            throws Exception {
        TmapiLimiter limiter = new TmapiLimiter(3, 10);
        CountDownLatch jobWaits = new CountDownLatch(1);
        CountDownLatch pauseEnds = new CountDownLatch(1);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            TmapiPause pause = PausingContext.pause(context, limiter, WINDOW);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:idle?period=3600000&delay=3600000").routeId("idle-inbox")
                            .routeConfigurationId(TmapiPause.TMAPI_ERRORS).log("a file taken");
                    from("timer:busy?repeatCount=1").routeId("busy-inbox")
                            .routeConfigurationId(TmapiPause.TMAPI_ERRORS)
                            .process(exchange -> {
                                jobWaits.countDown();
                                pauseEnds.await(30, TimeUnit.SECONDS);
                            });
                    from("direct:called").routeId("called-by-others")
                            .routeConfigurationId(TmapiPause.TMAPI_ERRORS).log("a page");
                }
            });
            context.start();
            assertThat(jobWaits.await(30, TimeUnit.SECONDS)).isTrue();

            limiter.failed("439", WINDOW);
            // as the 439 clause calls it; the alert is another test's
            pause.process(new DefaultExchange(context));

            assertThat(context.getRouteController().getRouteStatus("idle-inbox")).isEqualTo(ServiceStatus.Suspended);
            assertThat(((ServiceSupport) context.getRoute("busy-inbox").getConsumer()).isSuspended())
                    .as("the flow whose job waits takes no new work").isTrue();
            assertThat(context.getRouteController().getRouteStatus("called-by-others"))
                    .isEqualTo(ServiceStatus.Started);

            pause.resume();
            pauseEnds.countDown();

            assertThat(context.getRouteController().getRouteStatus("idle-inbox")).isEqualTo(ServiceStatus.Started);
            await().atMost(Duration.ofSeconds(10)).until(() -> !((ServiceSupport) context.getRoute("busy-inbox")
                    .getConsumer()).isSuspended());
        }
    }

    @Test
    void givenAFlowWhoseJobLeavesAtThePause_whenItsExchangeHasEnded_thenCamelShowsItSuspendedUntilThePauseEnds()
            throws Exception {
        TmapiLimiter limiter = new TmapiLimiter(3, 10);
        CountDownLatch jobRuns = new CountDownLatch(1);
        CountDownLatch jobLeaves = new CountDownLatch(1);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            TmapiPause pause = PausingContext.pause(context, limiter, WINDOW);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:busy?repeatCount=1").routeId("busy-inbox")
                            .routeConfigurationId(TmapiPause.TMAPI_ERRORS)
                            .process(exchange -> {
                                jobRuns.countDown();
                                jobLeaves.await(30, TimeUnit.SECONDS);
                            });
                }
            });
            context.start();
            assertThat(jobRuns.await(30, TimeUnit.SECONDS)).isTrue();
            limiter.failed("439", WINDOW);
            pause.process(new DefaultExchange(context));
            assertThat(((ServiceSupport) context.getRoute("busy-inbox").getConsumer()).isSuspended()).isTrue();

            // its job's queries leave at the pause: the exchange ends, and the next look (every second) suspends it
            jobLeaves.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> context.getInflightRepository().size("busy-inbox") == 0);
            pause.checkWindow();

            assertThat(context.getRouteController().getRouteStatus("busy-inbox")).isEqualTo(ServiceStatus.Suspended);
            assertThat(pause.letsWorkIn()).as("no job resumes while the pause holds").isFalse();
            pause.resume();
            assertThat(context.getRouteController().getRouteStatus("busy-inbox")).isEqualTo(ServiceStatus.Started);
            assertThat(pause.letsWorkIn()).isTrue();
        }
    }
}
