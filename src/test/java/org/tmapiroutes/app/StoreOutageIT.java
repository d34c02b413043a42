package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.RealPostgres;

/**
 * The packaged jar's state store taken away under a running job and given back: PostgreSQL stopped and started (the
 * test's own server), and the embedded store's disk filled and freed (a small tmpfs the test mounts, as root). Health
 * answers throughout, DOWN naming the store; no TMAPI request goes out meanwhile; the job goes on from its last recorded
 * page with each page bought once.
 */
class StoreOutageIT {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String TOKEN = "outage-token";
    private static final Duration HEALTH_ANSWERS_WITHIN = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(HEALTH_ANSWERS_WITHIN).build();
    private static final List<String> TEN_PAGES = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");

    @TempDir
    Path work;
    private Process process;
    private Path log;
    private SmallDisk disk;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (disk != null) {
            disk.close();
        }
    }

    private Process start(TmapiSimulator simulator, Path dataDir, int port, Map<String, String> environment,
            String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + dataDir,
                "-Dcamel.management.port=" + port, "-Dtmapi.max-concurrency=1", "-Dtmapi.max-pages=10",
                "-Dinbox.quiet-seconds=1"));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", PROJECT.resolve("target/tmapi-routes.jar").toString()));
        // kept after the test, to read when it failed
        log = Files.createDirectories(PROJECT.resolve("target/store-outage-logs"))
                .resolve("run-" + System.currentTimeMillis() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("TMAPI_API_TOKEN", TOKEN);
        builder.environment().putAll(environment);
        process = builder.start();
        return process;
    }

    private static String health(int port) throws Exception {
        // a health check that does not answer in time fails the test here (HttpTimeoutException)
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/observe/health?exposureLevel=full")).timeout(HEALTH_ANSWERS_WITHIN).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean storeDown(int port) throws Exception {
        return health(port).contains("\"name\":\"state-store\",\"status\":\"DOWN\"");
    }

    private Path archived(Path dataDir, String name) throws IOException {
        try {
            return await().atMost(Duration.ofSeconds(120)).until(() -> {
                Path done = dataDir.resolve("inbox/category-items/.done").resolve(name);
                return Files.exists(done) ? done : null;
            }, p -> p != null);
        } catch (ConditionTimeoutException e) {
            List<String> files;
            try (Stream<Path> walk = Files.walk(dataDir.resolve("inbox"))) {
                files = walk.map(p -> dataDir.relativize(p).toString()).sorted().toList();
            }
            List<String> lines = Files.readAllLines(log);
            List<String> state;
            try (Stream<Path> walk = Files.walk(dataDir.resolve("state"))) {
                state = walk.filter(Files::isRegularFile).map(p -> {
                    try {
                        return dataDir.relativize(p) + " " + Files.size(p);
                    } catch (IOException gone) {
                        return dataDir.relativize(p) + " gone";
                    }
                }).sorted().toList();
            }
            java.nio.file.FileStore store = Files.getFileStore(dataDir.resolve("state"));
            String threads = productThreads();
            throw new AssertionError(name + " not archived in .done/ within 2 minutes; the program's threads in its own"
                    + " code:\n" + threads + "\ndata/state/ holds " + state
                    + " with " + store.getUsableSpace() + " of " + store.getTotalSpace() + " bytes free"
                    + "; the inbox holds " + files
                    + "; the end of the program's log (" + log + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())), e);
        }
    }

    /**
     * The program's threads that are in the product's code (a thread dump by jcmd, the whole dump kept beside its
     * log), to tell where a job waits when it should not.
     */
    private String productThreads() {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            Files.writeString(log.resolveSibling(log.getFileName() + ".threads.txt"), text);
            List<String> ours = new java.util.ArrayList<>();
            for (String thread : text.split("\n\n")) {
                if (thread.contains("org.tmapiroutes")) {
                    ours.add(thread.lines().limit(25).collect(java.util.stream.Collectors.joining("\n")));
                }
            }
            return String.join("\n\n", ours);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** The store's going and coming back said once each in the log, with no stack trace of ours in between. */
    private void saidOnce() throws IOException {
        String text = Files.readString(log);
        assertThat(text.lines().filter(l -> l.contains("ERROR") && l.contains("The state store (")))
                .as("one ERROR for the outage").hasSize(1);
        assertThat(text.lines().filter(l -> l.contains("INFO") && l.contains("answers again: the jobs go on from"
                + " their last recorded page"))).as("one INFO when it is back").hasSize(1);
        assertThat(text).doesNotContain("NullPointerException");
        assertThat(text.lines().filter(l -> l.startsWith("\tat "))).as("lines of stack traces").hasSizeLessThan(30);
    }

    /** While the store is away: no request goes out for a while, and health keeps answering DOWN. */
    private static void nothingBoughtMeanwhile(TmapiSimulator simulator, int port) {
        int before = simulator.requestCount();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> simulator.requestCount() <= before + 1 && storeDown(port));
    }

    @Test
    void givenThePackagedJarOnPostgreSql_whenTheDatabaseStopsAndStartsUnderAJob_thenNoPageIsBoughtTwice()
            throws Exception {
        String url = POSTGRES.newDatabase();
        Path dataDir = work.resolve("data");
        int port = RunningBundle.freePort();
        try (TmapiSimulator simulator = new TmapiSimulator(TOKEN).start()) {
            simulator.setItemsPerQuery(200);
            simulator.setLatency(Duration.ofMillis(300));
            start(simulator, dataDir, port, Map.of("STATE_PASSWORD", POSTGRES.password()), "-Dstate.jdbc-url=" + url,
                    "-Dstate.username=" + POSTGRES.username());
            StopMidJobIT.drop(dataDir, "outage.txt", "1031922\n");
            await().atMost(Duration.ofSeconds(120)).until(() -> simulator.requestCount() >= 2);

            POSTGRES.halt();
            await().atMost(Duration.ofSeconds(30)).until(() -> storeDown(port));
            nothingBoughtMeanwhile(simulator, port);
            POSTGRES.restart();

            archived(dataDir, "outage.txt");
            assertThat(simulator.requests()).extracting(r -> r.parameter("page")).as("each page bought once")
                    .containsExactlyElementsOf(TEN_PAGES);
            await().atMost(Duration.ofSeconds(30)).until(() -> !storeDown(port));
            assertThat(health(port)).contains("\"name\":\"state-store\",\"status\":\"UP\"");
            saidOnce();
        }
    }

    @Test
    void givenThePackagedJarWithItsEmbeddedStoreOnASmallDisk_whenTheDiskFillsAndIsFreed_thenNoPageIsBoughtTwice()
            throws Exception {
        Path dataDir = work.resolve("data");
        disk = SmallDisk.mountForTest(dataDir.resolve("state"), 24);
        int port = RunningBundle.freePort();
        try (TmapiSimulator simulator = new TmapiSimulator(TOKEN).start()) {
            simulator.setItemsPerQuery(200);
            simulator.setLatency(Duration.ofMillis(300));
            start(simulator, dataDir, port, Map.of());
            StopMidJobIT.drop(dataDir, "full.txt", "1031922\n");
            await().atMost(Duration.ofSeconds(120)).until(() -> simulator.requestCount() >= 2);

            Path filler = disk.fill();
            await().atMost(Duration.ofSeconds(30)).until(() -> storeDown(port));
            nothingBoughtMeanwhile(simulator, port);
            Files.delete(filler);

            archived(dataDir, "full.txt");
            assertThat(simulator.requests()).extracting(r -> r.parameter("page")).as("each page bought once")
                    .containsExactlyElementsOf(TEN_PAGES);
            await().atMost(Duration.ofSeconds(30)).until(() -> !storeDown(port));
            saidOnce();
        }
    }
}
