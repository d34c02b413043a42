package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tmapiroutes.app.CapturedLog;

class TmapiLimiterTest {

    @Test
    void given503s_whenReported_thenLimitHalvesToAFloorOf1AndClimbsBackByOnePerTenSuccesses() {
        TmapiLimiter limiter = new TmapiLimiter(6, 10);

        limiter.failed("503", Duration.ZERO);
        assertThat(limiter.effectiveLimit()).isEqualTo(3);
        limiter.failed("503", Duration.ZERO);
        limiter.failed("503", Duration.ZERO);
        limiter.failed("503", Duration.ZERO);
        assertThat(limiter.effectiveLimit()).isEqualTo(1);

        for (int i = 0; i < 9; i++) {
            limiter.succeeded();
        }
        assertThat(limiter.effectiveLimit()).isEqualTo(1);
        limiter.succeeded();
        assertThat(limiter.effectiveLimit()).isEqualTo(2);
        for (int i = 0; i < 100; i++) {
            limiter.succeeded();
        }
        assertThat(limiter.effectiveLimit()).as("never above tmapi.max-concurrency").isEqualTo(6);
    }

    @Test
    void givenManyCallers_whenRequesting_thenNeverMoreInFlightThanTheLimit() throws Exception {
        TmapiLimiter limiter = new TmapiLimiter(3, 10);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch done = new CountDownLatch(60);
        for (int i = 0; i < 60; i++) {
            pool.submit(() -> {
                try {
                    TmapiLimiter.Permit permit = limiter.acquire();
                    highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    inFlight.decrementAndGet();
                    limiter.succeeded();
                    limiter.release(permit);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
                return null;
            });
        }
        done.await();
        pool.shutdown();

        assertThat(highest.get()).isBetween(1, 3);
        assertThat(limiter.maxInFlightSeen()).isLessThanOrEqualTo(3);
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void givenARequestWhoseAnswerIsHandledOnAnotherThread_whenItsSlotIsGivenBack_thenTheNextRequestGoesOut()
            throws Exception {
        TmapiLimiter limiter = new TmapiLimiter(1, 10);
        TmapiQuery query = new TmapiQuery(TmapiEndpoint.CATEGORY_ITEMS, java.util.Map.of("cat_id", "1"), 1, null, 1,
                java.util.Map.of("cat_id", "1"));
        QueryFetch first = new QueryFetch(new PageCursor(query), null);
        QueryFetch second = new QueryFetch(new PageCursor(query), null);
        ExecutorService asking = Executors.newSingleThreadExecutor();
        ExecutorService answering = Executors.newSingleThreadExecutor();
        try {
            // the slot is taken on the thread that sends and given back on the one that reads the answer
            asking.submit(() -> {
                limiter.acquire(first);
                return null;
            }).get(10, TimeUnit.SECONDS);
            answering.submit(() -> limiter.release(first)).get(10, TimeUnit.SECONDS);

            assertThat(limiter.inFlight()).isZero();
            asking.submit(() -> {
                limiter.acquire(second);
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertThat(limiter.inFlight()).as("the one slot, taken again").isEqualTo(1);
        } finally {
            asking.shutdownNow();
            answering.shutdownNow();
        }
    }

    @Test
    void given439_whenPaused_thenRequestsWaitAndOnlyOneProbesAfterTheWindow() throws Exception {
        HandClock clock = new HandClock();
        TmapiLimiter limiter = new TmapiLimiter(3, 10, clock);

        assertThat(limiter.failed("439", Duration.ofMinutes(30))).as("starts a pause").isTrue();
        assertThat(limiter.failed("439", Duration.ofMinutes(30))).as("already paused").isFalse();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicInteger through = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            pool.submit(() -> {
                limiter.acquire();
                through.incrementAndGet();
                return null;
            });
        }
        assertThat(limiter.inFlight()).isZero();

        clock.advance(Duration.ofMinutes(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> through.get() == 1);
        assertThat(limiter.state()).isEqualTo(TmapiLimiter.State.PROBING);
        assertThat(through.get()).as("only the probe").isEqualTo(1);

        limiter.succeeded();
        await().atMost(Duration.ofSeconds(5)).until(() -> through.get() == 3);
        assertThat(limiter.state()).isEqualTo(TmapiLimiter.State.OPEN);
        pool.shutdownNow();
    }

    @Test
    void given439_whenAJobsQueryAsksDuringThePause_thenItLeavesUnsentAndAfterTheWindowItIsTheProbe() throws Exception {
        HandClock clock = new HandClock();
        TmapiLimiter limiter = new TmapiLimiter(3, 10, clock);
        QueryFetch ofAJob = new QueryFetch(new PageCursor(new TmapiQuery(TmapiEndpoint.CATEGORY_ITEMS,
                java.util.Map.of("cat_id", "11"), 1, null, 0, java.util.Map.of())), "a job").leavingAtPause();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        limiter.failed("439", Duration.ofMinutes(30));

        assertThatThrownBy(() -> limiter.acquire(ofAJob)).isInstanceOfSatisfying(TmapiStoppedException.class,
                stop -> assertThat(stop.atPause()).as("left at the pause, not stopped").isTrue());
        // a request outside any job has nothing to resume from: it waits in the pause
        var waiting = pool.submit(() -> limiter.acquire());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        assertThat(limiter.inFlight()).isZero();

        clock.advance(Duration.ofMinutes(30));
        await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        // the probe is answered 439 again: a new pause
        limiter.failed("439", Duration.ofMinutes(30));
        limiter.release(waiting.get());
        clock.advance(Duration.ofMinutes(30));
        limiter.acquire(ofAJob);
        assertThat(limiter.state()).as("the job resumed after the window probes").isEqualTo(TmapiLimiter.State.PROBING);
        pool.shutdownNow();
    }

    @Test
    void givenRequestsInFlightWhenA439Comes_whenTheyComeBackFine_thenThePauseHoldsUntilTheProbe() throws Exception {
        HandClock clock = new HandClock();
        TmapiLimiter limiter = new TmapiLimiter(3, 10, clock);
        TmapiLimiter.Permit first = limiter.acquire();
        TmapiLimiter.Permit second = limiter.acquire();

        assertThat(limiter.failed("439", Duration.ofMinutes(30))).as("the first 439 starts the pause").isTrue();
        limiter.release(second);
        limiter.succeeded();
        limiter.release(first);

        assertThat(limiter.state()).as("a request from before the pause ends nothing").isEqualTo(TmapiLimiter.State.PAUSED);
        assertThat(limiter.failed("439", Duration.ofMinutes(30))).as("a later 439 joins the pause").isFalse();
        clock.advance(Duration.ofMinutes(30));
        TmapiLimiter.Permit probe = limiter.acquire();
        assertThat(limiter.state()).isEqualTo(TmapiLimiter.State.PROBING);
        limiter.succeeded();
        limiter.release(probe);
        assertThat(limiter.state()).isEqualTo(TmapiLimiter.State.OPEN);
    }

    @Test
    void givenPause_whenOperatorResumes_thenRequestsGoOutAtOnce() throws Exception {
        TmapiLimiter limiter = new TmapiLimiter(2, 10);
        limiter.pause(Duration.ofHours(1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch through = new CountDownLatch(1);
        pool.submit(() -> {
            limiter.acquire();
            through.countDown();
            return null;
        });

        limiter.resume();

        assertThat(through.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        pool.shutdownNow();
    }

    @Test
    void givenTheStoreNotAnswering_whenRequestsWant_thenTheyWaitWithOneWarnAndGoOnWithOneInfoOnceItAnswers()
            throws Exception {
        AtomicBoolean reachable = new AtomicBoolean(false);
        TmapiLimiter limiter = new TmapiLimiter(3, new UnsharedTmapiAccount(3, 10, reachable::get));
        ExecutorService threads = Executors.newCachedThreadPool();
        try (CapturedLog log = CapturedLog.info()) {
            GatedRequest first = new GatedRequest(limiter, threads);
            GatedRequest second = new GatedRequest(limiter, threads);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains("TMAPI requests wait"));

            assertThat(first.acquired).as("no request while the store does not answer").isNotDone();
            assertThat(limiter.inFlight()).isZero();
            reachable.set(true);
            first.acquired.get(10, TimeUnit.SECONDS);
            second.acquired.get(10, TimeUnit.SECONDS);

            assertThat(limiter.inFlight()).isEqualTo(2);
            assertThat(log.text().lines().filter(l -> l.contains("WARN") && l.contains("TMAPI requests wait: the"
                    + " state store cannot be reached"))).hasSize(1);
            assertThat(log.text().lines().filter(l -> l.contains("INFO") && l.contains("TMAPI requests go on: the"
                    + " state store answers again"))).hasSize(1);
            first.succeed();
            second.succeed();
            second.released.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void givenARequestWaitingForTheStore_whenTheProgramStops_thenItGivesUpWithoutBeingSent() throws Exception {
        TmapiLimiter limiter = new TmapiLimiter(3, new UnsharedTmapiAccount(3, 10, () -> false));
        ExecutorService threads = Executors.newCachedThreadPool();
        try (CapturedLog log = CapturedLog.info()) {
            GatedRequest waiting = new GatedRequest(limiter, threads);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains("TMAPI requests wait"));

            limiter.stop();

            assertThatThrownBy(() -> waiting.acquired.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TmapiStoppedException.class);
            assertThat(limiter.inFlight()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }
}
