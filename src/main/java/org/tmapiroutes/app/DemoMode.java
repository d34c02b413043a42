package org.tmapiroutes.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.tmapiroutes.app.simulator.ItemCustomizer;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.inbox.InboxFiles;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The {@code --demo} mode: starts afresh in an emptied {@code data/demo/}, starts the TMAPI simulator and real SMTP
 * (GreenMail) and SFTP (Apache MINA SSHD) servers on 127.0.0.1, points the bundle at them, drops one sample file per
 * endpoint into the inbox, runs every scheduled flow once as soon as the program has started, and prints where each
 * output landed, saying loudly that the data is simulated.
 */
final class DemoMode implements AutoCloseable {

    static final String DATA_DIR = "data/demo";
    private static final String TOKEN = "demo-token";
    private static final String SFTP_PASSWORD = "demo-sftp-password";
    /** The sample input files, one per endpoint, under /demo/inbox/ on the class path. */
    static final List<String> SAMPLES = List.of(
            "category-items/best-sellers.csv",
            "category-items-v1/categories.txt",
            "shop-items/shops.txt",
            "shop-items-by-member/sellers.csv",
            "image-search/images.txt",
            "keyword-search/keywords.txt",
            "keyword-search-global/searches.csv",
            "item-detail/items.txt",
            "item-detail-by-url/links.txt",
            "item-shipping/quotes.csv",
            "item-sales/items.txt",
            "shop-info/shops.csv",
            "item-rating/items.txt",
            "item-desc/items.txt",
            "category-info/categories.csv",
            "factory-search/keywords.txt",
            "category-landed-cost/landed-cost.txt");

    /** A delivered file's name: the flow's name, then its time stamp and counter. */
    private static final Pattern DELIVERED = Pattern.compile("(.+)-\\d{8}-\\d{6}(-\\d+)?\\.\\w+");

    private final TmapiSimulator simulator;
    private final GreenMail smtp;
    private final EmbeddedSftpServer sftp;
    /** What must have run before the demo is done: the inbox flows, then the scheduled flows once they are fired. */
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final Set<String> mailsSaved = new LinkedHashSet<>();
    private final AtomicBoolean announcedDone = new AtomicBoolean();
    private final AtomicInteger watchChecks = new AtomicInteger();

    private DemoMode(TmapiSimulator simulator, GreenMail smtp, EmbeddedSftpServer sftp) {
        this.simulator = simulator;
        this.smtp = smtp;
        this.sftp = sftp;
    }

