package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.item.KeptRecords.Kind;

/** What an enrichment step bought is kept for its keep time to the second, exactly as it was, per kind. */
class JdbcKeptRecordsTest {

    private static final Instant BOUGHT = Instant.parse("2026-12-07T08:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    @TempDir
    Path dataDir;

    @Test
    void givenDetailsKeptADay_whenAskedJustBeforeAndAtTheEndOfTheDay_thenFoundThenGone() throws Exception {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            JdbcKeptRecords kept = new JdbcKeptRecords(store.dataSource());
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("price_min", new BigDecimal("25.90"));
            values.put("price_tiers", "1:29.89|100:27.60|300:25.90");
            values.put("sku_count", 9L);
            values.put("is_sold_out", false);
            values.put("unit_weight_kg", null);
            kept.keep(Kind.DETAIL, "652702302959", values, BOUGHT);

            assertThat(kept.find(Kind.DETAIL, "652702302959", DAY, BOUGHT.plus(DAY).minusSeconds(1))).hasValueSatisfying(
                    found -> assertThat(found).containsEntry("price_min", new BigDecimal("25.90"))
                            .containsEntry("price_tiers", "1:29.89|100:27.60|300:25.90").containsEntry("sku_count", 9)
                            .containsEntry("is_sold_out", false).containsEntry("unit_weight_kg", null));
            assertThat(kept.find(Kind.DETAIL, "652702302959", DAY, BOUGHT.plus(DAY))).isEmpty();
            assertThat(kept.find(Kind.SHOP, "652702302959", DAY, BOUGHT)).as("kept per kind").isEmpty();
        }
    }

    @Test
    void givenAQuoteBoughtAgain_whenKept_thenTheNewOneReplacesTheOldAndItsTimeStartsAgain() throws Exception {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            JdbcKeptRecords kept = new JdbcKeptRecords(store.dataSource());
            kept.keep(Kind.SHIPPING, "1|广东|100|12", Map.of("shipping_fee", new BigDecimal("16")), BOUGHT);
            kept.keep(Kind.SHIPPING, "1|广东|100|12", Map.of("shipping_fee", new BigDecimal("18.50")),
                    BOUGHT.plus(DAY));

            assertThat(kept.find(Kind.SHIPPING, "1|广东|100|12", DAY, BOUGHT.plus(DAY).plusSeconds(60)))
                    .hasValue(Map.of("shipping_fee", new BigDecimal("18.50")));
        }
    }

    @Test
    void givenARecordOlderThanAnyKeepTime_whenAnotherIsKept_thenItIsDropped() throws Exception {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            JdbcKeptRecords kept = new JdbcKeptRecords(store.dataSource());
            kept.keep(Kind.SHOP, "https://old.1688.com", Map.of("supplier_years", 3), BOUGHT);
            kept.keep(Kind.SHOP, "https://new.1688.com", Map.of("supplier_years", 4),
                    BOUGHT.plus(JdbcKeptRecords.FORGOTTEN_AFTER));

            assertThat(kept.find(Kind.SHOP, "https://old.1688.com", Duration.ofDays(400), BOUGHT)).isEmpty();
            assertThat(kept.find(Kind.SHOP, "https://new.1688.com", DAY, BOUGHT.plus(JdbcKeptRecords.FORGOTTEN_AFTER)))
                    .isPresent();
        }
    }
}
