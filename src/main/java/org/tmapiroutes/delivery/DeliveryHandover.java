package org.tmapiroutes.delivery;

/**
 * Called just before a scheduled run's mail or file is queued for delivery, so that the run is marked as handed over
 * first: a run resumed after a stop is then never delivered twice (at most once, as a scheduled fire promises).
 */
@FunctionalInterface
public interface DeliveryHandover {

    /** Exchange property holding the run's handover, when the run is a recorded job. */
    String PROPERTY = "tmapiDeliveryHandover";

    /** Whether the run is this instance's to deliver: false when another one took it over meanwhile. */
    boolean handOver();

    /**
     * Hands the exchange's run over, if it has one; whether it is this instance's to deliver (always, outside a run).
     * When it is not, the route stops here and one line says so: the instance that took the run over delivers it.
     */
    static boolean of(org.apache.camel.Exchange exchange) {
        DeliveryHandover handover = exchange.getProperty(PROPERTY, DeliveryHandover.class);
        if (handover == null || handover.handOver()) {
            return true;
        }
        org.slf4j.LoggerFactory.getLogger(DeliveryHandover.class).warn("{}: not delivered here, as another instance"
                + " took the run over (this one was silent for too long); it delivers it", exchange.getFromRouteId());
        exchange.setRouteStop(true);
        return false;
    }
}
