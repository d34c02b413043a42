package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The price history in a real embedded state store in a temporary data folder. */
class JdbcPriceHistoryTest {

    @TempDir
    Path dataDir;

    @Test
    void givenPricesRecorded_whenTheStoreIsClosedAndReopened_thenTheySurviveAsTmapiGaveThem() {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            new JdbcPriceHistory(store.dataSource()).record(Map.of("flow|category-items|1|42", new BigDecimal("0.60"),
                    "flow|category-items|1|43", new BigDecimal("1200")));
        }

        try (StateStore reopened = StateStore.open("", "", Optional.empty(), dataDir)) {
            JdbcPriceHistory history = new JdbcPriceHistory(reopened.dataSource());

            assertThat(history.lastPrice("flow|category-items|1|42")).as("the scale kept: 0.60, not 0.6")
                    .contains(new BigDecimal("0.60"));
            assertThat(history.lastPrice("flow|category-items|1|43")).contains(new BigDecimal("1200"));
            assertThat(history.lastPrice("flow|category-items|1|44")).isEmpty();
        }
    }

    @Test
    void givenAKnownAndANewKey_whenARunIsRecorded_thenTheKnownOneReplacedAndTheNewOneAdded() {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            JdbcPriceHistory history = new JdbcPriceHistory(store.dataSource());
            history.record(Map.of("a", new BigDecimal("12.50")));
            Map<String, BigDecimal> run = new LinkedHashMap<>();
            run.put("a", new BigDecimal("11.90"));
            run.put("b", new BigDecimal("3.05"));

            history.record(run);
            history.record(Map.of());

            assertThat(history.lastPrice("a")).contains(new BigDecimal("11.90"));
            assertThat(history.lastPrice("b")).contains(new BigDecimal("3.05"));
        }
    }

    @Test
    void givenTwoWritersRecordingTheSameNewKeysAtOnce_whenBothFinish_thenNeitherFailsAndOnePriceIsKept()
            throws Exception {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            JdbcPriceHistory history = new JdbcPriceHistory(store.dataSource());
            Map<String, BigDecimal> run = new LinkedHashMap<>();
            for (int i = 0; i < 200; i++) {
                run.put("flow|category-items|1|" + i, BigDecimal.valueOf(i, 2));
            }
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> history.record(run));
            history.record(run);
            other.get();

            assertThat(history.lastPrice("flow|category-items|1|199")).contains(new BigDecimal("1.99"));
        }
    }
}
