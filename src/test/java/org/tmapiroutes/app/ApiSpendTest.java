package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;

/** TMAPI is paid per call: a scripted mix of failures costs exactly the minimum number of requests. */
class ApiSpendTest {

    @TempDir
    Path dataDir;

    @Test
    void givenOne422OneFlaky417AndOne439_whenJobRuns_thenExactlyTheMinimumRequests() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of("tmapi.pause-minutes", "0.01"))) {
            bundle.simulator.failAlways("category-items", "1", Fault.jsonCode(422));
            bundle.simulator.failNext("category-items", "2", Fault.httpStatus(417), 2);
            bundle.simulator.failNext("category-items", "3", Fault.jsonCode(439), 1);

            bundle.drop("category-items", "mix.txt", "1\n2\n3\n");

            bundle.awaitArchived("category-items", "mix.txt");
            Map<String, Long> perPage = bundle.simulator.requests().stream().collect(
                    Collectors.groupingBy(r -> r.parameter("cat_id") + "/" + r.parameter("page"), Collectors.counting()));
            assertThat(perPage).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "1/1", 1L,
                    "2/1", 3L, "2/2", 1L, "2/3", 1L,
                    "3/1", 2L, "3/2", 1L, "3/3", 1L));
            assertThat(bundle.simulator.requestCount()).isEqualTo(10);
            assertThat(Files.readAllLines(bundle.outboxFiles("category-items").get(0))).hasSize(1 + 90);
            assertThat(Files.readString(dataDir.resolve("errors/category-items/mix-failed.csv")))
                    .contains("1,422,").doesNotContain("\n2,").doesNotContain("\n3,");
        }
    }
}
