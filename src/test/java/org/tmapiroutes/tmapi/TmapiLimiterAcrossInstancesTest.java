package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.CapturedLog;
import org.tmapiroutes.store.AccountSlots;
import org.tmapiroutes.store.AdvisoryLocks;
import org.tmapiroutes.store.RealPostgres;
import org.tmapiroutes.store.SharedAccount;
import org.tmapiroutes.store.SharedTmapiAccount;
import org.tmapiroutes.store.StateStore;

/**
 * The gate of two instances sharing one real PostgreSQL (two stores on one database, each with its own limiter):
 * requests in flight on both together never above the limit, a dead instance's slot free for the other, a 503 on one
 * lowering the limit of both, a 439 on one pausing both until a probe or a resume on either ends it, and no request
 * while the database cannot be reached.
 */
class TmapiLimiterAcrossInstancesTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void closeAll() throws Exception {
        threads.shutdownNow();
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void givenManyThreadsOnTwoInstances_whenTheyRequestAtOnce_thenNeverMoreInFlightThanTheLimitAndBothGetThrough()
            throws Exception {
        String url = POSTGRES.newDatabase();
        StateStore a = open(url);
        TmapiLimiter gateA = gate(a, "host-a", 3);
        TmapiLimiter gateB = gate(open(url), "host-b", 3);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AtomicInteger highestHeld = new AtomicInteger();
        AtomicInteger throughA = new AtomicInteger();
        AtomicInteger throughB = new AtomicInteger();
        List<Future<?>> callers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            for (TmapiLimiter gate : List.of(gateA, gateB)) {
                AtomicInteger through = gate == gateA ? throughA : throughB;
                callers.add(threads.submit(() -> {
                    for (int request = 0; request < 40; request++) {
                        TmapiLimiter.Permit permit = gate.acquire();
                        try {
                            highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            // the request's time on the wire: a look at the locks PostgreSQL holds for both instances
                            highestHeld.accumulateAndGet(AdvisoryLocks.held(a).size(), Math::max);
                            inFlight.decrementAndGet();
                            gate.succeeded();
                        } finally {
                            gate.release(permit);
                        }
                        through.incrementAndGet();
                    }
                    return null;
                }));
            }
        }
        for (Future<?> caller : callers) {
            caller.get(2, TimeUnit.MINUTES);
        }

