import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * Durable jobs of the packaged jar in {@code -Xmx128m}: peak RSS and items/s for jobs of 10 000, 100 000 and
 * 1 000 000 items (queries of 2 000 items, 4 pages of 500 each), then calls made ÷ calls needed for a 100 000-item job
 * killed with {@code kill -9} at half way and started again.
 */
public class DurableJobs {

    private static final int ITEMS_PER_QUERY = 2000;
    private static final List<String> JVM = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC");

    public static void main(String[] args) throws Exception {
        long largest = Long.parseLong(args.length > 0 ? args[0] : "1000000");
        System.out.printf(Locale.ROOT, "JVM options %s%n", String.join(" ", JVM));
        for (long items = 10_000; items <= largest; items *= 10) {
            run(items);
        }
        killedAtHalfWay();
    }

    private static void run(long items) throws Exception {
        Path work = Files.createTempDirectory("tmapi-durable-");
        try (TmapiSimulator simulator = new TmapiSimulator("bench-token").start()) {
            simulator.setItemsPerQuery(ITEMS_PER_QUERY);
            Process process = start(simulator, work);
            try {
                int queries = (int) (items / ITEMS_PER_QUERY);
                long dropped = System.nanoTime();
                drop(work, queries);
                long peak = 0;
                Path done = work.resolve("data/inbox/category-items/.done/big.txt");
                while (!Files.exists(done)) {
                    peak = Math.max(peak, rssKb(process.pid()));
                    Thread.sleep(200);
                }
                double seconds = (System.nanoTime() - dropped) / 1e9;
                peak = Math.max(peak, peakRssKb(process.pid()));
                System.out.printf(Locale.ROOT, "%,10d items: %5.1f s, %,8.0f items/s, %d requests, peak RSS %d MB%n",
                        items, seconds, items / seconds, simulator.requestCount(), peak / 1024);
            } finally {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            delete(work);
        }
    }

    private static void killedAtHalfWay() throws Exception {
        Path work = Files.createTempDirectory("tmapi-durable-");
        try (TmapiSimulator simulator = new TmapiSimulator("bench-token").start()) {
            simulator.setItemsPerQuery(ITEMS_PER_QUERY);
            simulator.setLatency(Duration.ofMillis(100));
            int queries = 50;
            int needed = queries * 4;
            Process process = start(simulator, work);
            drop(work, queries);
            while (simulator.requestCount() < needed / 2) {
                Thread.sleep(10);
            }
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            int inFlight = simulator.inFlight();
            int atKill = simulator.requestCount();
            process = start(simulator, work);
            try {
                Path done = work.resolve("data/inbox/category-items/.done/big.txt");
                while (!Files.exists(done)) {
                    Thread.sleep(100);
                }
                List<String> pages = new ArrayList<>();
                for (RecordedRequest r : simulator.requests()) {
                    pages.add(r.parameter("cat_id") + "/" + r.parameter("page"));
                }
                long twice = pages.size() - pages.stream().distinct().count();
                System.out.printf(Locale.ROOT, "kill -9 at %d of %d calls: %d calls made in all for %d needed, ratio %.3f"
                        + " (%d pages fetched twice; tmapi.max-concurrency 3)%n", atKill, needed,
                        simulator.requestCount(), needed, simulator.requestCount() / (double) needed, twice);
            } finally {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            delete(work);
        }
    }

    private static Process start(TmapiSimulator simulator, Path work) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM);
        command.addAll(List.of("-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + work.resolve("data"),
                "-Dtmapi.page-size=500", "-Dtmapi.max-pages=10", "-Dcamel.management.port=0", "-Dinbox.quiet-seconds=1",
                "-jar", "target/tmapi-routes.jar", "--routes", routes(work).toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("run-" + System.nanoTime() + ".log").toFile());
        builder.environment().put("TMAPI_API_TOKEN", "bench-token");
        Process process = builder.start();
        while (!Files.isDirectory(work.resolve("data/inbox/category-items"))) {
            Thread.sleep(100);
        }
        return process;
    }

    /** The shipped routes, copied: the run does not see edits made to the project's routes meanwhile. */
    private static Path routes(Path work) throws Exception {
        Path routes = work.resolve("routes");
        if (!Files.isDirectory(routes)) {
            Files.createDirectories(routes);
            try (var shipped = Files.list(Path.of("routes"))) {
                for (Path f : shipped.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    Files.copy(f, routes.resolve(f.getFileName()));
                }
            }
        }
        return routes;
    }

    private static void drop(Path work, int queries) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= queries; i++) {
            text.append(100_000 + i).append('\n');
        }
        Path temp = work.resolve("big.txt");
        Files.writeString(temp, text);
        Files.move(temp, work.resolve("data/inbox/category-items/big.txt"));
    }

    private static long rssKb(long pid) throws Exception {
        return status(pid, "VmRSS:");
    }

    private static long peakRssKb(long pid) throws Exception {
        return status(pid, "VmHWM:");
    }

    private static long status(long pid, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    private static void delete(Path folder) throws Exception {
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
