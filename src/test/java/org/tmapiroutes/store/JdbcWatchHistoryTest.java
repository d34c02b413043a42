package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tmapiroutes.item.WatchHistory.Item;
import org.tmapiroutes.item.WatchHistory.Point;
import org.tmapiroutes.item.WatchHistory.Sku;
import org.tmapiroutes.item.WatchHistory.Stock;

/** The watch runs' record, in the embedded store and in PostgreSQL: read back exactly, replaced per run, pruned. */
class JdbcWatchHistoryTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    private static final Instant RUN = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path dataDir;

    private StateStore open(String store) {
        return store.equals("embedded") ? StateStore.open("", "", Optional.empty(), dataDir)
                : StateStore.open(POSTGRES.newDatabase(), POSTGRES.username(), Optional.of(POSTGRES.password()), dataDir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgresql"})
    void givenTwoRuns_whenReadBack_thenTheLastStateAndEveryPointExactlyAsRecorded(String kind) {
        try (StateStore store = open(kind)) {
            JdbcWatchHistory history = new JdbcWatchHistory(store.dataSource());
            history.record(List.of(item("12.50", 80L, Stock.IN_STOCK, false)),
                    List.of(new Point("610947572360", "56001", RUN, new BigDecimal("12.50"), 80L),
                            new Point("610947572360", "", RUN, null, null)));
            Instant next = RUN.plus(Duration.ofHours(6));
            history.record(List.of(item("12.50", 30L, Stock.LOW, true),
                    new Item("700000000001", null, "https://detail.1688.com/offer/700000000001.html", null, 1, false,
                            Map.of())),
                    List.of(new Point("610947572360", "56001", next, new BigDecimal("11.90"), 30L)));

            Map<String, Item> items = history.items(List.of("610947572360", "700000000001", "700000000002"));
            assertThat(items).containsOnlyKeys("610947572360", "700000000001");
            Sku sku = items.get("610947572360").skus().get("56001");
            assertThat(sku).isEqualTo(new Sku("56001", "颜色:蓝色;尺码:L", new BigDecimal("12.50"),
                    new BigDecimal("11.90"), 30L, Stock.LOW, true, false));
            assertThat(sku.referencePrice().toPlainString()).as("trailing zero kept").isEqualTo("12.50");
            assertThat(items.get("700000000001").failedRuns()).isEqualTo(1);
            assertThat(items.get("700000000001").skus()).isEmpty();
            assertThat(history.history("610947572360", RUN)).extracting(Point::skuId, Point::checkedAt, Point::price,
                    Point::stock).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("", RUN, null, null),
                            org.assertj.core.groups.Tuple.tuple("56001", RUN, new BigDecimal("12.50"), 80L),
                            org.assertj.core.groups.Tuple.tuple("56001", next, new BigDecimal("11.90"), 30L));
            assertThat(history.itemIds()).containsExactly("610947572360", "700000000001");

            assertThat(history.forget(next)).as("the points older than the keep time").isEqualTo(2);
            assertThat(history.history("610947572360", RUN)).extracting(Point::checkedAt).containsExactly(next);
            assertThat(history.items(List.of("610947572360"))).as("the state stays").containsKey("610947572360");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgresql"})
    void givenAWatchListOfAThousandItems_whenTheirStatesAreAsked_thenAllAreFoundInChunks(String kind) {
        try (StateStore store = open(kind)) {
            JdbcWatchHistory history = new JdbcWatchHistory(store.dataSource());
            List<Item> many = new java.util.ArrayList<>();
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                String id = String.valueOf(600000000000L + i);
                ids.add(id);
                many.add(new Item(id, "t" + i, null, null, 0, false, Map.of("", new Sku("", null,
                        BigDecimal.ONE, BigDecimal.ONE, 5L, Stock.LOW, false, false))));
            }
            history.record(many, List.of());
            assertThat(history.items(ids)).hasSize(1200);
        }
    }

    private static Item item(String reference, Long stock, Stock state, boolean targetReached) {
        Map<String, Sku> skus = new LinkedHashMap<>();
        skus.put("56001", new Sku("56001", "颜色:蓝色;尺码:L", new BigDecimal(reference),
                stock == 80L ? new BigDecimal("12.50") : new BigDecimal("11.90"), stock, state, targetReached, false));
        skus.put("", new Sku("", null, null, null, null, null, false, true));
        return new Item("610947572360", "跨境马克杯", "https://detail.1688.com/offer/610947572360.html", null, 0, false,
                skus);
    }
}
