package org.tmapiroutes.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.job.JobRunner;
import org.tmapiroutes.store.Instances;
import org.tmapiroutes.store.StateStoreException;

/**
 * Makes every run of a scheduled flow (a route a Quartz cron starts, shipped or the user's own) a durable job: each
 * run is recorded as it begins and its pages as they are fetched; a run a stop interrupted is fired again at the next
 * start and reads its recorded pages back instead of buying them again; a run is handed to delivery at most once.
 */
public final class ScheduledRuns implements RoutePolicyFactory {

    /** The job data entry of a fire that resumes an interrupted run: the run's job id. */
    static final String RESUME = "tmapiResumeRun";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);
    /** How long a flow's route may take to be ready for its interrupted run to be fired again. */
    private static final Duration READY = Duration.ofSeconds(60);

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        if (!(route instanceof RouteDefinition definition) || definition.getInput() == null
                || !definition.getInput().getEndpointUri().startsWith("quartz:")) {
            return null;
        }
        return new RoutePolicySupport() {
            @Override
            public void onStart(Route route) {
                // not a run: the flow's schedule, which a run needs in the time zone the flow asks for
                ScheduledFlows.keepTimeZone(route);
            }

            @Override
            public void onExchangeBegin(Route route, Exchange exchange) {
                jobs(context).beginRun(exchange, resumed(exchange));
            }

            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                jobs(context).endRun(exchange);
            }
        };
    }

    /** At start: every run a stop interrupted is fired again through its flow's Quartz job, once the flow is ready. */
    static void resume(CamelContext context) {
        Map<Long, String> runs = jobs(context).runsToResume();
        if (runs.isEmpty()) {
            return;
        }
        Thread resumer = new Thread(() -> runs.forEach((id, flow) -> {
            Instant until = Instant.now().plus(READY);
            while (!ScheduledFlows.ready(context, flow) && Instant.now().isBefore(until) && context.isStarted()) {
                if (context.getRoute(flow) == null) {
                    break;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (ScheduledFlows.ready(context, flow)) {
                LOG.info("{}: its run interrupted by the last stop goes on", flow);
                ScheduledFlows.fire(context, flow, Map.of(RESUME, id));
            } else if (!context.getRegistry().lookupByNameAndType("instances", Instances.class).shared()) {
                jobs(context).abandonRun(id, "its flow " + flow + " is not running (switched off or removed)");
            }
            // with a shared store it is left to the instances where its flow runs (tmapi-runs-takeover)
        }), "tmapi-scheduled-runs-resume");
        resumer.setDaemon(true);
        resumer.start();
    }

    /**
     * Every beat, once no 439 pause holds: the runs a pause interrupted here are fired again (their flows' Quartz jobs)
     * and resume from their recorded pages; with a state store other instances share, so are the runs of an instance
     * that stopped answering, those of a flow not running here left to the instances where it runs.
     */
    static RouteBuilder takeover() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                Instances instances = getContext().getRegistry().lookupByNameAndType("instances", Instances.class);
                long beat = instances.heartbeatInterval().toMillis();
                from("timer:tmapi-runs-takeover?delay=" + beat + "&period=" + beat).routeId("tmapi-runs-takeover")
                        // not while the store does not answer: the runs wait for it (its probe says so, once)
                        .onException(StateStoreException.class).handled(true).end()
                        .filter(method("stateStore", "answering"))
                        .filter(method("tmapiPause", "letsWorkIn"))
                        .process(exchange -> takeOver(exchange.getContext(), instances.shared()));
            }
        };
    }

    private static void takeOver(CamelContext context, boolean shared) {
        jobs(context).runsLeftAtPause().forEach((id, flow) -> {
            if (context.getRoute(flow) == null) {
                // switched off or removed meanwhile: it resumes at the next start, or is abandoned then
                jobs(context).forgetRunLeftAtPause(id);
            } else if (ScheduledFlows.ready(context, flow)) {
                LOG.info("{}: its run interrupted by the TMAPI pause goes on", flow);
                ScheduledFlows.fire(context, flow, Map.of(RESUME, id));
            }
        });
        if (shared) {
            jobs(context).runsToResume().forEach((id, flow) -> {
                if (ScheduledFlows.ready(context, flow)) {
                    LOG.info("{}: its run left by an instance that stopped answering goes on here", flow);
                    ScheduledFlows.fire(context, flow, Map.of(RESUME, id));
                }
            });
        }
    }

    private static Long resumed(Exchange exchange) {
        Object data = exchange.getMessage().getHeader("mergedJobDataMap");
        Object id = data instanceof Map<?, ?> map ? map.get(RESUME) : null;
        return id instanceof Number n ? n.longValue() : id instanceof String s ? Long.valueOf(s) : null;
    }

    private static JobRunner jobs(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("jobRunner", JobRunner.class);
    }
}
