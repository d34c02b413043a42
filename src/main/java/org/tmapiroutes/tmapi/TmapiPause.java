package org.tmapiroutes.tmapi;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a 439 ("subscription expired or insufficient balance") does to the whole program: the flows that call TMAPI
 * stop taking new work (their routes are suspended, inbox files stay where they are), requests already under way
 * wait at the {@link TmapiLimiter}, and everything resumes after {@code tmapi.pause-minutes} through one probe
 * request, or at once when an operator creates {@code data/resume}. A 439 seen by another instance sharing the state
 * store pauses this one too, and the end of the pause there ends it here.
 *
 * <p>As the context's {@link RoutePolicyFactory} it gives each flow that opts in to {@code tmapi-errors} (and is not
 * called by other routes) a {@link TmapiPausePolicy}, which suspends and resumes it through Camel's route controller.
 * As a {@link Processor} it is the {@code onExceptionOccurredRef} of the 439 clause: the first 439 of a pause hands a
 * copy of the failed exchange to the {@code tmapi-error-439} route, which raises the alert.
 */
public final class TmapiPause implements Processor, RoutePolicyFactory {

    /** The routes that call TMAPI opt in to this route configuration; their consumers are the ones suspended. */
    public static final String TMAPI_ERRORS = "tmapi-errors";

    private static final Logger LOG = LoggerFactory.getLogger(TmapiPause.class);
    /** How long after a pause window the jobs it interrupted have to send the probe before the flows take work. */
    private static final Duration JOBS_FIRST = Duration.ofSeconds(10);

    private final CamelContext context;
    private final TmapiLimiter limiter;
    private final Duration window;
    /** The policies of the flows a pause holds, one per route as Camel made it. */
    private final Set<TmapiPausePolicy> flows = ConcurrentHashMap.newKeySet();
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
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        if (route instanceof RouteDefinition definition && usesTmapiErrors(definition)
                && !isCalledByOthers(definition)) {
            return new TmapiPausePolicy(this);
        }
        return null;
    }

    void add(TmapiPausePolicy flow) {
        flows.add(flow);
    }

    void remove(TmapiPausePolicy flow) {
        flows.remove(flow);
    }

    @Override
    public void process(Exchange exchange) {
        holdFlows();
        QueryFetch fetch = QueryFetch.find(exchange);
        if (fetch != null && fetch.takePauseStarted()) {
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

    /** Holds every flow that opts in to {@code tmapi-errors}; routes called by others go on. */
    public void holdFlows() {
        if (!keepWaiting()) {
            return;
        }
        for (TmapiPausePolicy flow : flows) {
            try {
                if (flow.hold()) {
                    LOG.info("TMAPI calls paused: route {} takes no new work until {}", flow.routeId(),
                            limiter.pausedUntil());
                }
            } catch (Exception e) {
                LOG.warn("Route {} could not be suspended during the TMAPI pause: {}", flow.routeId(), e.getMessage());
            }
        }
    }

    /** Operator action (the file {@code data/resume}, or a management call): ends the pause at once. */
    public void resume() {
        boolean wasPaused = limiter.isPaused();
        limiter.resume();
        releaseFlows();
        if (wasPaused) {
            LOG.warn("TMAPI calls resumed by operator action");
        }
    }

    /**
     * Called every second: takes over what the other instances recorded (a pause one of them began holds the flows
     * here too, without a second alert; its end releases them); once the pause window is over, the flows take work
     * again, so that the first request goes out as the probe; once a probe succeeded, they are running again anyway.
     * A flow made or started during the pause is held here too.
     */
    public void checkWindow() {
        limiter.sync();
        if (!letsWorkIn() || jobsLeftGoFirst()) {
            holdFlows();
        } else {
            releaseFlows();
        }
    }

    /**
     * Once the window is over, the jobs this pause interrupted resume before the flows take new work, so that the probe
     * is one of their requests; after {@link #JOBS_FIRST} without a probe the flows take work anyway.
     */
    private boolean jobsLeftGoFirst() {
        return limiter.isPaused() && limiter.jobsLeftAtPause()
                && Instant.now().isBefore(limiter.pausedUntil().plus(JOBS_FIRST));
    }

    /**
     * Whether jobs may start or resume: no pause, or its window is over (the next request probes). A job that a pause
     * interrupted resumes from its recorded pages once this says so.
     */
    public boolean letsWorkIn() {
        return !limiter.isPaused() || !Instant.now().isBefore(limiter.pausedUntil());
    }

    private void releaseFlows() {
        if (!keepWaiting()) {
            return;
        }
        for (TmapiPausePolicy flow : flows) {
            try {
                if (flow.release()) {
                    LOG.info("Route {} takes work again{}", flow.routeId(),
                            limiter.isPaused() ? " (next TMAPI request probes)" : "");
                }
            } catch (Exception e) {
                LOG.warn("Route {} could not be resumed after the TMAPI pause: {}", flow.routeId(), e.getMessage());
            }
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

    private static boolean isCalledByOthers(RouteDefinition definition) {
        String uri = definition.getInput() == null ? "" : definition.getInput().getEndpointUri();
        return uri == null || uri.startsWith("direct:") || uri.startsWith("kamelet:") || uri.startsWith("seda:");
    }
}
