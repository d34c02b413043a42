package org.tmapiroutes.delivery;

/**
 * Called just before a scheduled run's mail or file is queued for delivery, so that the run is marked as handed over
 * first: a run resumed after a stop is then never delivered twice (at most once, as a scheduled fire promises).
 */
@FunctionalInterface
public interface DeliveryHandover {

    /** Exchange property holding the run's handover, when the run is a recorded job. */
    String PROPERTY = "tmapiDeliveryHandover";

    void handOver();

    /** Hands the exchange's run over, if it has one. */
    static void of(org.apache.camel.Exchange exchange) {
        DeliveryHandover handover = exchange.getProperty(PROPERTY, DeliveryHandover.class);
        if (handover != null) {
            handover.handOver();
        }
    }
}
