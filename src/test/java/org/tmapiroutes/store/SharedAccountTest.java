package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account's row on a real PostgreSQL, written by one instance and read by the other (two stores on one database):
 * the limit a 503 lowers and successes raise back, and the pause a 439 starts and a probe or an operator ends.
 */
class SharedAccountTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();


    @TempDir
    Path dataDir;

    @Test
    void givenTwoInstances_when503sSeenByOne_thenBothHaveTheLimitHalvedToAFloorOf1AndRaisedBackBySuccesses()
            throws Exception {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir)) {
            SharedAccount accountA = new SharedAccount(a.dataSource(), 6, 10);
            SharedAccount accountB = new SharedAccount(b.dataSource(), 6, 10);
            assertThat(accountB.read().limit()).as("tmapi.max-concurrency until a 503").isEqualTo(6);

            assertThat(accountA.lowered()).isEqualTo(3);
            assertThat(accountB.read().limit()).isEqualTo(3);
            assertThat(accountB.lowered()).isEqualTo(1);
            assertThat(accountA.lowered()).as("never below 1").isEqualTo(1);

            for (int i = 0; i < 9; i++) {
                assertThat(accountA.succeeded()).isEqualTo(1);
            }
            assertThat(accountB.succeeded()).as("the tenth success, whichever instance had it").isEqualTo(2);
            assertThat(accountA.read().limit()).isEqualTo(2);
            for (int i = 0; i < 100; i++) {
                accountB.succeeded();
            }
            assertThat(accountA.read().limit()).as("never above tmapi.max-concurrency").isEqualTo(6);
            assertThat(column(a, "concurrency_limit")).as("back at the maximum: none recorded").isNull();

            String version = column(a, "xmin");
            accountA.succeeded();
            accountB.succeeded();
            assertThat(column(a, "xmin")).as("at the maximum a success writes nothing").isEqualTo(version);
        }
    }

    @Test
    void givenA439SeenByOne_whenTheOtherReads_thenBothArePausedUntilThenAndAResumeByEitherEndsIt() {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir)) {
            SharedAccount accountA = new SharedAccount(a.dataSource(), 3, 10);
            SharedAccount accountB = new SharedAccount(b.dataSource(), 3, 10);
            Instant until = Instant.parse("2026-11-22T08:30:00Z");

            assertThat(accountA.paused(until, "host-a-1")).as("starts the pause").isTrue();
            SharedAccount.State seen = accountB.read();
            assertThat(seen.pausedUntil()).contains(until);
            assertThat(seen.pausedBy()).contains("host-a-1");

            Instant later = until.plusSeconds(1800);
            assertThat(accountB.paused(later, "host-b-2")).as("the account is paused already").isFalse();
            assertThat(accountA.read().pausedUntil()).contains(later);
            assertThat(accountA.read().pausedBy()).as("the instance that saw it first").contains("host-a-1");

            accountB.resumed();
            assertThat(accountA.read().pausedUntil()).isEmpty();
            assertThat(accountA.read().pausedBy()).isEmpty();
            assertThat(accountA.paused(later, "host-a-1")).as("a new pause").isTrue();
            accountA.resumed();
            assertThat(accountB.read().pausedUntil()).isEmpty();
        }
    }

    private static String column(StateStore store, String column) throws Exception {
        try (Connection connection = store.dataSource().getConnection();
                ResultSet row = connection.createStatement().executeQuery(
                        "select " + column + "::text from tmapi_account where id = 1")) {
            row.next();
            return row.getString(1);
        }
    }


}
