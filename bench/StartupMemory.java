import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tmapiroutes.app.simulator.TmapiSimulator;


/**
 * Start-up time, YAML-edit-to-live time and memory (RSS) of the packaged jar, run as users run it, against the
 * simulator: process start to all routes started; a route file saved to its new version live; RSS idle after start
 * and after a 100 000-item job (50 queries × 2 000 items, pages of 500).
 *
 * Arguments: JVM options for the bundle, e.g. -Xmx256m -XX:+UseSerialGC.
 */
public class StartupMemory {

    private static final BlockingQueue<String> LINES = new LinkedBlockingQueue<>();

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("tmapi-bench-");
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path f : shipped.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        try (TmapiSimulator simulator = new TmapiSimulator("bench-token").start()) {
            simulator.setItemsPerQuery(2000);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of(args));
            command.addAll(List.of("-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + work.resolve("data"),
                    "-Dtmapi.page-size=500", "-Dtmapi.max-pages=10", "-Dcamel.management.port=0",
                    "-jar", "target/tmapi-routes.jar", "--routes", routes.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("TMAPI_API_TOKEN", "bench-token");
            long launched = System.nanoTime();
            Process process = builder.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        LINES.add(line);
                    }
                } catch (Exception ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                await("started in", 60);
                double startup = (System.nanoTime() - launched) / 1e9;
                Thread.sleep(3000);
                long idle = rssKb(process.pid());

                Path route = routes.resolve("category-items-inbox.camel.yaml");
                Path temp = work.resolve("edit.yaml");
                Files.writeString(temp, Files.readString(route).replace("readLockCheckInterval: 500", "readLockCheckInterval: 400"));
                long edited = System.nanoTime();
                Files.move(temp, route, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                await("category-items-inbox.camel.yaml reloaded", 30);
                double reload = (System.nanoTime() - edited) / 1e9;

                Path inbox = work.resolve("data/inbox/category-items");
                StringBuilder queries = new StringBuilder();
                for (int i = 1; i <= 50; i++) {
                    queries.append(5000 + i).append('\n');
                }
                Files.writeString(work.resolve("big.txt"), queries);
                long dropped = System.nanoTime();
                Files.move(work.resolve("big.txt"), inbox.resolve("big.txt"));
                while (!Files.exists(inbox.resolve(".done/big.txt"))) {
                    Thread.sleep(100);
                }
                double job = (System.nanoTime() - dropped) / 1e9;
                long after = rssKb(process.pid());

                System.out.printf(Locale.ROOT, "JVM options           %s%n", String.join(" ", args));
                System.out.printf(Locale.ROOT, "start-up              %.2f s (process start to all routes started; target <= 2.5 s)%n", startup);
                System.out.printf(Locale.ROOT, "YAML edit to live     %.2f s (target <= 3 s)%n", reload);
                System.out.printf(Locale.ROOT, "RSS idle              %d MB (target <= 250 MB)%n", idle / 1024);
                System.out.printf(Locale.ROOT, "100 000-item job      %.1f s (%d requests)%n", job, simulator.requestCount());
                System.out.printf(Locale.ROOT, "RSS after the job     %d MB (target <= 400 MB)%n", after / 1024);
            } finally {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void await(String text, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            String line = LINES.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return;
            }
        }
        throw new IllegalStateException("no log line with '" + text + "' within " + seconds + " s");
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }
}
