package org.tmapiroutes.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The metrics of what the flows deliver, next to Camel's on {@code /observe/metrics}: products kept after the
 * flows' filters and written to their outputs, and the mails and files waiting for delivery.
 */
public final class DeliveryMetrics {

    private final Supplier<MeterRegistry> registry;
    private final Path outbox;

    /** @param registry the registry Camel exposes, looked up once it exists */
    public DeliveryMetrics(Supplier<MeterRegistry> registry, Path dataDir) {
        this.registry = registry;
        this.outbox = dataDir.resolve("outbox");
    }

    /** Makes the gauges exist from the start, so a scrape before the first job shows them. */
    public void register() {
        MeterRegistry registry = this.registry.get();
        Gauge.builder("tmapi_pending_files", this, m -> m.pending(".mail-pending")).tag("kind", "mail")
                .description("Mails and files waiting for delivery").register(registry);
        Gauge.builder("tmapi_pending_files", this, m -> m.pending(".sftp-pending")).tag("kind", "sftp")
                .description("Mails and files waiting for delivery").register(registry);
    }

    /** Products kept after the flow's filters, and written to its output. */
    public void delivered(String flow, int kept, int written) {
        Counter.builder("tmapi_items_kept").tag("flow", flow).description("Products kept after filters")
                .register(registry.get()).increment(kept);
        Counter.builder("tmapi_items_written").tag("flow", flow).description("Products written to outputs")
                .register(registry.get()).increment(written);
    }

    private double pending(String folder) {
        Path dir = outbox.resolve(folder);
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
