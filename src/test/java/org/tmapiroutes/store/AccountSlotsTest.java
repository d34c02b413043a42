package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account's slots on a real PostgreSQL, two instances (two stores on one database) taking them: never more held
 * than the limit, a waiter handed a slot when its holder lets go, and a slot freed when its holder's session dies.
 */
class AccountSlotsTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    private static final Duration SHORT = Duration.ofMillis(100);
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void givenEverySlotHeldByOneInstance_whenTheOtherTakesOne_thenItGetsNoneUntilOneIsGivenBack() throws Exception {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir);
                AccountSlots slotsA = a.accountSlots(3); AccountSlots slotsB = b.accountSlots(3)) {
            List<AccountSlots.Slot> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(slotsA.take(3, 0, SHORT).orElseThrow());
            }

            assertThat(held).extracting(AccountSlots.Slot::number).containsExactly(0, 1, 2);
            assertThat(AdvisoryLocks.held(a)).as("one lock per slot taken, no more").containsExactly(0, 1, 2);
            assertThat(slotsB.take(3, 0, SHORT)).as("every slot below the limit is held").isEmpty();
            try (AccountSlots.Slot fourth = slotsB.take(4, 0, SHORT).orElseThrow()) {
                assertThat(fourth.number()).as("a higher limit, a fourth slot").isEqualTo(3);
            }

            held.get(1).close();
            Optional<AccountSlots.Slot> freed = slotsB.take(3, 0, SHORT);
            assertThat(freed.map(AccountSlots.Slot::number)).contains(1);
            freed.orElseThrow().close();
            held.get(0).close();
            held.get(2).close();
        }
    }

    @Test
    void givenAWaiterForASlot_whenItsHolderGivesItBack_thenTheWaiterHasIt() throws Exception {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir);
                AccountSlots slotsA = a.accountSlots(2); AccountSlots slotsB = b.accountSlots(2)) {
            AccountSlots.Slot first = slotsA.take(2, 0, SHORT).orElseThrow();
            AccountSlots.Slot second = slotsA.take(2, 1, SHORT).orElseThrow();

            CompletableFuture<Optional<AccountSlots.Slot>> waiter = CompletableFuture.supplyAsync(
                    () -> slotsB.take(2, 1, LONG));
            await().atMost(Duration.ofSeconds(30)).until(() -> AdvisoryLocks.waitedFor(a).contains(1));
            second.close();

            Optional<AccountSlots.Slot> handed = waiter.get();
            assertThat(handed.map(AccountSlots.Slot::number)).contains(1);
            assertThat(AdvisoryLocks.held(a)).containsExactly(0, 1);
            handed.orElseThrow().close();
            first.close();
            assertThat(AdvisoryLocks.held(a)).as("a slot given back leaves no lock behind on its pooled connection")
                    .isEmpty();
        }
    }

    @Test
    void givenSlotsHeldByAnInstanceWhoseSessionsDie_whenTheOtherTakes_thenTheyAreFreeAgain() throws Exception {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir);
                AccountSlots slotsB = b.accountSlots(3)) {
            AccountSlots slotsA = a.accountSlots(3);
            for (int i = 0; i < 3; i++) {
                slotsA.take(3, i, SHORT).orElseThrow();
            }
            assertThat(slotsB.take(3, 0, SHORT)).isEmpty();

            // one session killed (a crash, a network cut the database noticed)
            try (Connection connection = b.dataSource().getConnection();
                    PreparedStatement kill = connection.prepareStatement("select pg_terminate_backend(pid) from"
                            + " pg_locks where database = (select oid from pg_database where datname ="
                            + " current_database()) and locktype = 'advisory' and classid::int8 = ? and objid::int8 = 2"
                            + " and granted")) {
                kill.setLong(1, AccountSlots.NAMESPACE);
                try (ResultSet killed = kill.executeQuery()) {
                    assertThat(killed.next()).isTrue();
                    assertThat(killed.getBoolean(1)).isTrue();
                }
            }
            assertThat(slotsB.take(3, 2, LONG).map(AccountSlots.Slot::number)).contains(2);

            // the other instance gone: its pool closed with the slots still held, freed as each session ends
            slotsA.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> AdvisoryLocks.held(b).equals(List.of(2)));
            assertThat(slotsB.take(3, 0, LONG).map(AccountSlots.Slot::number)).contains(0);
            assertThat(slotsB.take(3, 1, LONG).map(AccountSlots.Slot::number)).contains(1);
            assertThat(AdvisoryLocks.held(b)).containsExactly(0, 1, 2);
        }
    }


}
