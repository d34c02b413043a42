package org.tmapiroutes.tmapi;

import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Holds one flow that calls TMAPI while a 439 pause lasts, the way Camel's {@code ThrottlingExceptionRoutePolicy} holds
 * a route while its circuit is open: the route is suspended through Camel's route controller, so that health, JMX and
 * the dev console show it Suspended, and resumed through it when the pause ends. {@link TmapiPause} makes one for each
 * such flow (as the {@link org.apache.camel.spi.RoutePolicyFactory} of the context) and says when to hold and release.
 *
 * <p>A route with an exchange of its own in flight (the job whose request was answered 439) is held by its consumer
 * first: the route controller suspends gracefully, waiting for that exchange. The job's queries leave at the pause
 * rather than wait in it (their job resumes from its recorded pages when the pause ends), so the exchange ends soon;
 * the next look (every second) then suspends the route. An exchange that waits in the pause (a query outside any job)
 * keeps its route held by the consumer alone until the pause ends.
 */
final class TmapiPausePolicy extends RoutePolicySupport {

    private final TmapiPause pause;
    private volatile Route route;
    /** Whether this flow is held; guarded by this. */
    private boolean held;

    TmapiPausePolicy(TmapiPause pause) {
        this.pause = pause;
    }

    @Override
    public void onInit(Route route) {
        this.route = route;
        pause.add(this);
    }

    @Override
    public void onRemove(Route route) {
        pause.remove(this);
    }

    String routeId() {
        return route.getRouteId();
    }

    /**
     * Stops the flow taking new work, unless it is held already or not running; a flow held while an exchange of its
     * own was in flight is suspended once none is.
     *
     * @return whether this held it now
     */
    synchronized boolean hold() throws Exception {
        Route current = route;
        if (current == null) {
            return false;
        }
        if (held) {
            if (status(current).isStarted() && idle(current)) {
                suspendRoute(current);
            }
            return false;
        }
        if (!status(current).isStarted()) {
            return false;
        }
        // the consumer first: no new work from now on, whatever the controller must wait for
        suspendOrStopConsumer(current.getConsumer());
        held = true;
        if (idle(current)) {
            suspendRoute(current);
        }
        return true;
    }

    private static boolean idle(Route route) {
        return route.getCamelContext().getInflightRepository().size(route.getRouteId()) == 0;
    }

    /**
     * Lets the flow take work again, if this held it.
     *
     * @return whether it was held
     */
    synchronized boolean release() throws Exception {
        Route current = route;
        if (!held || current == null) {
            return false;
        }
        held = false;
        if (status(current).isSuspended()) {
            resumeRoute(current);
        } else {
            resumeOrStartConsumer(current.getConsumer());
        }
        return true;
    }

    private static ServiceStatus status(Route route) {
        ServiceStatus status = route.getCamelContext().getRouteController().getRouteStatus(route.getRouteId());
        return status == null ? ServiceStatus.Stopped : status;
    }
}
