import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * A scheduled SFTP push of a large catalog against the same catalog dropped as an inbox file, both in the packaged jar
 * in {@code -Xmx128m}: a run's products are read back from its recorded pages, so its memory does not grow with the
 * catalog, as an inbox job's does not.
 */
public class ScheduledPush {

    private static final int SHOPS = 50;
    private static final int ITEMS_PER_SHOP = 2000;
    private static final List<String> JVM = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError");

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "JVM options %s; %d shops of %d items, pages of 500%n", String.join(" ", JVM),
                SHOPS, ITEMS_PER_SHOP);
        String only = args.length > 0 ? args[0] : "";
        if (!only.equals("file")) {
            run(true);
        }
        if (!only.equals("push")) {
            run(false);
        }
    }

    private static void run(boolean scheduled) throws Exception {
        Path work = Files.createTempDirectory("tmapi-push-");
        try (TmapiSimulator simulator = new TmapiSimulator("bench-token").start()) {
            simulator.setItemsPerQuery(ITEMS_PER_SHOP);
            Process process = start(simulator, work, scheduled);
            try {
                Path inbox = work.resolve("data/inbox/shop-items");
                while (!Files.isDirectory(inbox)) {
                    Thread.sleep(100);
                }
                long began = System.nanoTime();
                Path output;
                if (scheduled) {
                    output = work.resolve("data/outbox/.sftp-pending");
                } else {
                    Path temp = work.resolve("shops.txt");
                    Files.writeString(temp, String.join("\n", shops()) + "\n");
                    Files.move(temp, inbox.resolve("shops.txt"));
                    output = work.resolve("data/outbox/shop-items");
                }
                long peak = 0;
                Path written = null;
                while (written == null) {
                    peak = Math.max(peak, status(process.pid(), "VmRSS:"));
                    written = csv(output);
                    Thread.sleep(200);
                }
                double seconds = (System.nanoTime() - began) / 1e9;
                peak = Math.max(peak, status(process.pid(), "VmHWM:"));
                long rows = Files.lines(written).count() - 1;
                long distinct = simulator.requests().stream()
                        .map(r -> r.parameter("shop_url") + "/" + r.parameter("page")).distinct().count();
                if (distinct != simulator.requestCount()) {
                    System.out.printf(Locale.ROOT, "  %d pages asked more than once; answers: %s%n",
                            simulator.requestCount() - distinct, simulator.requests().stream()
                                    .collect(Collectors.groupingBy(r -> r.httpStatus() + "/" + r.jsonCode()
                                            + (r.fault() == null ? "" : "/" + r.fault()), Collectors.counting())));
                }
                System.out.printf(Locale.ROOT, "%-22s %,8d rows, %d requests, %5.1f s (from the %s), peak RSS %d MB%n",
                        scheduled ? "scheduled SFTP push:" : "dropped as a file:", rows, simulator.requestCount(),
                        seconds, scheduled ? "start, fired at the next :00 or :30 s" : "drop", peak / 1024);
            } finally {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            if (System.getenv("KEEP_WORK") == null) {
                delete(work);
            } else {
                System.out.println("  kept " + work);
            }
        }
    }

    private static List<String> shops() {
        return IntStream.rangeClosed(1, SHOPS).mapToObj(i -> "https://shop" + i + ".1688.com").toList();
    }

    private static Path csv(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".csv") && !p.getFileName().toString().startsWith("."))
                    .findFirst().orElse(null);
        }
    }

    private static Process start(TmapiSimulator simulator, Path work, boolean scheduled) throws Exception {
        Path knownHosts = Files.writeString(work.resolve("known_hosts"), "");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM);
        command.addAll(List.of("-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + work.resolve("data"),
                "-Dtmapi.page-size=500", "-Dtmapi.max-pages=10", "-Dcamel.management.port=0", "-Dinbox.quiet-seconds=1",
                "-Dpush.shop.enabled=" + scheduled, "-Dpush.shop.cron=0/30 * * * * ?", "-Dpush.shop.max-pages=10",
                "-Dpush.shop.shop-urls=" + shops().stream().collect(Collectors.joining(",")),
                // no SFTP server: the run's file waits in .sftp-pending, which is what is measured
                "-Dsftp.host=127.0.0.1", "-Dsftp.port=9", "-Dsftp.username=bench", "-Dsftp.password=bench",
                "-Dsftp.known-hosts-file=" + knownHosts, "-Ddelivery.retry-seconds=3600",
                "-jar", "target/tmapi-routes.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("run-" + System.nanoTime() + ".log").toFile());
        builder.environment().put("TMAPI_API_TOKEN", "bench-token");
        return builder.start();
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
