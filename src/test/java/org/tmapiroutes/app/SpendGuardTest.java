package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * The spend guard, job.max-calls: a job never makes more TMAPI calls than it may, list pages and enrichment together;
 * what it could not ask is in its -failed.csv, which dropped back asks exactly the rest.
 */
class SpendGuardTest {

    @TempDir
    Path dataDir;

    private static List<CSVRecord> csv(Path file) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(RunningBundle.read(file).substring(1))).getRecords();
    }

    @Test
    void givenTheLastCallAllowedAnswered417_whenItsRetryIsNotMade_thenItIsListedAsMaxCallsWithNoDeadLetterOf417()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                CapturedLog log = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of("job.max-calls", "2",
                                "tmapi.retry.417.delay-ms", "10"), simulator)) {
            simulator.failNext("category-items", "1031922", Fault.httpStatus(417), 5);

            bundle.drop("category-items", "flaky.txt", "1031922\n");

            assertThat(bundle.awaitArchived("category-items", "flaky.txt").getParent().getFileName())
                    .hasToString(".error");
            assertThat(simulator.requestCount()).as("never more than job.max-calls").isEqualTo(2);
            assertThat(csv(dataDir.resolve("errors/category-items/flaky-failed.csv")))
                    .singleElement().satisfies(r -> assertThat(r.get("error_code")).isEqualTo("max-calls"));
            // the retry not made is not a 417 that gave up: no dead letter, no 417 line
            assertThat(RunningBundle.list(dataDir.resolve("errors/category-items")))
                    .extracting(f -> f.getFileName().toString()).containsExactly("flaky-failed.csv");
            assertThat(log.text()).doesNotContain("TMAPI could not retrieve the data");
        }
    }

    @Test
    void givenThreeQueriesOfThreePagesAndFiveCallsAllowed_whenDropped_thenFiveCallsAndTheRestIsAskedWhenDroppedBack()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of("job.max-calls", "5"), simulator)) {
            bundle.drop("category-items", "three.txt", "1031922\n201164002\n1031910\n");

            assertThat(bundle.awaitArchived("category-items", "three.txt").getParent().getFileName())
                    .hasToString(".error");
            assertThat(simulator.requestCount()).as("never more than job.max-calls").isEqualTo(5);
            Path failedCsv = dataDir.resolve("errors/category-items/three-failed.csv");
            List<CSVRecord> left = csv(failedCsv);
            assertThat(left).isNotEmpty().allSatisfy(r -> assertThat(r.get("error_code")).isEqualTo("max-calls"));
            assertThat(RunningBundle.read(bundle.inbox("category-items").resolve(".error/three.txt.error.txt")))
                    .contains("code max-calls");
            // 45 items a query: pages of 20, 20 and 5
            int bought = simulator.requests().stream().mapToInt(r -> "3".equals(r.parameter("page")) ? 5 : 20).sum();
            assertThat(csv(bundle.outboxFiles("category-items").get(0))).as("every page bought is written")
                    .hasSize(bought);

            bundle.drop("category-items", "three-failed.csv", RunningBundle.read(failedCsv));
            assertThat(bundle.awaitArchived("category-items", "three-failed.csv").getParent().getFileName())
                    .hasToString(".done");
            List<String> pages = simulator.requests().stream()
                    .map(r -> r.parameter("cat_id") + "/" + r.parameter("page")).toList();
            assertThat(pages).as("each page bought once, the 9 in all").hasSize(9).doesNotHaveDuplicates();
        }
    }

    @Test
    void givenTheLandedCostFlowAndEightCallsAllowed_whenDropped_thenThreeListPagesAndFiveDetailsAreAllThatIsBought()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"), Map.of("job.max-calls", "8"), simulator)) {
            bundle.drop("category-landed-cost", "cups.txt", "1031922\n");

            bundle.awaitArchived("category-landed-cost", "cups.txt");
            assertThat(simulator.requestCount("category-items")).isEqualTo(3);
            assertThat(simulator.requestCount()).as("list pages and enrichment together").isEqualTo(8);
            List<CSVRecord> rows = csv(bundle.outboxFiles("category-items").get(0));
            assertThat(rows).hasSize(45);
            assertThat(rows.stream().filter(r -> !r.get("sku_count").isEmpty())).hasSize(5);
            assertThat(rows.stream().filter(r -> !r.get("landed_unit_cost").isEmpty())).isEmpty();
        }
    }
}
