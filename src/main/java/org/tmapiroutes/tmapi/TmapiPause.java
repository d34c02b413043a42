package org.tmapiroutes.tmapi;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a 439 ("subscription expired or insufficient balance") does to the whole program: the flows that call TMAPI
 * stop taking new work (their consumers are suspended, inbox files stay where they are), requests already under way
 * wait at the {@link TmapiLimiter}, and everything resumes after {@code tmapi.pause-minutes} through one probe
 * request, or at once when an operator creates {@code data/resume}. A 439 seen by another instance sharing the state
 * store pauses this one too, and the end of the pause there ends it here.
 *
 * <p>As a {@link Processor} it is the {@code onExceptionOccurredRef} of the 439 clause: the first 439 of a pause hands
 * a copy of the failed exchange to the {@code tmapi-error-439} route, which raises the alert.
 */
public final class TmapiPause implements Processor {

    /** Exchange property set by the page reader: whether this 439 started a new pause. */
    public static final String STARTED = "tmapiPauseStarted";
    /** The routes that call TMAPI opt in to this route configuration; their consumers are the ones suspended. */
    public static final String TMAPI_ERRORS = "tmapi-errors";

    private static final Logger LOG = LoggerFactory.getLogger(TmapiPause.class);

    private final CamelContext context;
    private final TmapiLimiter limiter;
    private final Duration window;
    private final Set<String> suspended = ConcurrentHashMap.newKeySet();
    /** Sends the alerts: made at the first one, stopped with the context. */
    private ProducerTemplate alerts;

    public TmapiPause(CamelContext context, TmapiLimiter limiter, Duration window) {
        this.context = context;
        this.limiter = limiter;
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    @Override
    public void process(Exchange exchange) {
        suspendFlows();
        if (Boolean.TRUE.equals(exchange.getProperty(STARTED, Boolean.class))) {
            exchange.removeProperty(STARTED);
            Exchange alert = exchange.copy();
            // the alert route reads the failure from the caught-exception property; it does not fail itself
            alert.setException(null);
            alerts().send("direct:tmapi-error-439", alert);
        }
    }

    private synchronized ProducerTemplate alerts() {
        if (alerts == null) {
            ProducerTemplate template = context.createProducerTemplate();
            try {
                context.addService(template, true);
            } catch (Exception e) {
                throw new IllegalStateException("the alerts' producer could not be registered with Camel", e);
            }
            alerts = template;
        }
        return alerts;
    }

    /** The 439 clause retries (after the pause) for as long as the program runs. */
    public boolean keepWaiting() {
        return context.isStarted() && !context.isStopping();
    }

    /** Suspends the consumers of every flow that opts in to {@code tmapi-errors}; routes called by others go on. */
    public void suspendFlows() {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition definition : model.getRouteDefinitions()) {
            Route route = context.getRoute(definition.getRouteId());
            if (route == null || !usesTmapiErrors(definition) || isCalledByOthers(route)) {
                continue;
            }
            Consumer consumer = route.getConsumer();
            if (suspended.add(route.getRouteId())) {
                ServiceHelper.suspendService(consumer);
                LOG.info("TMAPI calls paused: route {} takes no new work until {}", route.getRouteId(),
                        limiter.pausedUntil());
            }
        }
    }

    /** Operator action (the file {@code data/resume}, or a management call): ends the pause at once. */
    public void resume() {
        boolean wasPaused = limiter.isPaused();
        limiter.resume();
        resumeFlows();
        if (wasPaused) {
            LOG.warn("TMAPI calls resumed by operator action");
        }
    }

    /**
     * Called every second: takes over what the other instances recorded (a pause one of them began suspends the flows
     * here too, without a second alert; its end resumes them); once the pause window is over, the flows take work
     * again, so that the first request goes out as the probe; once a probe succeeded, they are running again anyway.
     */
    public void checkWindow() {
        limiter.sync();
        if (limiter.isPaused() && Instant.now().isBefore(limiter.pausedUntil())) {
            suspendFlows();
        } else if (!suspended.isEmpty()) {
            resumeFlows();
        }
    }

    private void resumeFlows() {
        for (String routeId : Set.copyOf(suspended)) {
            Route route = context.getRoute(routeId);
            if (route != null) {
                ServiceHelper.resumeService(route.getConsumer());
            }
            suspended.remove(routeId);
            LOG.info("Route {} takes work again{}", routeId, limiter.isPaused() ? " (next TMAPI request probes)" : "");
        }
    }

    private static boolean usesTmapiErrors(RouteDefinition definition) {
        String ids = definition.getRouteConfigurationId();
        if (ids == null) {
            return false;
        }
        for (String id : ids.split(",")) {
            if (id.strip().equals(TMAPI_ERRORS)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCalledByOthers(Route route) {
        String scheme = route.getEndpoint().getEndpointUri();
        return scheme.startsWith("direct:") || scheme.startsWith("kamelet:") || scheme.startsWith("seda:");
    }
}