    static DemoMode prepare(Main main) {
        Path dataDir = Path.of(DATA_DIR);
        // each demo run starts afresh: no state (seen items, prices) or outputs of an earlier run
        deleteEarlierRun(dataDir);
        TmapiSimulator simulator = new TmapiSimulator(TOKEN).start();
        simulator.setLatency(Duration.ofMillis(40));
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort();
        // a busy machine may take more than GreenMail's default 2 s to start it
        setup.setServerStartupTimeout(30_000);
        GreenMail smtp = new GreenMail(setup);
        smtp.start();
        EmbeddedSftpServer sftp = new EmbeddedSftpServer(dataDir.resolve("sftp"), dataDir.resolve("sftp-host-key"),
                "partner", SFTP_PASSWORD).start();
        Path knownHosts = sftp.writeKnownHosts(dataDir.resolve("known_hosts"));
        DemoMode demo = new DemoMode(simulator, smtp, sftp);
        main.addOverrideProperty("tmapi.base-url", simulator.baseUrl());
        main.addOverrideProperty("tmapi.api-token", TOKEN);
        main.addOverrideProperty("data.dir", DATA_DIR);
        // the scheduled flows on, on their shipped schedules; each also runs once as soon as the program has started
        main.addOverrideProperty("report.category.enabled", "true");
        main.addOverrideProperty("report.category.cat-id", "1031922");
        main.addOverrideProperty("report.category.price-end", "50");
        main.addOverrideProperty("report.new-items.enabled", "true");
        main.addOverrideProperty("report.new-items.cat-id", "201164002");
        main.addOverrideProperty("report.from", "tmapi-routes-demo@example.com");
        main.addOverrideProperty("report.to", "buyer@example.com, sourcing@example.com");
        // whoever the demo's mails are forwarded to sees at once that their products are made up
        main.addOverrideProperty("report.subject-prefix", "[SIMULATED DATA]");
        main.addOverrideProperty("smtp.host", "127.0.0.1");
        main.addOverrideProperty("smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        main.addOverrideProperty("smtp.starttls", "false");
        main.addOverrideProperty("watch.enabled", "true");
        main.addOverrideProperty("push.shop.enabled", "true");
        main.addOverrideProperty("push.shop.shop-urls", "https://xldjjg.1688.com/,https://yiyunfuzhuang888.1688.com");
        main.addOverrideProperty("push.shop.max-pages", "2");
        main.addOverrideProperty("sftp.host", "127.0.0.1");
        main.addOverrideProperty("sftp.port", String.valueOf(sftp.port()));
        main.addOverrideProperty("sftp.username", "partner");
        main.addOverrideProperty("sftp.password", SFTP_PASSWORD);
        main.addOverrideProperty("sftp.known-hosts-file", knownHosts.toString());
        main.addOverrideProperty("sftp.directory", "incoming");
        main.addOverrideProperty("delivery.retry-seconds", "2");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                m.getCamelContext().getManagementStrategy().addEventNotifier(demo.new OutputPrinter());
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                demo.expected.addAll(Arrays.stream(TmapiEndpoint.values()).map(TmapiEndpoint::id).toList());
                demo.expected.addAll(ScheduledFlows.routeIds(m.getCamelContext()));
                demo.dropSamples(dataDir);
                demo.placeWatchList(dataDir);
                demo.runScheduledFlows(m.getCamelContext());
            }
        });
        banner("DEMO MODE: every TMAPI answer comes from a simulator on " + simulator.baseUrl() + ".",
                "The products, prices and shops below are SIMULATED, not real 1688.com data.",
                "Sample files go to " + dataDir.resolve("inbox") + "/; results appear in " + dataDir.resolve("outbox") + "/.",
                "Mail goes to an embedded SMTP server (saved in " + dataDir.resolve("mail") + "/), the catalog push to an",
                "embedded SFTP server (files in " + dataDir.resolve("sftp") + "/); each scheduled flow runs once at start.");
        return demo;
    }

    /** Deletes the folder of an earlier demo run, and only that folder (links inside are removed, never followed). */
    private static void deleteEarlierRun(Path dataDir) {
        if (!Files.exists(dataDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dataDir + " for a fresh demo run", e);
        }
        System.out.println("demo: cleared " + dataDir + "/ of the earlier demo run");
    }

    /** Runs each scheduled flow (reports, push) once now through its Quartz job; their crons stay as shipped. */
    private void runScheduledFlows(CamelContext context) {
        for (String routeId : ScheduledFlows.routeIds(context)) {
            ScheduledFlows.fire(context, routeId);
            System.out.println("demo: running the scheduled flow " + routeId + " once now");
        }
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

    /**
     * The watch list sample; the simulator moves a few of its items between the first check (the baseline) and the
     * second, which the demo runs as soon as the first is done, so that the watch mail shows real changes.
     */
    private void placeWatchList(Path dataDir) {
        Path target = dataDir.resolve("watch").resolve("items.csv");
        try (InputStream in = DemoMode.class.getResourceAsStream("/demo/watch/items.csv")) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot place the demo watch list " + target, e);
        }
        simulator.setItemCustomizer(new WatchedItemMoves());
        System.out.println("demo: watch list " + target + " (checked twice: the first run is the baseline)");
    }

    /**
     * From its second check on, a watched item of the demo has moved: its prices down (to its target) or up, a SKU
     * sold out (or back in stock), low stock.
     */
    private static final class WatchedItemMoves implements ItemCustomizer {

        private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();

        @Override
        public void customize(String endpointId, String itemId, int index, ObjectNode item) {
            if (!endpointId.equals("item-detail") || !(item.get("skus") instanceof ArrayNode skus)
                    || checks.computeIfAbsent(itemId, id -> new AtomicInteger()).incrementAndGet() < 2) {
                return;
            }
            // the first SKU, or the item itself when it has none
            ObjectNode first = skus.isEmpty() ? item : (ObjectNode) skus.get(0);
            switch (itemId) {
                case "738291046512" -> skus.forEach(sku -> scale((ObjectNode) sku, "0.92"));
                case "702158843397" -> skus.forEach(sku -> scale((ObjectNode) sku, "1.06"));
                case "724406618820" -> first.put("stock", first.path("stock").asLong() > 0 ? 0 : 150);
                case "745530019286" -> first.put("stock", 12);
                default -> {
                    // unchanged: not every watched item moves
                }
            }
        }

        private static void scale(ObjectNode sku, String factor) {
            BigDecimal price = new BigDecimal(sku.get("sale_price").asText());
            sku.put("sale_price", price.multiply(new BigDecimal(factor)).setScale(2, RoundingMode.HALF_UP).toPlainString());
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

    /**
     * Saves each mail the embedded SMTP server received so far once as an .eml file, and says where and to whom.
     * GreenMail keeps one copy per recipient; the copies share the Message-ID, so each mail is saved and printed once.
     */
    private synchronized void saveMails() {
        for (MimeMessage received : smtp.getReceivedMessages()) {
            try {
                if (!mailsSaved.add(received.getMessageID())) {
                    continue;
                }
                Path file = Path.of(DATA_DIR, "mail", "mail-" + mailsSaved.size() + ".eml");
                Files.createDirectories(file.getParent());
                try (var out = Files.newOutputStream(file)) {
                    received.writeTo(out);
                }
                String to = Arrays.stream(received.getRecipients(Message.RecipientType.TO)).map(Object::toString)
                        .collect(Collectors.joining(", "));
                System.out.println("demo: mail \"" + received.getSubject() + "\" to " + to + " -> " + file
                        + "  (SIMULATED data)");
            } catch (IOException | MessagingException e) {
                System.out.println("demo: could not save a mail: " + e.getMessage());
            }
        }
    }

    /** The flow a delivered mail or upload came from, by its file name ({@code <flow>-<yyyyMMdd-HHmmss>.eml}). */
    private static String flowOf(String fileName) {
        Matcher name = DELIVERED.matcher(fileName == null ? "" : fileName);
        return name.matches() ? name.group(1) : String.valueOf(fileName);
    }

    private void done(String flow) {
        if (finished.add(flow) && finished.containsAll(expected) && !announcedDone.getAndSet(true)) {
            banner("DEMO DONE: every shipped flow ran once on SIMULATED data; outputs are listed above.",
                    "Drop more files into " + Path.of(DATA_DIR, "inbox") + "/<endpoint-id>/ to try more, or press "
                            + "Ctrl+C to stop.");
        }
    }

    @Override
    public void close() {
        simulator.close();
        smtp.stop();
        sftp.stop();
    }

    /** Prints each job's result as it completes, and a closing banner once every flow has run. */
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
            if (routeId == null || splitPart) {
                return;
            }
            if (routeId.equals("mail-delivery") && !exchange.isFailed()) {
                saveMails();
                done(flowOf(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class)));
                return;
            }
            if (routeId.equals("item-watch") && watchChecks.incrementAndGet() == 1) {
                // the baseline is in: the second check finds what moved since
                ScheduledFlows.fire(exchange.getContext(), "item-watch");
                System.out.println("demo: running item-watch a second time, to find what moved since the first");
                return;
            }
            if (routeId.equals("sftp-delivery") && !exchange.isFailed()) {
                String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
                System.out.println("demo: catalog uploaded by SFTP -> " + sftp.root().resolve("incoming").resolve(name)
                        + "  (SIMULATED data)");
                done(flowOf(name));
                return;
            }
            if (endpoint == null || !routeId.endsWith("-inbox")) {
                return;
            }
            String outbox = exchange.getMessage().getHeader(OutboxFiles.OUTBOX_FILE, String.class);
            String archived = exchange.getMessage().getHeader(InboxFiles.ARCHIVE_PATH, String.class);
            System.out.println("demo: " + endpoint + " -> " + (outbox != null ? outbox : "no output, input in " + archived)
                    + "  (SIMULATED data)");
            done(endpoint);
        }
    }
}
