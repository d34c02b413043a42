package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claims of the files several instances take from one data folder (a pending mail, an upload, an inbox file), on a
 * real PostgreSQL shared by the instances: a file is claimed by exactly one of those that find it free at once, a live
 * claim is never taken, and one left by an instance that stopped renewing it is taken by exactly one other.
 */
class FileClaimsTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    /** How long a claim that is not renewed stays live, shorter than an instance's so that the test waits little. */
    private static final Duration LAPSE = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    /** Each claimant tries every key at once with the others; returns how many claims each won. */
    private static List<Long> race(List<FileClaims> claimants, List<String> keys) {
        ExecutorService threads = Executors.newFixedThreadPool(claimants.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Long>> won = claimants.stream().map(claims -> CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return keys.stream().filter(claims::add).count();
            }, threads)).toList();
            start.countDown();
            return won.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void givenFourInstancesThatFindTheSameFilesFreeAtOnce_whenEachClaimsThem_thenEachFileGoesToExactlyOne() {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir)) {
            List<FileClaims> claimants = List.of(new FileClaims(a.dataSource(), "a", LAPSE),
                    new FileClaims(b.dataSource(), "b", LAPSE), new FileClaims(a.dataSource(), "c", LAPSE),
                    new FileClaims(b.dataSource(), "d", LAPSE));
            List<String> pending = IntStream.range(0, 200).mapToObj(i -> ".mail-pending/report-" + i + ".eml").toList();

            List<Long> won = race(claimants, pending);

            assertThat(won.stream().mapToLong(Long::longValue).sum()).as("claims won, all instances together")
                    .isEqualTo(pending.size());
            assertThat(pending).allSatisfy(key -> assertThat(claimants.get(0).contains(key)).isTrue());
        }
    }

    @Test
    void givenAFileClaimedByALiveInstance_whenAnotherTriesItLongPastTheLapse_thenItNeverGetsItUntilTheClaimIsGivenBack() {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir)) {
            FileClaims holder = new FileClaims(a.dataSource(), "a", LAPSE);
            FileClaims other = new FileClaims(b.dataSource(), "b", LAPSE);
            String key = ".upload-pending/catalog.csv";
            assertThat(holder.add(key)).isTrue();
            assertThat(holder.add(key)).as("not twice, even by its holder").isFalse();

            // the holder renews its claims every beat, as the heartbeat route does; the other keeps trying
            await().during(LAPSE.multipliedBy(2)).atMost(LAPSE.multipliedBy(4)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        holder.renew();
                        return !other.add(key) && other.contains(key);
                    });

            assertThat(other.remove(key)).as("nor can the other give back a claim it does not hold").isFalse();
            assertThat(holder.remove(key)).isTrue();
            assertThat(other.contains(key)).isFalse();
            assertThat(other.add(key)).as("given back, it is free").isTrue();
        }
    }

    @Test
    void givenAnInstanceThatDiedHoldingAClaim_whenTwoOthersTryItAtOnceAfterTheLapse_thenOneTakesItAndTheDeadOneCannotGiveItBack() {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir)) {
            FileClaims dead = new FileClaims(a.dataSource(), "dead", LAPSE);
            List<FileClaims> others = List.of(new FileClaims(a.dataSource(), "b", LAPSE),
                    new FileClaims(b.dataSource(), "c", LAPSE));
            List<String> keys = IntStream.range(0, 50).mapToObj(i -> "inbox/.processing/list-" + i + ".txt").toList();
            keys.forEach(dead::add);
            assertThat(others.get(0).add(keys.get(0))).as("live still").isFalse();
            // asked about many names at once (more than one statement takes), the live claims among them
            List<String> asked = Stream.concat(keys.stream(),
                    IntStream.range(0, 1200).mapToObj(i -> "inbox/.processing/free-" + i + ".txt")).toList();
            assertThat(others.get(1).liveAmong(asked)).containsExactlyInAnyOrderElementsOf(keys);

            await().atMost(LAPSE.multipliedBy(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !others.get(0).contains(keys.get(0)));
            assertThat(others.get(1).liveAmong(asked)).as("all lapsed").isEmpty();
            List<Long> won = race(others, keys);

            assertThat(won.get(0) + won.get(1)).as("each lapsed claim taken once").isEqualTo(keys.size());
            assertThat(keys).allSatisfy(key -> assertThat(dead.remove(key)).isFalse());
            assertThat(keys).allSatisfy(key -> assertThat(others.get(1).contains(key)).isTrue());
        }
    }

    @Test
    void givenTheEmbeddedStore_whenTheProgramStartsAgainAfterAKill_thenTheClaimsOfItsEarlierStartAreFreeAtOnce() {
        String key = ".mail-pending/report.eml";
        try (StateStore killed = StateStore.open("", "", Optional.empty(), dataDir)) {
            assertThat(killed.fileClaims("host-1", Duration.ofMinutes(10)).add(key)).isTrue();
        }
        try (StateStore restarted = StateStore.open("", "", Optional.empty(), dataDir)) {
            assertThat(restarted.fileClaims("host-1", Duration.ofMinutes(10)).add(key)).isTrue();
        }
    }
}
