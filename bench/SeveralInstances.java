import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.RealPostgres;

/**
 * Several instances: one and then two packaged jars sharing a data folder and a real PostgreSQL (started here, as the
 * tests start it) work through the same job, 60 queries of 3 pages in 6 files, against the simulator at a fixed
 * latency that enforces the account's concurrency limit (503 above it, as TMAPI does). Prints, per run, the wall time
 * of the TMAPI requests against the ideal ceil(requests / limit) × latency, the 503s and the most in flight.
 *
 * Arguments: [latency-ms=400] [limits=3,6]. Each run first does a warm-up job, as a service that runs for months is
 * warm; the measured job is the second.
 */
public class SeveralInstances {

    private static final String TOKEN = "bench-token";
    private static final int FILES = 6;
    private static final int QUERIES_PER_FILE = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        long latencyMs = args.length > 0 ? Long.parseLong(args[0]) : 400;
        List<Integer> limits = (args.length > 1 ? List.of(args[1].split(",")) : List.of("3", "6")).stream()
                .map(Integer::valueOf).toList();
        try (RealPostgres postgres = RealPostgres.start();
                TmapiSimulator simulator = new TmapiSimulator(TOKEN).start()) {
            simulator.setLatency(Duration.ofMillis(latencyMs));
            int database = 0;
            System.out.printf(Locale.ROOT, "%-10s %-6s %-9s %-8s %-8s %-7s %-5s %s%n", "instances", "limit", "requests",
                    "wall s", "ideal s", "ratio", "503s", "max in flight");
            for (int limit : limits) {
                for (int instances = 1; instances <= 2; instances++) {
                    simulator.setAccountConcurrency(limit);
                    String url = postgres.createDatabase("bench_" + (++database));
                    run(postgres, url, simulator, instances, limit, latencyMs);
                }
            }
        }
    }

    private static void run(RealPostgres postgres, String url, TmapiSimulator simulator, int count, int limit,
            long latencyMs) throws Exception {
        Path work = Files.createTempDirectory("tmapi-bench-instances-");
        Path dataDir = work.resolve("data");
        List<Process> processes = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int port = freePort();
                ports.add(port);
                ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + dataDir,
                        "-Dstate.jdbc-url=" + url, "-Dstate.username=" + postgres.username(),
                        "-Dinstance.id=bench-" + (char) ('a' + i), "-Dcamel.management.port=" + port,
                        "-Dtmapi.max-concurrency=" + limit, "-Dtmapi.log.level=WARN", "-Dtmapi.log.camel-level=WARN",
                        "-jar", "target/tmapi-routes.jar").redirectErrorStream(true)
                        .redirectOutput(work.resolve("instance-" + i + ".log").toFile());
                builder.environment().put("TMAPI_API_TOKEN", TOKEN);
                builder.environment().put("STATE_PASSWORD", postgres.password());
                processes.add(builder.start());
            }
            for (int port : ports) {
                awaitUp(port);
            }
            Path inbox = dataDir.resolve("inbox/category-items");
            job(inbox, "warm-up", 10_000);
            simulator.resetCounters();
            job(inbox, "bench", 20_000);
            List<RecordedRequest> requests = simulator.requests();
            Instant first = requests.stream().map(RecordedRequest::start).min(Comparator.naturalOrder()).orElseThrow();
            Instant last = requests.stream().map(RecordedRequest::end).max(Comparator.naturalOrder()).orElseThrow();
            double wall = Duration.between(first, last).toMillis() / 1000.0;
            long answered = requests.stream().filter(r -> r.httpStatus() != null && r.httpStatus() == 200).count();
            long refused = requests.stream().filter(r -> r.httpStatus() != null && r.httpStatus() == 503).count();
            double ideal = Math.ceil(answered / (double) limit) * latencyMs / 1000.0;
            System.out.printf(Locale.ROOT, "%-10d %-6d %-9d %-8.2f %-8.2f %-7.3f %-5d %d%n", count, limit,
                    requests.size(), wall, ideal, wall / ideal, refused, simulator.maxInFlight());
        } finally {
            for (Process process : processes) {
                process.destroy();
            }
            for (Process process : processes) {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** Drops the job's files (60 queries in all) and waits until every one is done. */
    private static void job(Path inbox, String name, int firstCatId) throws Exception {
        Files.createDirectories(inbox);
        for (int f = 0; f < FILES; f++) {
            StringBuilder text = new StringBuilder();
            for (int q = 0; q < QUERIES_PER_FILE; q++) {
                text.append(firstCatId + f * QUERIES_PER_FILE + q).append('\n');
            }
            Path temp = inbox.getParent().resolve(name + "-" + f + ".part");
            Files.writeString(temp, text);
            Files.move(temp, inbox.resolve(name + "-" + f + ".txt"));
        }
        Path done = inbox.resolve(".done");
        Instant until = Instant.now().plus(Duration.ofMinutes(10));
        while (count(done, name) < FILES) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException(name + ": not done within 10 minutes");
            }
            Thread.sleep(100);
        }
    }

    private static long count(Path folder, String prefix) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix + "-")).count();
        }
    }

    private static void awaitUp(int port) throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(until)) {
            try {
                String health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (health.startsWith("{\"status\":\"UP\"")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the instance on port " + port + " did not come up within 2 minutes");
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
