package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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
    private Path mounted;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (mounted != null) {
            run("umount", "-l", mounted.toString());
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
        Path log = Files.createDirectories(PROJECT.resolve("target/store-outage-logs"))
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

    private static boolean run(String... command) throws Exception {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getInputStream().readAllBytes();
        return child.waitFor(30, TimeUnit.SECONDS) && child.exitValue() == 0;
    }

    private static Path archived(Path dataDir, String name) {
        return await().atMost(Duration.ofSeconds(120)).until(() -> {
            Path done = dataDir.resolve("inbox/category-items/.done").resolve(name);
            return Files.exists(done) ? done : null;
        }, p -> p != null);
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
        }
    }

    @Test
    void givenThePackagedJarWithItsEmbeddedStoreOnASmallDisk_whenTheDiskFillsAndIsFreed_thenNoPageIsBoughtTwice()
            throws Exception {
        Path dataDir = work.resolve("data");
        Path state = Files.createDirectories(dataDir.resolve("state"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", state.toString()),
                "mounting a small tmpfs needs root (CAP_SYS_ADMIN)");
        mounted = state;
        int port = RunningBundle.freePort();
        try (TmapiSimulator simulator = new TmapiSimulator(TOKEN).start()) {
            simulator.setItemsPerQuery(200);
            simulator.setLatency(Duration.ofMillis(300));
            start(simulator, dataDir, port, Map.of());
            StopMidJobIT.drop(dataDir, "full.txt", "1031922\n");
            await().atMost(Duration.ofSeconds(120)).until(() -> simulator.requestCount() >= 2);

            Path filler = fill(state);
            await().atMost(Duration.ofSeconds(30)).until(() -> storeDown(port));
            nothingBoughtMeanwhile(simulator, port);
            Files.delete(filler);

            archived(dataDir, "full.txt");
            assertThat(simulator.requests()).extracting(r -> r.parameter("page")).as("each page bought once")
                    .containsExactlyElementsOf(TEN_PAGES);
            await().atMost(Duration.ofSeconds(30)).until(() -> !storeDown(port));
        }
    }

    /** Fills the file system holding the folder up to its last byte; returns the filler to delete. */
    private static Path fill(Path folder) throws IOException {
        Path filler = folder.resolve("filler.bin");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left: what the test wants
        }
        return filler;
    }
}