        assertThat(highest.get()).as("in flight on both instances at once").isBetween(1, 3);
        assertThat(highestHeld.get()).as("slots held in the database at once").isBetween(1, 3);
        assertThat(throughA.get()).isEqualTo(240);
        assertThat(throughB.get()).isEqualTo(240);
        assertThat(gateA.inFlight()).isZero();
        assertThat(gateB.inFlight()).isZero();
        assertThat(AdvisoryLocks.held(a)).as("every slot given back").isEmpty();
    }

    @Test
    void givenAnInstanceDyingWithARequestInFlight_whenTheOtherWaits_thenItsRequestGoesOnceTheSlotIsFreed()
            throws Exception {
        String url = POSTGRES.newDatabase();
        StateStore b = open(url);
        TmapiLimiter gateA = gate(open(url), "host-a", 1);
        TmapiLimiter gateB = gate(b, "host-b", 1);
        GatedRequest onA = new GatedRequest(gateA, threads);
        onA.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        GatedRequest onB = new GatedRequest(gateB, threads);
        await().atMost(BOUND).until(() -> AdvisoryLocks.waitedFor(b).contains(0));
        assertThat(onB.acquired).as("the one slot is A's").isNotDone();
        // A's end: its connections close with the request still holding its slot
        gateA.close();

        onB.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(AdvisoryLocks.held(b)).containsExactly(0);
        onB.succeed();
        onA.succeed();
        onB.released.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        onA.released.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void givenA503OnOneInstance_whenTheOtherLooks_thenBothUseOnlyTheSlotsBelowTheLoweredLimitUntilSuccessesRaiseIt()
            throws Exception {
        String url = POSTGRES.newDatabase();
        StateStore a = open(url);
        TmapiLimiter gateA = gate(a, "host-a", 3);
        TmapiLimiter gateB = gate(open(url), "host-b", 3);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        new TmapiMetrics(() -> metrics, gateB).register();

        gateA.failed("503", Duration.ZERO);
        assertThat(gateA.effectiveLimit()).isEqualTo(1);
        gateB.sync();

        assertThat(gateB.effectiveLimit()).isEqualTo(1);
        assertThat(metrics.get("tmapi_concurrency_limit").gauge().value()).as("B's gauge").isEqualTo(1.0);
        GatedRequest onB = new GatedRequest(gateB, threads);
        onB.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(AdvisoryLocks.held(a)).containsExactly(0);
        GatedRequest onA = new GatedRequest(gateA, threads);
        await().atMost(BOUND).until(() -> AdvisoryLocks.waitedFor(a).contains(0));
        assertThat(onA.acquired).as("the one slot below the lowered limit is B's").isNotDone();

        onB.succeed();
        onA.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        onA.succeed();
        onA.released.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < 8; i++) {
            gateB.succeeded();
        }
        assertThat(gateB.effectiveLimit()).as("ten successes on the two instances").isEqualTo(2);
        gateA.sync();
        assertThat(gateA.effectiveLimit()).isEqualTo(2);
    }

    @Test
    void givenA439OnOneInstance_whenTheOtherLooks_thenItIsPausedUntilThenWithoutAnAlertAndAResumeOnItEndsBoth()
            throws Exception {
        String url = POSTGRES.newDatabase();
        TmapiLimiter gateA = gate(open(url), "host-a", 3);
        TmapiLimiter gateB = gate(open(url), "host-b", 3);

        assertThat(gateA.failed("439", WINDOW)).as("A raises the alert").isTrue();
        gateB.sync();

        assertThat(gateB.isPaused()).isTrue();
        assertThat(gateB.pausedUntil()).isEqualTo(gateA.pausedUntil());
        assertThat(gateB.pausedBy()).contains("host-a");
        GatedRequest onB = new GatedRequest(gateB, threads);
        assertThat(onB.acquired).as("B's requests wait").isNotDone();

        // data/resume, seen by B
        gateB.resume();
        onB.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        gateA.sync();
        assertThat(gateA.isPaused()).isFalse();
        GatedRequest onA = new GatedRequest(gateA, threads);
        onA.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        // both requests refused: B's answer comes first, and A's before A has looked at the account
        onB.answer(gate -> assertThat(gate.failed("439", WINDOW)).as("B raises the alert of a new pause").isTrue());
        onB.released.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        onA.answer(gate -> assertThat(gate.failed("439", WINDOW)).as("no second alert").isFalse());
        onA.released.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateA.isPaused()).isTrue();
        gateA.resume();
        gateB.sync();
        assertThat(gateB.isPaused()).isFalse();
    }

    @Test
    void givenThePauseWindowOver_whenBothInstancesProbe_thenOneAtATimeAndAProbeRefusedAgainKeepsTheOtherWaiting()
            throws Exception {
        String url = POSTGRES.newDatabase();
        StateStore b = open(url);
        HandClock clock = new HandClock();
        TmapiLimiter gateA = gate(open(url), "host-a", 3, clock);
        TmapiLimiter gateB = gate(b, "host-b", 3, clock);
        gateA.failed("439", WINDOW);
        gateB.sync();
        clock.advance(WINDOW);

        GatedRequest probeA = new GatedRequest(gateA, threads);
        probeA.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateA.state()).isEqualTo(TmapiLimiter.State.PROBING);
        GatedRequest probeB = new GatedRequest(gateB, threads);
        await().atMost(BOUND).until(() -> AdvisoryLocks.waitedFor(b).contains(0));
        probeA.answer(gate -> gate.failed("439", WINDOW));
        probeA.released.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        Instant extended = gateA.pausedUntil();
        await().atMost(BOUND).until(() -> gateB.pausedUntil().equals(extended));
        assertThat(gateB.state()).isEqualTo(TmapiLimiter.State.PAUSED);
        assertThat(probeB.acquired).as("B does not probe what A has just found still paused").isNotDone();

        clock.advance(WINDOW);
        probeB.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateB.state()).isEqualTo(TmapiLimiter.State.PROBING);
        probeB.succeed();
        probeB.released.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateB.isPaused()).isFalse();
        gateA.sync();
        assertThat(gateA.isPaused()).as("the probe on B ended the pause of both").isFalse();
    }

    @Test
    void givenA439OnAnotherInstance_whenThisOneChecksItsWindow_thenItsFlowsTakeNoWorkAndHealthIsDownUntilItEnds()
            throws Exception {
        String url = POSTGRES.newDatabase();
        TmapiLimiter gateA = gate(open(url), "host-a", 3);
        TmapiLimiter gateB = gate(open(url), "host-b", 3);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            TmapiPause pauseB = PausingContext.pause(context, gateB, WINDOW);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:inbox?period=3600000").routeId("category-items-inbox")
                            .routeConfigurationId(TmapiPause.TMAPI_ERRORS).log("a file taken");
                }
            });
            context.start();
            TmapiCallsHealthCheck healthB = new TmapiCallsHealthCheck(gateB,
                    new TmapiMetrics(SimpleMeterRegistry::new, gateB));
            healthB.setCamelContext(context);
            ServiceSupport inbox = (ServiceSupport) context.getRoute("category-items-inbox").getConsumer();

            gateA.failed("439", WINDOW);
            pauseB.checkWindow();

            assertThat(inbox.isSuspended()).as("B's flow takes no new work").isTrue();
            HealthCheck.Result down = healthB.call();
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getDetails()).containsEntry("paused.by", "host-a");

            gateA.resume();
            pauseB.checkWindow();

            assertThat(inbox.isSuspended()).isFalse();
            assertThat(healthB.call().getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void givenTheDatabaseRefusingConnections_whenARequestWants_thenItWaitsWithOneWarnAndGoesOnceItAnswers()
            throws Exception {
        // a name of its own: the test refuses connections to it by name
        String name = "gate_refusing";
        StateStore a = open(POSTGRES.createDatabase(name));
        TmapiLimiter gateA = gate(a, "host-a", 1);
        try (CapturedLog log = CapturedLog.info();
                Connection admin = DriverManager.getConnection(POSTGRES.jdbcUrl(POSTGRES.username()),
                        POSTGRES.username(), POSTGRES.password());
                Statement sql = admin.createStatement()) {
            sql.execute("alter database " + name + " allow_connections false");
            sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name
                    + "' and application_name = '" + AccountSlots.APPLICATION_NAME + "'");

            GatedRequest waiting = new GatedRequest(gateA, threads);
            await().atMost(BOUND).until(() -> log.text().contains("TMAPI requests wait"));
            assertThat(waiting.acquired).as("no request while the database cannot be reached").isNotDone();
            sql.execute("alter database " + name + " allow_connections true");

            waiting.acquired.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(log.text().lines().filter(l -> l.contains("WARN") && l.contains("TMAPI requests wait: the"
                    + " state store cannot be reached"))).hasSize(1);
            assertThat(log.text().lines().filter(l -> l.contains("INFO") && l.contains("TMAPI requests go on: the"
                    + " state store answers again"))).hasSize(1);
            waiting.succeed();
            waiting.released.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private TmapiLimiter gate(StateStore store, String instance, int maxConcurrency) {
        return gate(store, instance, maxConcurrency, Clock.systemUTC());
    }

    /** One instance's gate, as the product builds it on PostgreSQL. */
    private TmapiLimiter gate(StateStore store, String instance, int maxConcurrency, Clock clock) {
        TmapiLimiter gate = new TmapiLimiter(maxConcurrency, new SharedTmapiAccount(store.accountSlots(maxConcurrency),
                new SharedAccount(store.dataSource(), maxConcurrency, 10), instance), clock);
        opened.add(gate::close);
        return gate;
    }


    private StateStore open(String url) {
        StateStore store = POSTGRES.openStore(url, dataDir);
        opened.add(store);
        return store;
    }
}
