import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * Product details at scale: the packaged jar in -Xmx128m buys the details of N products at 400 ms latency and limit 3,
 * once from an item-detail inbox file (one query per item), once as the enrichment of a category list
 * (routes/category-landed-cost-inbox.camel.yaml's template with enrich=details and maxItems=N). For each: the wall time
 * of the detail calls against the ideal ceil(calls / 3) x 400 ms, and the process's peak RSS.
 *
 * Arguments: [items=1000].
 */
public class Details {

    private static final long LATENCY_MS = 400;
    private static final int LIMIT = 3;

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path work = Files.createTempDirectory("tmapi-details-bench-");
        try (TmapiSimulator simulator = new TmapiSimulator("bench-token").start()) {
            simulator.setLatency(Duration.ofMillis(LATENCY_MS));
            simulator.setItemsPerQuery(items);
            Process process = start(simulator, work, items);
            try {
                StringBuilder ids = new StringBuilder("item_id\n");
                for (int i = 1; i <= items; i++) {
                    ids.append(610_000_000_000L + i * 7919L).append('\n');
                }
                report("item-detail file of " + items + " ids", simulator, process, drop(work, "item-detail",
                        "ids.csv", ids.toString()));

                simulator.resetCounters();
                report("category list of " + items + " enriched with details", simulator, process,
                        drop(work, "bench-details", "category.txt", "1031922\n"));
            } finally {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, TmapiSimulator simulator, Process process, double whole) throws Exception {
        List<RecordedRequest> details = simulator.requests().stream()
                .filter(r -> "item-detail".equals(r.endpointId())).toList();
        Instant first = details.stream().map(RecordedRequest::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = details.stream().map(RecordedRequest::end).max(Comparator.naturalOrder()).orElseThrow();
        double wall = Duration.between(first, last).toMillis() / 1000.0;
        double ideal = Math.ceil(details.size() / (double) LIMIT) * LATENCY_MS / 1000.0;
        System.out.printf(Locale.ROOT, "%s: %d detail calls (%d calls in all), wall %.2f s, ideal %.2f s, ratio %.3f,"
                + " max in flight %d, whole job %.1f s, peak RSS %d MB%n", what, details.size(),
                simulator.requestCount(), wall, ideal, wall / ideal, simulator.maxInFlight(), whole,
                peakRssKb(process.pid()) / 1024);
    }

    private static Process start(TmapiSimulator simulator, Path work, int items) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path f : shipped.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Files.writeString(routes.resolve("bench-details-inbox.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: inbox-flow
                    routeId: bench-details-inbox
                    parameters:
                      - name: folder
                        value: bench-details
                      - name: endpoint
                        value: category-items
                      - name: enrich
                        value: details
                      - name: maxItems
                        value: "%d"
                """.formatted(items));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Dtmapi.base-url=" + simulator.baseUrl(),
                "-Ddata.dir=" + work.resolve("data"), "-Dtmapi.max-concurrency=" + LIMIT, "-Dtmapi.page-size=100",
                "-Dtmapi.max-pages=" + Math.max(1, items / 100), "-Dcamel.management.port=0",
                "-Dinbox.quiet-seconds=1", "-Dtmapi.log.level=WARN", "-jar", "target/tmapi-routes.jar", "--routes",
                routes.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("run.log").toFile());
        builder.environment().put("TMAPI_API_TOKEN", "bench-token");
        Process process = builder.start();
        while (!Files.isDirectory(work.resolve("data/inbox/bench-details"))) {
            Thread.sleep(100);
        }
        return process;
    }

    /** Drops a file and waits for it to be archived; the seconds from the drop to the archive. */
    private static double drop(Path work, String folder, String name, String content) throws Exception {
        Path temp = work.resolve(name);
        Files.writeString(temp, content);
        Instant dropped = Instant.now();
        Files.move(temp, work.resolve("data/inbox").resolve(folder).resolve(name));
        Path done = work.resolve("data/inbox").resolve(folder).resolve(".done").resolve(name);
        while (!Files.exists(done)) {
            if (Files.exists(done.getParent().resolveSibling(".error").resolve(name))) {
                throw new IllegalStateException(name + " was set aside: see " + work.resolve("run.log"));
            }
            Thread.sleep(50);
        }
        return Duration.between(dropped, Instant.now()).toMillis() / 1000.0;
    }

    private static long peakRssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }
}
