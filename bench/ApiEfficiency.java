import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.camel.main.Main;
import org.tmapiroutes.app.LaunchOptions;
import org.tmapiroutes.app.TmapiRoutesMain;
import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * API-bound efficiency: runs the bundle (the packaged jar's classes, the project's routes/ and config/) against the
 * simulator with a fixed latency and concurrency limit, drops one inbox file, and compares the wall time from its
 * first TMAPI request to its last answer, and to its output written (the input moved to .done/ after it), with the
 * ideal ceil(requests / limit) × latency; the inbox's quiet time (file dropped to first request) is shown apart.
 *
 * Arguments: [latency-ms=400] [limit=3] [queries=12] (each query: 45 items, 3 pages of 20).
 */
public class ApiEfficiency {

    public static void main(String[] args) throws Exception {
        long latencyMs = args.length > 0 ? Long.parseLong(args[0]) : 400;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        Path dataDir = Files.createTempDirectory("tmapi-bench-");

        try (TmapiSimulator simulator = new TmapiSimulator("bench-token").start()) {
            simulator.setLatency(Duration.ofMillis(latencyMs));
            Main main = TmapiRoutesMain.create(new LaunchOptions(false, Path.of("routes"),
                    Path.of("config", "application.properties"), List.of()));
            main.addOverrideProperty("tmapi.base-url", simulator.baseUrl());
            main.addOverrideProperty("tmapi.api-token", "bench-token");
            main.addOverrideProperty("data.dir", dataDir.toString());
            main.addOverrideProperty("tmapi.max-concurrency", String.valueOf(limit));
            main.start();
            try {
                Path inbox = dataDir.resolve("inbox/category-items");
                while (!Files.isDirectory(inbox)) {
                    Thread.sleep(50);
                }
                // a first job of the same size warms the program up, as a service that runs for months is; both are shown
                double[] cold = run(simulator, inbox, dataDir, "warm-up", 1000, queries, latencyMs, limit);
                simulator.resetCounters();
                double[] warm = run(simulator, inbox, dataDir, "bench", 2000, queries, latencyMs, limit);
                double ideal = warm[1];
                double achieved = warm[0];
                List<RecordedRequest> requests = simulator.requests();
                System.out.printf(Locale.ROOT, "requests            %d (%d queries x 3 pages)%n", requests.size(), queries);
                System.out.printf(Locale.ROOT, "latency, limit      %d ms, %d%n", latencyMs, limit);
                System.out.printf(Locale.ROOT, "achieved wall time  %.2f s (first request to last answer)%n", achieved);
                System.out.printf(Locale.ROOT, "ideal               %.2f s (ceil(requests/limit) x latency)%n", ideal);
                System.out.printf(Locale.ROOT, "ratio               %.3f (the first, cold job: %.3f)%n",
                        achieved / ideal, cold[0] / ideal);
                System.out.printf(Locale.ROOT, "to the output       %.2f s, ratio %.3f (target <= 1.05; the cold job: %.2f s, %.3f)%n",
                        warm[3], warm[3] / ideal, cold[3], cold[3] / ideal);
                System.out.printf(Locale.ROOT, "max in flight       %d%n", simulator.maxInFlight());
                System.out.printf(Locale.ROOT, "inbox quiet time    %.2f s (file dropped to first request; the cold job: %.2f s)%n",
                        warm[4], cold[4]);
                System.out.printf(Locale.ROOT, "whole job           %.2f s (file dropped to input in .done/)%n", warm[2]);
            } finally {
                main.stop();
            }
        }
    }

    /**
     * Drops one job of the queries and waits for it: its wall time (first request to last answer), ideal, whole (file
     * dropped to input in .done/), first request to input in .done/ (after the output), file dropped to first request.
     */
    private static double[] run(TmapiSimulator simulator, Path inbox, Path dataDir, String name, int firstCatId,
            int queries, long latencyMs, int limit) throws Exception {
        StringBuilder file = new StringBuilder("cat_id\n");
        for (int i = 1; i <= queries; i++) {
            file.append(firstCatId + i).append('\n');
        }
        Path staged = dataDir.resolve(name + ".csv");
        Files.writeString(staged, file);
        Instant dropped = Instant.now();
        Files.move(staged, inbox.resolve(name + ".csv"));
        Path done = inbox.resolve(".done/" + name + ".csv");
        while (!Files.exists(done)) {
            Thread.sleep(2);
        }
        Instant finished = Instant.now();
        List<RecordedRequest> requests = simulator.requests();
        Instant first = requests.stream().map(RecordedRequest::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = requests.stream().map(RecordedRequest::end).max(Comparator.naturalOrder()).orElseThrow();
        return new double[] {Duration.between(first, last).toMillis() / 1000.0,
                Math.ceil(requests.size() / (double) limit) * latencyMs / 1000.0,
                Duration.between(dropped, finished).toMillis() / 1000.0,
                Duration.between(first, finished).toMillis() / 1000.0,
                Duration.between(dropped, first).toMillis() / 1000.0};
    }
}
