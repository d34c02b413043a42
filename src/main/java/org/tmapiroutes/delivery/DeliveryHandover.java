package org.tmapiroutes.delivery;

import org.apache.camel.Exchange;
import org.slf4j.LoggerFactory;

/**
 * Called just before a scheduled run's mail or file is queued for delivery, so that the run is marked as handed over
 * first: a run resumed after a stop is then never delivered twice (at most once, as a scheduled fire promises). The job
 * room implements it; delivery finds it in the registry.
 */
public interface DeliveryHandover {

    /** Exchange property: the id of the job the exchange belongs to, a plain number, when it belongs to one. */
    String JOB_ID = "tmapiJobId";

    /** Whether the job's delivery is this instance's: false when another one took the run over meanwhile. */
    boolean handOver(long jobId);

    /**
     * Hands the exchange's run over, if it belongs to one; whether it is this instance's to deliver (always, outside a
     * run). When it is not, the route stops here and one line says so: the instance that took the run over delivers it.
     */
    static boolean of(Exchange exchange) {
        Long jobId = exchange.getProperty(JOB_ID, Long.class);
        DeliveryHandover handover = jobId == null ? null
                : exchange.getContext().getRegistry().findSingleByType(DeliveryHandover.class);
        if (handover == null || handover.handOver(jobId)) {
            return true;
        }
        LoggerFactory.getLogger(DeliveryHandover.class).warn("{}: not delivered here, as another instance took the run"
                + " over (this one was silent for too long); it delivers it", exchange.getFromRouteId());
        exchange.setRouteStop(true);
        return false;
    }
}
