import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * CPU a request, side by side: the packaged jar and a plain Python client (bench/plain_client.py) each run the same
 * category-items job three times in one process, against one simulator in this JVM (so its CPU is counted in
 * neither), and the third, warm job is compared: process CPU (utime + stime of /proc/&lt;pid&gt;/stat) a request,
 * wall time from the first request to the last answer, and the requests in flight as the simulator saw them.
 *
 * Arguments: JVM options for the packaged jar, e.g. -XX:TieredStopAtLevel=1. System properties of this program:
 * bench.queries (100), bench.pages (20 pages of 20 items a query), bench.concurrency (3), bench.latency-ms (0),
 * bench.jfr (a file: the third job of the jar is recorded there with Flight Recorder's profile settings, or those of the .jfc file bench.jfr-settings names).
 */
public class CpuPerRequest {

    private static final BlockingQueue<String> LINES = new LinkedBlockingQueue<>();
    private static final long TICK_MS = 10; // USER_HZ is 100 on Linux
    private static final int QUERIES = Integer.getInteger("bench.queries", 100);
    private static final int PAGES = Integer.getInteger("bench.pages", 20);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 3);
    private static final long LATENCY_MS = Long.getLong("bench.latency-ms", 0);
    private static final String JFR = System.getProperty("bench.jfr");
    private static final int[] FIRST_CAT_IDS = {10_000, 20_000, 30_000};

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("tmapi-bench-");
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path f : shipped.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        try (TmapiSimulator simulator = new TmapiSimulator("bench-token").start()) {
            simulator.setItemsPerQuery(PAGES * 20);
            simulator.setLatency(Duration.ofMillis(LATENCY_MS));
            Figures product = product(simulator, work, routes, args);
            simulator.resetCounters();
            Figures plain = plainClient(simulator, work);

            System.out.printf(Locale.ROOT, "job                   %d queries x %d pages of 20 items, latency %d ms, limit %d; third job of three in one process%n",
                    QUERIES, PAGES, LATENCY_MS, CONCURRENCY);
            System.out.printf(Locale.ROOT, "JVM options           %s%n", args.length == 0 ? "(none)" : String.join(" ", args));
            System.out.printf(Locale.ROOT, "%-22s%14s%14s%n", "", "product", "plain client");
            System.out.printf(Locale.ROOT, "%-22s%14d%14d%n", "requests", product.requests, plain.requests);
            System.out.printf(Locale.ROOT, "%-22s%14.0f%14.0f%n", "process CPU, ms", product.cpuMs, plain.cpuMs);
            System.out.printf(Locale.ROOT, "%-22s%14.2f%14.2f   (ratio %.1f)%n", "CPU a request, ms", product.cpuPerRequest(),
                    plain.cpuPerRequest(), product.cpuPerRequest() / plain.cpuPerRequest());
            System.out.printf(Locale.ROOT, "%-22s%14s%14s%n", "  of it JIT threads", product.jitMs < 0 ? "-" : String.format(Locale.ROOT, "%.0f ms", product.jitMs), "-");
            System.out.printf(Locale.ROOT, "%-22s%14.2f%14.2f%n", "wall, s", product.wallS, plain.wallS);
            System.out.printf(Locale.ROOT, "%-22s%14.2f%14.2f%n", "in flight, mean", product.meanInFlight, plain.meanInFlight);
            System.out.printf(Locale.ROOT, "%-22s%14d%14d%n", "in flight, max", product.maxInFlight, plain.maxInFlight);
            System.out.printf(Locale.ROOT, "%-22s%14.2f%14s%n", "whole job, s", product.wholeS, "-");
            System.out.printf(Locale.ROOT, "(whole job: file dropped to moved to .done/, incl. inbox.quiet-seconds=1)%n");
        }
    }

    /** The packaged jar as users run it: three jobs dropped one after another; the third is measured. */
    private static Figures product(TmapiSimulator simulator, Path work, Path routes, String[] jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + work.resolve("data"),
                "-Dtmapi.max-concurrency=" + CONCURRENCY, "-Dtmapi.page-size=20", "-Dtmapi.max-pages=" + PAGES,
                "-Dinbox.quiet-seconds=1", "-Dcamel.management.port=0",
                "-jar", "target/tmapi-routes.jar", "--routes", routes.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TMAPI_API_TOKEN", "bench-token");
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
            Path inbox = work.resolve("data/inbox/category-items");
            Figures figures = null;
            for (int job = 0; job < FIRST_CAT_IDS.length; job++) {
                simulator.resetCounters();
                StringBuilder ids = new StringBuilder();
                for (int i = 0; i < QUERIES; i++) {
                    ids.append(FIRST_CAT_IDS[job] + i).append('\n');
                }
                String name = "job-" + (job + 1) + ".txt";
                Files.writeString(work.resolve(name), ids);
                boolean recorded = JFR != null && job == FIRST_CAT_IDS.length - 1;
                if (recorded) {
                    jcmd(process.pid(), "JFR.start", "name=bench",
                            "settings=" + System.getProperty("bench.jfr-settings", "profile"),
                            "filename=" + Path.of(JFR).toAbsolutePath());
                }
                long cpuBefore = cpuTicks(process.pid());
                long jitBefore = jitTicks(process.pid());
                long dropped = System.nanoTime();
                Files.move(work.resolve(name), inbox.resolve(name));
                while (!Files.exists(inbox.resolve(".done/" + name))) {
                    Thread.sleep(20);
                }
                double whole = (System.nanoTime() - dropped) / 1e9;
                long cpu = cpuTicks(process.pid()) - cpuBefore;
                long jit = jitTicks(process.pid()) - jitBefore;
                if (recorded) {
                    jcmd(process.pid(), "JFR.stop", "name=bench");
                }
                figures = figures(simulator, cpu * TICK_MS, jit * TICK_MS, whole);
                System.err.printf(Locale.ROOT, "product job %d: %d requests, %d ms CPU, %.2f s%n", job + 1,
                        figures.requests, cpu * TICK_MS, figures.wallS);
            }
            return figures;
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** bench/plain_client.py doing the same three jobs; it reads its own /proc/self/stat around each. */
    private static Figures plainClient(TmapiSimulator simulator, Path work) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "bench/plain_client.py", simulator.baseUrl(),
                String.valueOf(CONCURRENCY), String.valueOf(PAGES), work.resolve("plain").toString()));
        for (int first : FIRST_CAT_IDS) {
            command.add(first + ":" + QUERIES);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TMAPI_API_TOKEN", "bench-token");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("plain client failed:\n" + output);
        }
        System.err.print(output.lines().map(l -> "plain client " + l + "\n").reduce("", String::concat));
        Matcher third = Pattern.compile("job 3: requests (\\d+), cpu_ms (\\d+)").matcher(output);
        if (!third.find()) {
            throw new IllegalStateException("no third job in:\n" + output);
        }
        List<RecordedRequest> requests = simulator.requests().stream()
                .filter(r -> Integer.parseInt(r.parameter("cat_id")) >= FIRST_CAT_IDS[2]).toList();
        return figures(requests, simulator.maxInFlight(), Double.parseDouble(third.group(2)), -1, Double.NaN);
    }

    private static Figures figures(TmapiSimulator simulator, double cpuMs, double jitMs, double whole) {
        return figures(simulator.requests(), simulator.maxInFlight(), cpuMs, jitMs, whole);
    }

    private static Figures figures(List<RecordedRequest> requests, int maxInFlight, double cpuMs, double jitMs, double whole) {
        Instant first = requests.stream().map(RecordedRequest::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = requests.stream().map(RecordedRequest::end).max(Comparator.naturalOrder()).orElseThrow();
        double wall = Duration.between(first, last).toNanos() / 1e9;
        double busy = requests.stream().mapToLong(r -> r.duration().toNanos()).sum() / 1e9;
        return new Figures(requests.size(), cpuMs, jitMs, wall, busy / wall, maxInFlight, whole);
    }

    private record Figures(int requests, double cpuMs, double jitMs, double wallS, double meanInFlight, int maxInFlight,
                           double wholeS) {
        double cpuPerRequest() {
            return cpuMs / requests;
        }
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed");
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** utime + stime of a process (all its threads, live and ended), in clock ticks. */
    private static long cpuTicks(long pid) throws Exception {
        return ticks(Path.of("/proc/" + pid + "/stat"));
    }

    /** utime + stime of the JIT compiler threads alive now (C1/C2 threads that ended meanwhile are missed). */
    private static long jitTicks(long pid) throws Exception {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("C")
                            && Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        sum += ticks(task.resolve("stat"));
                    }
                } catch (java.io.IOException ended) {
                    // the thread ended while listed
                }
            }
        }
        return sum;
    }

    private static long ticks(Path stat) throws Exception {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
}
