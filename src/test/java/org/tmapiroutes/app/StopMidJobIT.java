package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.sql.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.StateStore;

/** The packaged jar stopped in the middle of a job: gracefully (SIGTERM) and hard (kill -9). */
class StopMidJobIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path work;
    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(TmapiSimulator simulator, Path dataDir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + dataDir,
                "-Dcamel.management.port=" + RunningBundle.freePort(), "-Dcamel.main.shutdown-timeout=20",
                "-jar", PROJECT.resolve("target/tmapi-routes.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("run-" + System.nanoTime() + ".log").toFile());
        builder.environment().put("TMAPI_API_TOKEN", "stop-token");
        process = builder.start();
        return process;
    }

    static void drop(Path dataDir, String name, String content) throws Exception {
        drop(dataDir, "category-items", name, content);
    }

    static void drop(Path dataDir, String folder, String name, String content) throws Exception {
        Path inbox = dataDir.resolve("inbox").resolve(folder);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(inbox));
        Path temp = dataDir.resolve(name + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name));
    }

    private static String queries(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            text.append(3000 + i).append('\n');
        }
        return text.toString();
    }

    /** No file under a final name is ever half-written: every outbox CSV holds its header and all its rows. */
    private static void assertNoHalfWrittenOutput(Path dataDir, int rows) throws Exception {
        for (Path csv : RunningBundle.list(dataDir.resolve("outbox/category-items"))) {
            if (!csv.getFileName().toString().startsWith(".")) {
                assertThat(Files.readAllLines(csv)).as(csv.toString()).hasSize(1 + rows);
            }
        }
    }

    /** How many requests asked for a page already asked for before: the pages paid twice. */
    private static long pagesFetchedTwice(TmapiSimulator simulator) {
        List<String> pages = simulator.requests().stream()
                .map(r -> r.parameter("cat_id") + "/" + r.parameter("page")).toList();
        return pages.size() - pages.stream().distinct().count();
    }

    private static final int QUERIES = 20;
    /** 45 items per query at 20 per page: 3 pages each. */
    private static final int PAGES_NEEDED = QUERIES * 3;
    /** tmapi.max-concurrency: the requests that may be in flight when the program stops. */
    private static final int IN_FLIGHT = 3;

    @Test
    void givenJobHalfFetched_whenKilled_thenTheNextStartFetchesOnlyThePagesNotRecorded() throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator("stop-token").start()) {
            simulator.setLatency(Duration.ofMillis(200));
            Path dataDir = work.resolve("data");
            start(simulator, dataDir);
            drop(dataDir, "big.txt", queries(QUERIES));
            await().atMost(Duration.ofSeconds(60)).until(() -> simulator.requestCount() >= PAGES_NEEDED / 2);

            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);

            Path inbox = dataDir.resolve("inbox/category-items");
            assertThat(inbox.resolve(".processing/big.txt")).as("the accepted input waits in .processing/").exists();
            assertNoHalfWrittenOutput(dataDir, QUERIES * 45);
            // what a kill during the CSV write leaves: a temporary file, never a final name
            Path leftover = Files.writeString(Files.createDirectories(dataDir.resolve("outbox/category-items"))
                    .resolve(".writing-big-x.csv"), "source,query\n");

            simulator.setLatency(Duration.ZERO);
            start(simulator, dataDir);

            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve(".done/big.txt")));
            assertThat(leftover).doesNotExist();
            assertThat(RunningBundle.list(inbox.resolve(".processing"))).isEmpty();
            assertNoHalfWrittenOutput(dataDir, QUERIES * 45);
            assertThat(RunningBundle.list(dataDir.resolve("outbox/category-items"))).hasSize(1);
            // calls made ÷ needed ≤ 1 + in flight at the kill ÷ needed
            assertThat(pagesFetchedTwice(simulator)).isLessThanOrEqualTo(IN_FLIGHT);
            assertThat(simulator.requestCount()).isLessThanOrEqualTo(PAGES_NEEDED + IN_FLIGHT);
        }
    }

    @Test
    void givenAJobHalfwayThroughItsDetails_whenKilledAndTheirKeepTimePassesBeforeTheRestart_thenOnlyThoseInFlightAreBoughtAgain()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator("stop-token").start()) {
            simulator.setLatency(Duration.ofMillis(200));
            Path dataDir = work.resolve("data");
            start(simulator, dataDir);
            // routes/category-landed-cost-inbox.camel.yaml: the first 20 products' details and shipping quotes
            drop(dataDir, "category-landed-cost", "cups.txt", "1031922\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> simulator.requestCount("item-detail") >= 8);

            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            int listPages = simulator.requestCount("category-items");
            // the details and quotes bought are older than details.keep-hours and shipping.keep-hours at the restart:
            // the job has them in its own record of the calls it made
            int aged;
            try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir);
                    Connection connection = store.dataSource().getConnection()) {
                aged = connection.createStatement().executeUpdate(
                        "update tmapi_kept_record set kept_at = kept_at - interval '2' day");
            }
            assertThat(aged).as("details and quotes kept before the kill").isPositive();

            simulator.setLatency(Duration.ZERO);
            start(simulator, dataDir);

            Path inbox = dataDir.resolve("inbox/category-landed-cost");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve(".done/cups.txt")));
            List<String> details = simulator.requests().stream().filter(r -> "item-detail".equals(r.endpointId()))
                    .map(r -> r.parameter("item_id")).toList();
            assertThat(details).as("each detail bought once, but those in flight at the kill, though the kept ones had"
                    + " expired").hasSizeLessThanOrEqualTo(20 + IN_FLIGHT);
            assertThat(details.stream().distinct()).hasSize(20);
            assertThat(simulator.requestCount("category-items")).as("no list page bought again").isEqualTo(listPages);
            Path csv = RunningBundle.list(dataDir.resolve("outbox/category-items")).get(0);
            assertThat(Files.readAllLines(csv).stream().skip(1)
                    .filter(line -> line.matches(".*,\\d+\\.\\d\\d,(true|false)$"))).as("20 rows with their landed cost")
                    .hasSize(20);
        }
    }

    @Test
    void givenJobInProgress_whenSigterm_thenNoNewPageIsAskedForAndTheNextStartFinishesIt() throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator("stop-token").start()) {
            simulator.setLatency(Duration.ofMillis(300));
            Path dataDir = work.resolve("data");
            start(simulator, dataDir);
            drop(dataDir, "big.txt", queries(QUERIES));
            await().atMost(Duration.ofSeconds(60)).until(() -> simulator.requestCount() >= 6);

            int askedBeforeTheStop = simulator.requestCount();
            process.destroy();

            assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("stopped within the shutdown timeout").isTrue();
            assertThat(simulator.requestCount()).as("no page asked for after the stop but those in flight")
                    .isLessThanOrEqualTo(askedBeforeTheStop + IN_FLIGHT);
            Path inbox = dataDir.resolve("inbox/category-items");
            assertThat(inbox.resolve(".processing/big.txt")).as("left to resume, not set aside").exists();
            assertThat(inbox.resolve(".error")).doesNotExist();
            assertThat(RunningBundle.list(dataDir.resolve("outbox/category-items"))).isEmpty();

            simulator.setLatency(Duration.ZERO);
            start(simulator, dataDir);

            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve(".done/big.txt")));
            assertNoHalfWrittenOutput(dataDir, QUERIES * 45);
            assertThat(pagesFetchedTwice(simulator)).isLessThanOrEqualTo(IN_FLIGHT);
            assertThat(simulator.requestCount()).isLessThanOrEqualTo(PAGES_NEEDED + IN_FLIGHT);
        }
    }
}
