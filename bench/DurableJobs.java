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
 * 1 000 000 items (queries of 2 000 items, at the docs' 20 items a page unless told otherwise: 100 pages a query),
 * then a burst of 1 000 small files (one query of one page each) dropped at once, then calls made ÷ calls needed for
 * a 200-call job killed with {@code kill -9} at half way and started again.
 */
public class DurableJobs {

    private static final int ITEMS_PER_QUERY = 2000;
    private static final int SMALL_FILES = 1000;
    /** As the launch scripts start it (bin/tmapi-routes), in a 128 MB heap. */
    private static final List<String> JVM = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xms32m", "-Xmx128m");
    /** Items a page: {@code page_size}, the docs' 20 unless the second argument says otherwise. */
    private static int pageSize = 20;

    public static void main(String[] args) throws Exception {
        long largest = Long.parseLong(args.length > 0 ? args[0] : "1000000");
        pageSize = Integer.parseInt(args.length > 1 ? args[1] : "20");
        System.out.printf(Locale.ROOT, "JVM options %s, %d items a page%n", String.join(" ", JVM), pageSize);
        for (long items = 10_000; items <= largest; items *= 10) {
            run(items);
        }
        burst();
        killedAtHalfWay();
    }

    private static int pagesPerQuery() {
        return ITEMS_PER_QUERY / pageSize;
    }

    /** A thousand files of one query each, dropped at once: files/s and peak RSS. */
    private static void burst() throws Exception {
        Path work = Files.createTempDirectory("tmapi-durable-");
        try (TmapiSimulator simulator = new TmapiSimulator("bench-token").start()) {
            simulator.setItemsPerQuery(pageSize);
            Process process = start(simulator, work);
            try {
                Path inbox = work.resolve("data/inbox/category-items");
                Path staging = Files.createDirectories(work.resolve("staging"));
                for (int i = 1; i <= SMALL_FILES; i++) {
                    Files.writeString(staging.resolve("small-" + i + ".txt"), (200_000 + i) + "\n");
                }
                long dropped = System.nanoTime();
                for (int i = 1; i <= SMALL_FILES; i++) {
                    Files.move(staging.resolve("small-" + i + ".txt"), inbox.resolve("small-" + i + ".txt"));
                }
                long peak = 0;
                while (count(inbox.resolve(".done")) < SMALL_FILES) {
                    peak = Math.max(peak, rssKb(process.pid()));
                    Thread.sleep(200);
                }
                double seconds = (System.nanoTime() - dropped) / 1e9;
                peak = Math.max(peak, peakRssKb(process.pid()));
                System.out.printf(Locale.ROOT, "%,10d small files dropped at once: %5.1f s, %5.1f files/s, %d requests,"
                        + " peak RSS %d MB%n", SMALL_FILES, seconds, SMALL_FILES / seconds, simulator.requestCount(),
                        peak / 1024);
            } finally {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            delete(work);
        }
    }

    private static long count(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var files = Files.list(folder)) {
            return files.count();
        }
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
            int queries = Math.max(1, 200 / pagesPerQuery());
            int needed = queries * pagesPerQuery();
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
                "-Dtmapi.page-size=" + pageSize, "-Dtmapi.max-pages=" + pagesPerQuery(), "-Dcamel.management.port=0", "-Dinbox.quiet-seconds=1",
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
