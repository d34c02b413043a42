package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;

/** Requests in flight never exceed tmapi.max-concurrency, process-wide, and a job uses the whole limit. */
class ConcurrencyTest {

    @TempDir
    Path dataDir;

    @Test
    void givenSeveralFilesDroppedAtOnce_whenFetched_thenInFlightReachesButNeverExceedsTheLimit() {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of("tmapi.max-concurrency", "3"))) {
            bundle.simulator.setLatency(Duration.ofMillis(120));

            bundle.drop("category-items", "a.txt", "1\n2\n3\n4\n");
            bundle.drop("shop-items-by-member", "b.txt", "m1\nm2\nm3\nm4\n");
            bundle.drop("image-search", "c.txt",
                    "https://cbu01.alicdn.com/1.jpg\nhttps://cbu01.alicdn.com/2.jpg\nhttps://cbu01.alicdn.com/3.jpg\n");

            bundle.awaitArchived("category-items", "a.txt");
            bundle.awaitArchived("shop-items-by-member", "b.txt");
            bundle.awaitArchived("image-search", "c.txt");
            assertThat(bundle.simulator.requestCount()).isEqualTo(11 * 3);
            assertThat(bundle.simulator.maxInFlight()).isEqualTo(3);
        }
    }

    @Test
    void givenChaos_whenTwentyQueriesOfThreePagesFetched_thenEveryItemExactlyOnceAndLimitKept() throws Exception {
        Map<String, String> patientRetries = new java.util.HashMap<>();
        for (String code : List.of("417", "499", "500", "503", "transport")) {
            patientRetries.put("tmapi.retry." + code + ".max-retries", "15");
            patientRetries.put("tmapi.retry." + code + ".delay-ms", "5");
        }
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), patientRetries)) {
            bundle.simulator.setLatencyJitter(Duration.ofMillis(5), Duration.ofMillis(60), 7);
            bundle.simulator.setRandomFaults(0.2, 42, List.of(Fault.httpStatus(417), Fault.jsonCode(499),
                    Fault.httpStatus(500), Fault.jsonCode(503)));
            StringBuilder queries = new StringBuilder("cat_id\n");
            for (int i = 1; i <= 20; i++) {
                queries.append(1000 + i).append('\n');
            }

            bundle.drop("category-items", "chaos.csv", queries.toString());

            assertThat(bundle.awaitArchived("category-items", "chaos.csv").getParent().getFileName()).hasToString(".done");
            List<String> lines = Files.readAllLines(bundle.outboxFiles("category-items").get(0));
            assertThat(lines).hasSize(1 + 20 * 45);
            Set<String> seen = new HashSet<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", 4);
                assertThat(seen.add(cells[1] + "/" + cells[2])).as("once: " + cells[1] + "/" + cells[2]).isTrue();
            }
            assertThat(bundle.simulator.requests()).anyMatch(r -> r.fault() != null);
            assertThat(bundle.simulator.maxInFlight()).isLessThanOrEqualTo(3);
        }
    }
}
