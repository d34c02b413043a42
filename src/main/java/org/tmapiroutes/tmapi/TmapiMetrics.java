package org.tmapiroutes.tmapi;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.tmapiroutes.secrets.Redaction;

/**
 * The metrics of TMAPI calls, next to Camel's on {@code /observe/metrics}: requests by endpoint and code, retries,
 * products fetched, requests in flight, the concurrency limit in force, and whether calls are paused; and the last
 * failed answer, which health shows.
 */
public final class TmapiMetrics {

    private final Supplier<MeterRegistry> registry;
    private final TmapiLimiter limiter;
    private volatile String lastFailure;

    /** @param registry the registry Camel exposes, looked up once it exists */
    public TmapiMetrics(Supplier<MeterRegistry> registry, TmapiLimiter limiter) {
        this.registry = registry;
        this.limiter = limiter;
    }

    /** Makes the gauges exist from the start, so a scrape before the first job shows them. */
    public void register() {
        MeterRegistry registry = this.registry.get();
        Gauge.builder("tmapi_requests_in_flight", limiter, TmapiLimiter::inFlight)
                .description("TMAPI requests in flight").register(registry);
        Gauge.builder("tmapi_concurrency_limit", limiter, TmapiLimiter::effectiveLimit)
                .description("TMAPI requests allowed in flight now (lowered after 503)").register(registry);
        Gauge.builder("tmapi_paused", limiter, l -> l.isPaused() ? 1 : 0)
                .description("1 while TMAPI calls are paused after a 439").register(registry);
    }

    public void request(String endpointId, String code) {
        Counter.builder("tmapi_requests").tag("endpoint", endpointId).tag("code", code)
                .description("TMAPI requests answered, by endpoint and code").register(registry.get()).increment();
    }

    /**
     * A failed answer: counted by its code, and kept as the last failure (when, which endpoint, the code and what the
     * server said, which may repeat the request: it is written scrubbed of secrets).
     */
    public void failed(String endpointId, TmapiFailureException failure) {
        request(endpointId, failure.getCode());
        lastFailure = Redaction.scrub(Instant.now() + " " + endpointId + " code " + failure.getCode() + ": "
                + failure.getReason());
    }

    /** The last failed answer since the start, as {@link #failed} wrote it. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    public void retry(String endpointId) {
        Counter.builder("tmapi_retries").tag("endpoint", endpointId)
                .description("TMAPI requests that were retries of a failed one").register(registry.get()).increment();
    }

    public void fetched(String endpointId, int items) {
        Counter.builder("tmapi_items_fetched").tag("endpoint", endpointId)
                .description("Products TMAPI returned").register(registry.get()).increment(items);
    }
}
