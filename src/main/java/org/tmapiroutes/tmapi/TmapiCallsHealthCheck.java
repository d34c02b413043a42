package org.tmapiroutes.tmapi;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports on {@code /observe/health} whether the product can call TMAPI: DOWN while calls are paused after a 439
 * (subscription expired or balance used up) here or on another instance sharing the state store, with when the pause
 * ends; and, UP or DOWN, the last failed answer ({@code last.failure}: when, which endpoint, the code and what the
 * server said).
 */
public final class TmapiCallsHealthCheck extends AbstractHealthCheck {

    private final TmapiLimiter limiter;
    private final TmapiMetrics metrics;

    public TmapiCallsHealthCheck(TmapiLimiter limiter, TmapiMetrics metrics) {
        super("tmapi", "tmapi-calls");
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("concurrency.limit", limiter.effectiveLimit());
        builder.detail("requests.in-flight", limiter.inFlight());
        metrics.lastFailure().ifPresent(failure -> builder.detail("last.failure", failure));
        if (limiter.isPaused()) {
            builder.message("TMAPI calls paused (439: subscription expired or balance used up) until "
                    + limiter.pausedUntil() + "; create data/resume to resume at once");
            builder.detail("paused.until", limiter.pausedUntil().toString());
            // paused because another instance sharing the state store was answered 439
            limiter.pausedBy().ifPresent(instance -> builder.detail("paused.by", instance));
            builder.down();
        } else {
            builder.up();
        }
    }
}
