package org.tmapiroutes.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.EventNotifierSupport;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The {@code --demo} mode: starts the TMAPI simulator on 127.0.0.1, points the bundle at it, drops one sample file
 * per endpoint into the inbox, and prints where each output landed, saying loudly that the data is simulated.
 */
final class DemoMode implements AutoCloseable {

    static final String DATA_DIR = "data/demo";
    private static final String TOKEN = "demo-token";
    private static final List<String> SAMPLES = List.of(
            "category-items/best-sellers.csv",
            "category-items-v1/categories.txt",
            "shop-items/shops.txt",
            "shop-items-by-member/sellers.csv",
            "image-search/images.txt");

    private final TmapiSimulator simulator;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    private DemoMode(TmapiSimulator simulator) {
        this.simulator = simulator;
    }

    static DemoMode prepare(Main main) {
        TmapiSimulator simulator = new TmapiSimulator(TOKEN).start();
        simulator.setLatency(Duration.ofMillis(40));
        DemoMode demo = new DemoMode(simulator);
        Path dataDir = Path.of(DATA_DIR);
        main.addOverrideProperty("tmapi.base-url", simulator.baseUrl());
        main.addOverrideProperty("tmapi.api-token", TOKEN);
        main.addOverrideProperty("data.dir", DATA_DIR);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                m.getCamelContext().getManagementStrategy().addEventNotifier(demo.new OutputPrinter());
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                demo.dropSamples(dataDir);
            }
        });
        banner("DEMO MODE: every TMAPI answer comes from a simulator on " + simulator.baseUrl() + ".",
                "The products, prices and shops below are SIMULATED, not real 1688.com data.",
                "Sample files go to " + dataDir.resolve("inbox") + "/; results appear in " + dataDir.resolve("outbox") + "/.");
        return demo;
    }

    private void dropSamples(Path dataDir) {
        for (String sample : SAMPLES) {
            Path target = dataDir.resolve("inbox").resolve(sample);
            try (InputStream in = DemoMode.class.getResourceAsStream("/demo/inbox/" + sample)) {
                Files.createDirectories(target.getParent());
                Path temp = target.resolveSibling("." + target.getFileName() + ".part");
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                System.out.println("demo: dropped " + target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot place demo sample " + target, e);
            }
        }
    }

    private static void banner(String... lines) {
        String rule = "=".repeat(100);
        System.out.println(rule);
        for (String line : lines) {
            System.out.println("  " + line);
        }
        System.out.println(rule);
    }

    @Override
    public void close() {
        simulator.close();
    }

    /** Prints each inbox job's result as it completes, and a closing banner once every endpoint has run. */
    private final class OutputPrinter extends EventNotifierSupport {

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeCompletedEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            Exchange exchange = ((CamelEvent.ExchangeCompletedEvent) event).getExchange();
            String endpoint = exchange.getProperty(InboxFiles.ENDPOINT, String.class);
            String routeId = exchange.getFromRouteId();
            boolean splitPart = exchange.getProperty(ExchangePropertyKey.SPLIT_INDEX) != null;
            if (endpoint == null || routeId == null || !routeId.endsWith("-inbox") || splitPart) {
                return;
            }
            String outbox = exchange.getMessage().getHeader(InboxFiles.OUTBOX_FILE, String.class);
            String archived = exchange.getMessage().getHeader(InboxFiles.ARCHIVE_PATH, String.class);
            System.out.println("demo: " + endpoint + " -> " + (outbox != null ? outbox : "no output, input in " + archived)
                    + "  (SIMULATED data)");
            if (finished.add(endpoint) && finished.size() == TmapiEndpoint.values().length) {
                banner("DEMO DONE: every shipped flow ran once on SIMULATED data; outputs are listed above.",
                        "Drop more files into " + Path.of(DATA_DIR, "inbox") + "/<endpoint-id>/ to try more, or press "
                                + "Ctrl+C to stop.");
            }
        }
    }
}
