package org.tmapiroutes.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.store.FileClaims;
import org.tmapiroutes.store.Instances;
import org.tmapiroutes.store.JdbcJobStore;
import org.tmapiroutes.store.StateStore;

/**
 * The look for files an instance died with in {@code .processing/} (on a data folder several instances share), counted
 * in the statements the real embedded database ran: one a look however many such files wait, and a fixed few when they
 * go back.
 */
class InboxIntakeTest {

    private static final int STRAYS = 30;
    private static final Duration LAPSE = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private Path processing;

    private void leaveStrays() throws Exception {
        processing = Files.createDirectories(dataDir.resolve("inbox/category-items/.processing"));
        for (int i = 0; i < STRAYS; i++) {
            Files.writeString(processing.resolve("left-" + i + ".txt"), "1031922\n");
        }
    }

    /** This instance's intake on a data folder other instances share (so that it looks for strays). */
    private InboxIntake intake(StateStore store, Duration strayAfter) {
        Instances instances = store.join("a", LAPSE.multipliedBy(10));
        FileClaims claims = store.fileClaims("a", LAPSE);
        return new InboxIntake(new JdbcJobStore(store.dataSource(), instances), dataDir, true, strayAfter, claims);
    }

    /** The statements run on the product's tables since statistics were switched on (or last read). */
    private static long statements(StateStore store, String table) throws Exception {
        try (Connection connection = store.dataSource().getConnection(); Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("select coalesce(sum(execution_count), 0) from"
                        + " information_schema.query_statistics where lower(sql_statement) like '%from " + table + "%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void countStatements(StateStore store) throws Exception {
        try (Connection connection = store.dataSource().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set query_statistics false");
            sql.execute("set query_statistics true");
        }
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void givenThirtyFilesNoJobNamesYet_whenLookedForThreeTimes_thenEachLookIsOneStatementAndNoneGoesBack()
            throws Exception {
        leaveStrays();
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            InboxIntake intake = intake(store, Duration.ofHours(1));
            countStatements(store);

            intake.returnStrays();
            intake.returnStrays();
            intake.returnStrays();

            assertThat(statements(store, "tmapi_job")).isEqualTo(3);
            assertThat(statements(store, "tmapi_file_claim")).isZero();
            assertThat(files(processing)).hasSize(STRAYS);
        }
    }

    @Test
    void givenThirtyFilesDueToGoBackOneOfThemClaimed_whenLookedFor_thenTheOthersGoBackInThreeStatements()
            throws Exception {
        leaveStrays();
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            InboxIntake intake = intake(store, Duration.ZERO);
            // another instance is moving this one and recording its job right now
            assertThat(store.fileClaims("a", LAPSE).add("category-items/.processing/left-7.txt")).isTrue();
            countStatements(store);

            intake.returnStrays();

            assertThat(statements(store, "tmapi_job")).isEqualTo(2);
            assertThat(statements(store, "tmapi_file_claim")).isEqualTo(1);
            assertThat(files(processing)).extracting(p -> p.getFileName().toString()).containsExactly("left-7.txt");
            assertThat(files(processing.getParent())).hasSize(STRAYS - 1);
        }
    }
}
