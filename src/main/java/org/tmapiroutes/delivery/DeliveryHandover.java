package org.tmapiroutes.delivery;

import org.apache.camel.Exchange;

/**
 * Called just before a scheduled run's mail or file is queued for delivery, so that the run is marked as handed over
 * first: a run resumed after a stop is then never delivered twice (at most once, as a scheduled fire promises). The job
 * room implements it; delivery finds it in the registry.
 */
public interface DeliveryHandover {

    /** Exchange property: the id of the job the exchange belongs to, a plain number, when it belongs to one. */
    String JOB_ID = "tmapiJobId";

    /**
     * Whether the job's delivery is this instance's, now: false (with one line saying why) when another one took the
     * run over meanwhile (it delivers the run), or the run was interrupted (it is delivered once it resumes and ends).
     */
    boolean handOver(long jobId);

    /**
     * Hands the exchange's run over, if it belongs to one; whether it is this instance's to deliver now (always,
     * outside a run). When it is not, the route stops here.
     */
    static boolean of(Exchange exchange) {
        Long jobId = exchange.getProperty(JOB_ID, Long.class);
        DeliveryHandover handover = jobId == null ? null
                : exchange.getContext().getRegistry().findSingleByType(DeliveryHandover.class);
        if (handover == null || handover.handOver(jobId)) {
            return true;
        }
        exchange.setRouteStop(true);
        return false;
    }
}
