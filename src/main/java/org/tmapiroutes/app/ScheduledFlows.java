package org.tmapiroutes.app;

import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

import org.apache.camel.CamelContext;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Runs a scheduled flow (a route started by a Quartz cron) now, through the real Quartz scheduler, exactly as its cron
 * would: the demo runs every scheduled flow once this way, however long start-up took.
 */
public final class ScheduledFlows {

    private ScheduledFlows() {
    }

    /** The ids of the routes a Quartz cron starts, in the order Camel lists them. */
    public static List<String> routeIds(CamelContext context) {
        return context.getRoutes().stream().filter(r -> quartz(r).isPresent()).map(Route::getRouteId).toList();
    }

    /** Whether the route is started and its Quartz job is scheduled, so that {@link #fire} runs it. */
    public static boolean ready(CamelContext context, String routeId) {
        Route route = context.getRoute(routeId);
        if (route == null || !context.getRouteController().getRouteStatus(routeId).isStarted()) {
            return false;
        }
        Optional<QuartzEndpoint> endpoint = quartz(route);
        try {
            return endpoint.isPresent()
                    && route.getConsumer() instanceof StatefulService consumer && consumer.isStarted()
                    && endpoint.get().getComponent().getScheduler().getTrigger(endpoint.get().getTriggerKey()) != null;
        } catch (SchedulerException e) {
            return false;
        }
    }

    /**
     * Fires the route's Quartz job once now; its cron stays as it is. The job key is the endpoint's: for
     * {@code quartz:tmapi-reports/category-email-report}, group {@code tmapi-reports}, name
     * {@code category-email-report}.
     */
    public static void fire(CamelContext context, String routeId) {
        fire(context, routeId, java.util.Map.of());
    }

    /** Fires the route's Quartz job once now with these values in its job data (the {@code mergedJobDataMap} header). */
    public static void fire(CamelContext context, String routeId, java.util.Map<String, ?> data) {
        QuartzEndpoint endpoint = endpoint(context, routeId);
        TriggerKey key = endpoint.getTriggerKey();
        try {
            endpoint.getComponent().getScheduler().triggerJob(JobKey.jobKey(key.getName(), key.getGroup()),
                    new org.quartz.JobDataMap(data));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot run " + routeId + " now: " + e.getMessage(), e);
        }
    }

    /** The cron expression the route's Quartz trigger uses now, if it is scheduled with one. */
    public static Optional<String> cron(CamelContext context, String routeId) {
        return trigger(context, routeId).map(CronTrigger::getCronExpression);
    }

    /** The time zone of the route's Quartz trigger now, if it is scheduled with a cron. */
    public static Optional<String> timeZone(CamelContext context, String routeId) {
        return trigger(context, routeId).map(trigger -> trigger.getTimeZone().getID());
    }

    private static Optional<CronTrigger> trigger(CamelContext context, String routeId) {
        Optional<QuartzEndpoint> endpoint = Optional.ofNullable(context.getRoute(routeId))
                .flatMap(ScheduledFlows::quartz);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        try {
            Trigger trigger = endpoint.get().getComponent().getScheduler().getTrigger(endpoint.get().getTriggerKey());
            return trigger instanceof CronTrigger cron ? Optional.of(cron) : Optional.empty();
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    /**
     * Once a scheduled flow's route has started: its Quartz trigger gets the time zone the route asks for
     * ({@code trigger.timeZone}, else the JVM's). camel-quartz replaces a trigger it finds scheduled already only when
     * the cron changed, and with the schedule shared in PostgreSQL the trigger outlives the route (reloads, restarts),
     * so a changed time zone alone would go unheard.
     */
    static void keepTimeZone(Route route) {
        Optional<QuartzEndpoint> found = quartz(route);
        if (found.isEmpty() || found.get().getCron() == null) {
            return;
        }
        QuartzEndpoint endpoint = found.get();
        Object asked = endpoint.getTriggerParameters() == null ? null
                : endpoint.getTriggerParameters().get("timeZone");
        TimeZone zone = asked == null ? TimeZone.getDefault() : TimeZone.getTimeZone(asked.toString());
        try {
            Scheduler scheduler = endpoint.getComponent().getScheduler();
            if (scheduler.getTrigger(endpoint.getTriggerKey()) instanceof CronTrigger trigger
                    && !trigger.getTimeZone().getID().equals(zone.getID())) {
                // as camel-quartz makes it, starting now: a start in the past would count as a missed fire
                scheduler.rescheduleJob(trigger.getKey(), trigger.getTriggerBuilder().startNow()
                        .withSchedule(CronScheduleBuilder.cronSchedule(trigger.getCronExpression()).inTimeZone(zone)
                                .withMisfireHandlingInstructionFireAndProceed())
                        .build());
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException(route.getRouteId() + ": its schedule cannot take the time zone "
                    + zone.getID() + ": " + e.getMessage(), e);
        }
    }

    private static QuartzEndpoint endpoint(CamelContext context, String routeId) {
        Route route = context.getRoute(routeId);
        return Optional.ofNullable(route).flatMap(ScheduledFlows::quartz)
                .orElseThrow(() -> new IllegalArgumentException(routeId + " is not a started Quartz route"));
    }

    private static Optional<QuartzEndpoint> quartz(Route route) {
        Endpoint endpoint = route.getEndpoint();
        if (endpoint instanceof DelegateEndpoint delegate) {
            endpoint = delegate.getEndpoint();
        }
        return endpoint instanceof QuartzEndpoint quartz ? Optional.of(quartz) : Optional.empty();
    }
}
