package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.item.FilePriceHistory;

class FilePriceHistoryTest {

    @TempDir
    Path state;

    @Test
    void givenPricesRecorded_whenReadByANewInstance_thenTheySurviveARestart() {
        Path file = state.resolve("prices.json");
        new FilePriceHistory(file).record(Map.of("flow|category-items|1|42", new BigDecimal("0.60")));

        assertThat(new FilePriceHistory(file).lastPrice("flow|category-items|1|42")).contains(new BigDecimal("0.60"));
        assertThat(new FilePriceHistory(state.resolve("missing.json")).lastPrice("x")).isEmpty();
    }

    @Test
    void givenCorruptFile_whenRead_thenReportedOnceSetAsideAndRebuilt() throws Exception {
        Path file = Files.writeString(state.resolve("prices.json"), "{ not json");
        FilePriceHistory history = new FilePriceHistory(file);
        try (CapturedLog log = CapturedLog.info()) {
            assertThat(history.lastPrice("a")).isEmpty();
            assertThat(history.lastPrice("b")).isEmpty();
            history.record(Map.of("a", BigDecimal.ONE));

            assertThat(log.text().lines().filter(l -> l.contains("was unreadable"))).hasSize(1);
        }
        assertThat(RunningBundle.list(state)).anyMatch(p -> p.getFileName().toString().startsWith("prices.json.corrupt-"));
        assertThat(Files.readString(file)).contains("\"a\" : 1");
    }
}
