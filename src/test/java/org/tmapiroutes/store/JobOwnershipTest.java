package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs owned by the instance running them, on a real PostgreSQL shared by two instances: a job is never claimed by a
 * second live instance; once its owner has stopped saying it is alive it is taken over by exactly one other, and the
 * old owner can record nothing more for it.
 */
class JobOwnershipTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    /** The shortest takeover time allowed: an instance is taken for dead after 8 s of silence. */
    private static final Duration TAKEOVER = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;


    private static long accept(JobStore jobs) {
        return jobs.accept(new JobStore.NewJob(JobStore.Kind.INBOX, "category-items-inbox", "category-items a.txt",
                "category-items", "/data/inbox/category-items/.processing/a.txt", "/data/inbox/category-items",
                "a", "csv", null, "a.txt", null), List.of("{\"cat_id\":1}", "{\"cat_id\":2}"));
    }

    @Test
    void givenAJobOfALiveInstance_whenAnotherLooks_thenItCannotClaimItButItsOwnerCan() {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir)) {
            JobStore jobsOfA = new JdbcJobStore(a.dataSource(), a.join("a", TAKEOVER));
            JobStore jobsOfB = new JdbcJobStore(b.dataSource(), b.join("b", TAKEOVER));
            long id = accept(jobsOfA);

            assertThat(jobsOfA.owner(id)).contains("a");
            assertThat(jobsOfB.unowned(JobStore.Kind.INBOX, JobStore.State.FETCHING)).as("a's job, a alive").isEmpty();
            assertThat(jobsOfB.claim(id)).isEmpty();
            long version = jobsOfA.claim(id).orElseThrow();
            assertThat(version).as("a restarted with the same instance.id takes its job back, at a new version")
                    .isEqualTo(1);
            assertThat(jobsOfA.recordPage(id, version, new JobStore.Page(0, 1, 20, 20, 100, Instant.now()), "{}"))
                    .isTrue();
            assertThat(jobsOfA.stillOwns(id)).as("a beat just now: it owns what it claimed").isTrue();
        }
    }

    @Test
    void givenAnInstanceThatStopsAnswering_whenTwoOthersClaimItsJobAtOnce_thenOneTakesItAndTheOldOwnerRecordsNothing()
            throws Exception {
        String url = POSTGRES.newDatabase();
        try (StateStore dead = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir);
                StateStore c = POSTGRES.openStore(url, dataDir)) {
            JobStore jobsOfDead = new JdbcJobStore(dead.dataSource(), dead.join("dead", TAKEOVER));
            Instances instanceB = b.join("b", TAKEOVER);
            Instances instanceC = c.join("c", TAKEOVER);
            JobStore jobsOfB = new JdbcJobStore(b.dataSource(), instanceB);
            JobStore jobsOfC = new JdbcJobStore(c.dataSource(), instanceC);
            long id = accept(jobsOfDead);

            // "dead" never beats again; b and c do, as their heartbeat timers would
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                instanceB.heartbeat();
                instanceC.heartbeat();
                return !jobsOfB.unowned(JobStore.Kind.INBOX, JobStore.State.FETCHING).isEmpty();
            });
            assertThat(instanceB.alive()).containsExactly("b", "c");

            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Boolean>> claims = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return (i % 2 == 0 ? jobsOfB : jobsOfC).claim(id).isPresent();
                    })).toList();
            start.countDown();
            long won = claims.stream().map(CompletableFuture::join).filter(Boolean::booleanValue).count();
            String owner = jobsOfB.owner(id).orElseThrow();

            assertThat(owner).isIn("b", "c");
            // every claim of the winner succeeds (it owns the job), none of the other's
            assertThat(won).isEqualTo(4);
            assertThat(jobsOfDead.stillOwns(id)).as("the old owner, silent longer than allowed, asks the store and"
                    + " learns it lost the job").isFalse();
            long versionOfDead = jobsOfDead.job(id).orElseThrow().version() - 1;
            assertThat(jobsOfDead.recordPage(id, versionOfDead, new JobStore.Page(0, 1, 20, 20, 100, Instant.now()),
                    "{}")).as("the old owner, back after its silence, is fenced off").isFalse();
            assertThat(jobsOfDead.fetched(id, versionOfDead)).as("nor can it write the job's output").isFalse();
            assertThat(jobsOfB.counts(id).pages()).isZero();
        }
    }

    @Test
    void givenAScheduledRun_whenItsOwnerAndAnotherHandItOverToDelivery_thenOnlyItsOwnerDoesAndOnlyOnce() {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir); StateStore b = POSTGRES.openStore(url, dataDir)) {
            JobStore runsOfA = new JdbcJobStore(a.dataSource(), a.join("a", TAKEOVER));
            JobStore runsOfB = new JdbcJobStore(b.dataSource(), b.join("b", TAKEOVER));
            long run = runsOfA.startRun("category-email-report", "category-email-report run of 20261207-080000");

            long version = runsOfA.job(run).orElseThrow().version();
            assertThat(runsOfB.handOver(run, version)).as("not b's run").isFalse();
            assertThat(runsOfA.handOver(run, version)).isTrue();
            assertThat(runsOfA.handOver(run, version)).as("a mail is queued once").isFalse();
            assertThat(runsOfB.job(run).orElseThrow().state()).isEqualTo(JobStore.State.DELIVERING);
        }
    }

    @Test
    void givenAJobThatChangedHandsAndCameBack_whenItsFirstRunGoesOn_thenThatRunChangesNothingAndTheNewOneDoes() {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir)) {
            Instances instanceA = a.join("a", TAKEOVER);
            JobStore jobsOfA = new JdbcJobStore(a.dataSource(), instanceA);
            long id = accept(jobsOfA);
            long first = jobsOfA.claim(id).orElseThrow();
            long run = jobsOfA.startRun("category-email-report", "category-email-report run of 20261207-080000");
            long firstOfRun = jobsOfA.claim(run).orElseThrow();
            // a stopped cleanly (its jobs freed) and started again with the same instance.id: it claims them again
            instanceA.leave();
            long second = jobsOfA.claim(id).orElseThrow();
            long secondOfRun = jobsOfA.claim(run).orElseThrow();
            JobStore.Page page = new JobStore.Page(0, 1, 20, 20, 100, Instant.now());

            assertThat(jobsOfA.owner(id)).as("the same owner as before").contains("a");
            assertThat(second).as("each change of hands is a new version").isEqualTo(first + 2);
            assertThat(jobsOfA.recordPage(id, first, page, "{}")).as("a page of the first run").isFalse();
            assertThat(jobsOfA.fetched(id, first)).as("the first run's end").isFalse();
            assertThat(jobsOfA.handOver(run, firstOfRun)).as("the first run's mail").isFalse();
            assertThat(jobsOfA.done(run, firstOfRun, null)).as("the first run's end").isFalse();
            assertThat(jobsOfA.counts(id).pages()).isZero();
            assertThat(jobsOfA.recordPage(id, second, page, "{}")).isTrue();
            assertThat(jobsOfA.fetched(id, second)).isTrue();
            assertThat(jobsOfA.handOver(run, secondOfRun)).isTrue();
            assertThat(jobsOfA.done(run, secondOfRun, null)).isTrue();
        }
    }

    @Test
    void givenAPageWhoseRecordReachedTheDiskThoughItWasReportedFailed_whenRecordedAgain_thenItCountsOnce() {
        String url = POSTGRES.newDatabase();
        try (StateStore a = POSTGRES.openStore(url, dataDir)) {
            JobStore jobs = new JdbcJobStore(a.dataSource(), a.join("a", TAKEOVER));
            long id = accept(jobs);
            JobStore.Page page = new JobStore.Page(0, 1, 20, 20, 100, Instant.now());

            long version = jobs.job(id).orElseThrow().version();
            assertThat(jobs.recordPage(id, version, page, "{}")).isTrue();
            assertThat(jobs.recordPage(id, version, page, "{}")).as("the retry of a page waiting for the store")
                    .isTrue();
            assertThat(jobs.counts(id).pages()).isEqualTo(1);
        }
    }

    @Test
    void givenASharedStoreThatIsNotPostgreSql_whenOpened_thenStartUpIsRefusedInTheUsersWords() {
        assertThatThrownBy(() -> StateStore.open("jdbc:h2:tcp://localhost/tmapi;PASSWORD=secret", "tmapi",
                Optional.empty(), dataDir)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("state.jdbc-url must name a PostgreSQL database")
                .hasMessageNotContaining("secret");
    }

    @Test
    void givenACleanStop_whenTheInstanceLeaves_thenItsJobsAreFreeAtOnce() {
        String url = POSTGRES.newDatabase();
        try (StateStore b = POSTGRES.openStore(url, dataDir)) {
            JobStore jobsOfB = new JdbcJobStore(b.dataSource(), b.join("b", TAKEOVER));
            long id;
            try (StateStore a = POSTGRES.openStore(url, dataDir)) {
                id = accept(new JdbcJobStore(a.dataSource(), a.join("a", TAKEOVER)));
                assertThat(jobsOfB.claim(id)).isEmpty();
            }
            assertThat(jobsOfB.owner(id)).isEmpty();
            assertThat(jobsOfB.unowned(JobStore.Kind.INBOX, JobStore.State.FETCHING)).containsExactly(id);
            assertThat(jobsOfB.claim(id)).isPresent();
        }
    }
}
