package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seen items in Camel's JDBC idempotent repository over a real embedded state store, on the table Flyway made. */
class SeenItemsTest {

    /** A key as items-new-since-last-run-action makes it: flow|source|query|item_id, here with a long picture URL. */
    private static final String LONG_KEY = "new-shop-items|image-search|https://images.example.com/"
            + "a".repeat(900) + ".jpg|654321";

    @TempDir
    Path dataDir;

    @Test
    void givenItemsSeen_whenTheStoreIsClosedAndReopened_thenStillSeenAndNewOnesStillNew() throws Exception {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            IdempotentRepository seen = store.seenItems();
            ServiceHelper.startService(seen);

            assertThat(seen.add("category-new-items-report|category-items|1031922|42")).as("first time: new").isTrue();
            assertThat(seen.add("category-new-items-report|category-items|1031922|42")).as("again: seen").isFalse();
            assertThat(seen.add(LONG_KEY)).isTrue();
            ServiceHelper.stopService(seen);
        }

        try (StateStore reopened = StateStore.open("", "", Optional.empty(), dataDir)) {
            IdempotentRepository seen = reopened.seenItems();
            ServiceHelper.startService(seen);

            assertThat(seen.contains("category-new-items-report|category-items|1031922|42")).isTrue();
            assertThat(seen.contains(LONG_KEY)).isTrue();
            assertThat(seen.contains("category-new-items-report|category-items|1031922|43")).isFalse();
            assertThat(rows(reopened, "select processorname from camel_messageprocessed"))
                    .containsOnly(StateStore.SEEN_ITEMS).hasSize(2);
        }
    }

    @Test
    void givenTheStoreOpened_whenTheRepositoryStarts_thenItUsesTheTableOfTheMigrationAndCreatesNone() throws Exception {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            IdempotentRepository seen = store.seenItems();
            ServiceHelper.startService(seen);
            seen.add("flow|category-items|1|1");

            assertThat(rows(store, "select table_name from information_schema.tables where"
                    + " lower(table_name) = 'camel_messageprocessed'")).containsExactly("camel_messageprocessed");
        }
    }

    @Test
    void givenManyKeysAddedAtOnce_whenCamelsRepositoryLooksThemUp_thenSeenAndOnlyTheNewOnesCounted() {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            IdempotentRepository seen = store.seenItems();
            seen.add("flow|category-items|1|7");
            List<String> keys = new ArrayList<>(IntStream.range(0, 1200).mapToObj(i -> "flow|category-items|1|" + i)
                    .toList());
            keys.add("flow|category-items|1|3");

            assertThat(store.addSeenItems(keys)).as("one known before, one twice in the list").isEqualTo(1199);
            assertThat(store.addSeenItems(keys)).isZero();
            assertThat(seen.contains("flow|category-items|1|1199")).isTrue();
            assertThat(seen.add("flow|category-items|1|600")).as("seen").isFalse();
        }
    }

    private static List<String> rows(StateStore store, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
