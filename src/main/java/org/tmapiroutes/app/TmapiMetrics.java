package org.tmapiroutes.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.tmapiroutes.tmapi.TmapiLimiter;

/**
 * The product's own metrics, next to Camel's on {@code /observe/metrics}: TMAPI requests by endpoint and code,
 * retries, products fetched, kept and written, requests in flight, the concurrency limit in force, whether calls are
 * paused, and the mails and files waiting for delivery.
 */
public final class TmapiMetrics {

    private final CamelContext context;
    private final TmapiLimiter limiter;
    private final Path dataDir;
    private MeterRegistry registry;

    public TmapiMetrics(CamelContext context, TmapiLimiter limiter, Path dataDir) {
        this.context = context;
        this.limiter = limiter;
        this.dataDir = dataDir;
    }

    /** The product's metrics bean, as bound by {@link TmapiBeans}. */
    static TmapiMetrics of(org.apache.camel.Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("tmapiMetrics", TmapiMetrics.class);
    }

    /** The registry Camel exposes (Prometheus), or a private one when metrics are switched off. */
    private synchronized MeterRegistry registry() {
        if (registry == null) {
            MeterRegistry found = context.getRegistry().findSingleByType(MeterRegistry.class);
            registry = found != null ? found : new SimpleMeterRegistry();
            if (registry.find("tmapi_requests_in_flight").gauge() != null) {
                return registry;
            }
            Gauge.builder("tmapi_requests_in_flight", limiter, TmapiLimiter::inFlight)
                    .description("TMAPI requests in flight").register(registry);
            Gauge.builder("tmapi_concurrency_limit", limiter, TmapiLimiter::effectiveLimit)
                    .description("TMAPI requests allowed in flight now (lowered after 503)").register(registry);
            Gauge.builder("tmapi_paused", limiter, l -> l.isPaused() ? 1 : 0)
                    .description("1 while TMAPI calls are paused after a 439").register(registry);
            Gauge.builder("tmapi_pending_files", this, m -> m.pending(".mail-pending")).tag("kind", "mail")
                    .description("Mails and files waiting for delivery").register(registry);
            Gauge.builder("tmapi_pending_files", this, m -> m.pending(".sftp-pending")).tag("kind", "sftp")
                    .description("Mails and files waiting for delivery").register(registry);
        }
        return registry;
    }

    public void request(String endpointId, String code) {
        Counter.builder("tmapi_requests").tag("endpoint", endpointId).tag("code", code)
                .description("TMAPI requests answered, by endpoint and code").register(registry()).increment();
    }

    public void retry(String endpointId) {
        Counter.builder("tmapi_retries").tag("endpoint", endpointId)
                .description("TMAPI requests that were retries of a failed one").register(registry()).increment();
    }

    public void fetched(String endpointId, int items) {
        Counter.builder("tmapi_items_fetched").tag("endpoint", endpointId)
                .description("Products TMAPI returned").register(registry()).increment(items);
    }

    /** Products kept after the flow's filters, and written to its output. */
    public void delivered(String flow, int kept, int written) {
        Counter.builder("tmapi_items_kept").tag("flow", flow).description("Products kept after filters")
                .register(registry()).increment(kept);
        Counter.builder("tmapi_items_written").tag("flow", flow).description("Products written to outputs")
                .register(registry()).increment(written);
    }

    /** Makes the gauges exist from the start, so a scrape before the first job shows them. */
    public void register() {
        registry();
    }

    private double pending(String folder) {
        Path dir = dataDir.resolve("outbox").resolve(folder);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
