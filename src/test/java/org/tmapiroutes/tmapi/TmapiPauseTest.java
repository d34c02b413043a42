package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
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
            refused.setProperty(TmapiPause.STARTED, limiter.failed("439", WINDOW));
            pause.process(refused);
            pause.resume();
        }

        assertThat(alerts).as("one alert per pause").hasSize(3);
        assertThat(context.templates).as("producers made for the alerts").hasSize(1);
        context.stop();
        assertThat(((ServiceSupport) context.templates.get(0)).isStopped()).isTrue();
    }
}
