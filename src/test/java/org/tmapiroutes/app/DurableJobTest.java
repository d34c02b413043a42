package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tmapiroutes.app.RunningBundle.list;
import static org.tmapiroutes.app.RunningBundle.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;

/**
 * Jobs are durable from the moment a file is accepted: an output that cannot be written waits with its fetched pages,
 * a job whose every query failed is reported whole, and nothing after the fetch makes a page be bought again.
 */
class DurableJobTest {

    @TempDir
    static Path dataDir;
    static RunningBundle bundle;

    @BeforeAll
    static void start() {
        bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of("delivery.retry-seconds", "1"));
    }

    @AfterAll
    static void stop() {
        bundle.close();
    }

    @BeforeEach
    void reset() {
        bundle.simulator.clearFaults();
        bundle.simulator.resetCounters();
    }

    private static long count(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void givenAnOutboxThatCannotBeWritten_whenFilesAreFetched_thenTheyWaitWithTheirPagesAndAreWrittenWithoutAnotherCall()
            throws Exception {
        Path outbox = Files.createDirectories(dataDir.resolve("outbox"));
        Path blocker = Files.writeString(outbox.resolve("shop-items"), "a file where the folder should be");
        String shops = "shop_url\nhttps://shop1.1688.com\nhttps://shop2.1688.com\n";
        try (CapturedLog log = CapturedLog.info()) {
            bundle.drop("shop-items", "blocked.csv", shops);
            await().atMost(RunningBundle.PATIENCE).until(() -> log.text().contains("blocked.csv: cannot write in"));
            // the next file of the same flow is not held up behind the first
            bundle.drop("shop-items", "next.csv", shops);
            await().atMost(RunningBundle.PATIENCE).until(() -> log.text().contains("next.csv: cannot write in"));
            int calls = bundle.simulator.requestCount();
            assertThat(calls).isEqualTo(2 * 2 * 3);
            assertThat(log.text()).containsPattern("ERROR .*blocked.csv: cannot write in \\S*outbox/shop-items/ \\(");
            assertThat(bundle.inbox("shop-items").resolve(".processing/blocked.csv")).exists();
            assertThat(bundle.inbox("shop-items").resolve(".error")).doesNotExist();

            Files.delete(blocker);

            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.outboxFiles("shop-items").size() == 2);
            bundle.awaitArchived("shop-items", "blocked.csv");
            bundle.awaitArchived("shop-items", "next.csv");
            assertThat(bundle.simulator.requestCount()).as("written from the kept pages, no TMAPI call").isEqualTo(calls);
            assertThat(count(log.text(), "ERROR .*blocked.csv")).as("one ERROR, not one per attempt").isEqualTo(1);
            assertThat(bundle.outboxFiles("shop-items")).allSatisfy(csv ->
                    assertThat(Files.readAllLines(csv)).hasSize(1 + 2 * 45));
            assertThat(list(bundle.outbox("shop-items"))).noneMatch(p -> p.getFileName().toString().startsWith("."));
            assertThat(list(bundle.inbox("shop-items").resolve(".processing"))).isEmpty();
        }
    }

    @Test
    void givenTmapiUnreachable_whenATenQueryFileIsDroppedTwice_thenEveryFailureIsReportedUnderItsOwnName()
            throws Exception {
        bundle.simulator.failAlways("category-items", Fault.connectionDrop());
        StringBuilder queries = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            queries.append(5000 + i).append('\n');
        }
        bundle.drop("category-items", "down.txt", queries.toString());
        Path first = bundle.awaitArchived("category-items", "down.txt");
        bundle.drop("category-items", "down.txt", queries.toString());
        await().atMost(RunningBundle.PATIENCE).until(() -> Files.exists(first.resolveSibling("down-2.txt")));

        assertThat(first.getParent().getFileName()).hasToString(".error");
        for (String name : new String[] {"down.txt.error.txt", "down-2.txt.error.txt"}) {
            assertThat(read(first.resolveSibling(name))).contains("all 10 queries failed").contains("nothing was written");
        }
        Path errors = dataDir.resolve("errors/category-items");
        for (String name : new String[] {"down-failed.csv", "down-failed-2.csv"}) {
            assertThat(Files.readAllLines(errors.resolve(name))).as(name).hasSize(1 + 10);
        }
        assertThat(list(errors).stream().filter(p -> p.toString().endsWith(".json")))
                .as("one dead letter per failed query").hasSize(20);
        assertThat(bundle.outboxFiles("category-items")).noneMatch(p -> p.getFileName().toString().startsWith("down"));
    }

    @Test
    void givenAFileLeftInProcessingThatNoJobNames_whenStarted_thenItGoesBackAndIsFetchedOnce(@TempDir Path otherData)
            throws Exception {
        // what a stop between the move to .processing/ and the job's record leaves
        Path processing = Files.createDirectories(otherData.resolve("inbox/category-items/.processing"));
        Files.writeString(processing.resolve("orphan.txt"), "1031922\n");

        try (RunningBundle other = RunningBundle.start(otherData, Path.of("routes"), Map.of())) {
            assertThat(other.awaitArchived("category-items", "orphan.txt").getParent().getFileName())
                    .hasToString(".done");
            assertThat(other.outboxFiles("category-items")).hasSize(1);
            assertThat(other.simulator.requestCount()).isEqualTo(3);
            assertThat(list(processing)).isEmpty();
        }
    }
}
