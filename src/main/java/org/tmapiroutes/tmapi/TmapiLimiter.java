package org.tmapiroutes.tmapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate every TMAPI request passes: at most {@code tmapi.max-concurrency} requests in flight on the account (across
 * every instance sharing it), a limit that halves on 503 and climbs back by one after every run of successes, and a
 * pause (439) during which requests wait, ended by a single probe request once the pause window is over, or at once by
 * {@link #resume()}. No request goes out while the state store cannot be reached: it waits until the store answers.
 *
 * <p>A request first takes one of this instance's places under the limit (a {@link Semaphore} whose permits follow
 * the limit in force), then a slot of the {@link TmapiAccount}; both make the {@link Permit} that {@link #acquire()}
 * returns and {@link #release(Permit)} gives back. A route keeps it with its {@link QueryFetch}. What this
 * instance's answers say (503, 439, a probe's success) is recorded on the account, and {@link #sync()} takes over what
 * the other instances recorded there.
 */
public final class TmapiLimiter {

    /** Where the gate stands. */
    public enum State { OPEN, PAUSED, PROBING }

    private static final Logger LOG = LoggerFactory.getLogger(TmapiLimiter.class);
    /** How long a request waits for a place or a slot before it looks again: is it stopping, paused? */
    static final Duration SLOT_PATIENCE = Duration.ofMillis(250);
    /** How long a request waits before it tries again a state store that could not be reached. */
    static final Duration STORE_RETRY = Duration.ofSeconds(1);
    /** How long a request waiting out a pause sleeps at most: the window may be ended or moved by another instance. */
    private static final Duration PAUSE_LOOK = Duration.ofSeconds(1);

    /** What one request holds from {@link #acquire()} to {@link #release(Permit)}: a place and an account slot. */
    public static final class Permit {

        private final boolean probe;
        private final AtomicBoolean released = new AtomicBoolean();
        private boolean placed;
        private TmapiAccount.Slot slot;

        private Permit(boolean probe) {
            this.probe = probe;
        }

        /** Whether this is the request that probes, once the pause window is over, whether TMAPI answers again. */
        public boolean probe() {
            return probe;
        }
    }

    /** This instance's places: a semaphore whose permits follow the limit in force, lowered or raised. */
    private static final class Places extends Semaphore {

        private int size;

        Places(int size) {
            super(size, true);
            this.size = size;
        }

        synchronized void resize(int to) {
            if (to > size) {
                release(to - size);
            } else if (to < size) {
                // places held beyond the new limit are not handed out again once given back
                reducePermits(size - to);
            }
            size = to;
        }
    }

    private final int maxConcurrency;
    private final TmapiAccount account;
    private final Clock clock;
    private final Places places;
    /** Guards the fields below; waited on by requests while paused, notified on every change. */
    private final Object monitor = new Object();
    /** Held while a change is made and recorded on the account, so the account hears of them in the order made. */
    private final ReentrantLock recording = new ReentrantLock();
    /** Spreads the slots that waiting requests wait for over the account's slots. */
    private final AtomicInteger preferred = new AtomicInteger();

    private int limit;
    /** Requests holding a place, whether or not they hold an account slot yet. */
    private int placed;
    private int inFlight;
    private int maxInFlightSeen;
    private State state = State.OPEN;
    private Permit probing;
    private Instant pausedUntil = Instant.MIN;
    /** The instance whose 439 paused this one, when it was another. */
    private String pausedBy;
    /** Whether a job's query left at this pause rather than wait in it. */
    private boolean jobsLeft;
    /** The pause as this instance last recorded it on the account or took it over from there; null when none. */
    private Instant pauseOnAccount;
    private boolean stopped;
    private volatile boolean waitingForStore;

    /** A gate for an instance alone, which never waits for a state store. */
    public TmapiLimiter(int maxConcurrency, int successesToRaise) {
        this(maxConcurrency, successesToRaise, Clock.systemUTC());
    }

    TmapiLimiter(int maxConcurrency, int successesToRaise, Clock clock) {
        this(maxConcurrency, new UnsharedTmapiAccount(maxConcurrency, successesToRaise, () -> true), clock);
    }

    public TmapiLimiter(int maxConcurrency, TmapiAccount account) {
        this(maxConcurrency, account, Clock.systemUTC());
    }

    TmapiLimiter(int maxConcurrency, TmapiAccount account, Clock clock) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("tmapi.max-concurrency must be 1 or more, was " + maxConcurrency);
        }
        this.maxConcurrency = maxConcurrency;
        this.account = account;
        this.clock = clock;
        this.limit = maxConcurrency;
        this.places = new Places(maxConcurrency);
        // an instance starting while the others run on a lowered limit, or are paused, does the same from the start
        sync();
    }

    /**
     * For a route: waits like {@link #acquire()} and keeps the permit with the query until it is released; a query
     * {@linkplain QueryFetch#leavingAtPause() leaving at a pause} does not wait in one.
     *
     * @throws TmapiStoppedException at a pause, for a query that leaves then
     */
    public void acquire(@ExchangeProperty(QueryFetch.PROPERTY) QueryFetch fetch) throws InterruptedException {
        fetch.hold(acquire(fetch.leavesAtPause()));
    }

    /** Waits until a request may go out: a free slot under the current limit, and no pause (or this is the probe). */
    Permit acquire() throws InterruptedException {
        return acquire(false);
    }

    private Permit acquire(boolean leavesAtPause) throws InterruptedException {
        while (true) {
            Permit permit = awaitTurn(leavesAtPause);
            boolean goes = false;
            try {
                goes = takePlace(permit) && takeSlot(permit);
            } finally {
                if (!goes) {
                    giveBack(permit);
                }
            }
            if (goes) {
                return permit;
            }
            // stopping, or paused while this waited for a place or a slot: back in the queue
        }
    }

    /**
     * Waits while paused (or leaves, when asked to); once the pause window is over and no request holds a place, this
     * one is the probe.
     */
    private Permit awaitTurn(boolean leavesAtPause) throws InterruptedException {
        synchronized (monitor) {
            while (true) {
                if (stopped) {
                    throw new TmapiStoppedException();
                }
                if (state == State.OPEN) {
                    return new Permit(false);
                }
                if (state == State.PAUSED && !clock.instant().isBefore(pausedUntil) && placed == 0) {
                    state = State.PROBING;
                    probing = new Permit(true);
                    return probing;
                }
                if (leavesAtPause && state == State.PAUSED && clock.instant().isBefore(pausedUntil)) {
                    jobsLeft = true;
                    throw TmapiStoppedException.atPause(pausedUntil);
                }
                long wait = PAUSE_LOOK.toMillis();
                if (state == State.PAUSED) {
                    wait = Math.min(wait, Math.max(1, Duration.between(clock.instant(), pausedUntil).toMillis()));
                }
                monitor.wait(wait);
            }
        }
    }

    /** One of this instance's places, waited for in short turns so that a stop or a pause is seen meanwhile. */
    private boolean takePlace(Permit permit) throws InterruptedException {
        while (!places.tryAcquire(SLOT_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            synchronized (monitor) {
                if (stopped || !mayGo(permit)) {
                    return false;
                }
            }
        }
        synchronized (monitor) {
            permit.placed = true;
            placed++;
            return !stopped && mayGo(permit);
        }
    }

    /**
     * The account's slot: on PostgreSQL one the other instances are not holding, waited for in short turns so that a
     * stop or a pause is seen meanwhile; false when one of those came first.
     */
    private boolean takeSlot(Permit permit) throws InterruptedException {
        int wanted = permit.probe() ? 0 : Math.floorMod(preferred.getAndIncrement(), maxConcurrency);
        while (true) {
            int below;
            synchronized (monitor) {
                if (stopped || !mayGo(permit)) {
                    return false;
                }
                // the probe waits for slot 0, so that only one probes on the whole account at a time
                below = permit.probe() ? 1 : limit;
            }
            Optional<TmapiAccount.Slot> slot;
            try {
                slot = account.take(below, wanted, SLOT_PATIENCE);
            } catch (AccountUnreachableException e) {
                waitForStore(e);
                continue;
            }
            storeAnswers();
            if (slot.isEmpty()) {
                continue;
            }
            if (permit.probe()) {
                // the probe before this one, on whichever instance, recorded its verdict before it let slot 0 go
                sync();
            }
            synchronized (monitor) {
                if (!stopped && mayGo(permit)) {
                    permit.slot = slot.get();
                    inFlight++;
                    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
                    return true;
                }
            }
            slot.get().close();
            return false;
        }
    }

    /** Whether a request may go out now; the monitor is held. */
    private boolean mayGo(Permit permit) {
        // a probe whose pause ended elsewhere meanwhile goes out as any other request
        return state == State.OPEN || state == State.PROBING && probing == permit;
    }

    /** The state store cannot be reached: one WARN for all the requests waiting, then a try every second. */
    private void waitForStore(AccountUnreachableException e) throws InterruptedException {
        synchronized (monitor) {
            if (!waitingForStore) {
                waitingForStore = true;
                LOG.warn("TMAPI requests wait: the state store cannot be reached ({}); none is sent until it answers",
                        e.getMessage());
            }
            if (!stopped) {
                monitor.wait(STORE_RETRY.toMillis());
            }
        }
    }

    private void storeAnswers() {
        if (waitingForStore) {
            synchronized (monitor) {
                if (waitingForStore) {
                    waitingForStore = false;
                    LOG.info("TMAPI requests go on: the state store answers again");
                }
            }
        }
    }

    /** The program stops: no request goes out any more; those waiting for a slot give up at once. */
    public void stop() {
        synchronized (monitor) {
            stopped = true;
            monitor.notifyAll();
        }
    }

    /** The program has ended: what the account holds for this instance (its connections) is given back. */
    public void close() {
        account.close();
    }

    /** For a route: gives back the permit {@link #acquire(QueryFetch)} kept with the query, if it holds one. */
    public void release(@ExchangeProperty(QueryFetch.PROPERTY) QueryFetch fetch) {
        Permit permit = fetch.releasePermit();
        if (permit != null) {
            release(permit);
        }
    }

    /** Gives back what {@link #acquire()} took; always called, whatever the answer (a second call does nothing). */
    void release(Permit permit) {
        giveBack(permit);
    }

    /** The account's slot first: by the time this instance's place is free, so is the slot. */
    private void giveBack(Permit permit) {
        if (!permit.released.compareAndSet(false, true)) {
            return;
        }
        if (permit.slot != null) {
            permit.slot.close();
        }
        synchronized (monitor) {
            if (permit.slot != null) {
                inFlight = Math.max(0, inFlight - 1);
            }
            if (permit.placed) {
                placed--;
            }
            if (state == State.PROBING && probing == permit) {
                // the probe ended without a verdict (e.g. a timeout, or the program stops): the next request probes
                state = State.PAUSED;
                probing = null;
            }
            monitor.notifyAll();
        }
        if (permit.placed) {
            places.release();
        }
    }

    /**
     * A request was answered; a successful probe ends the pause (for every instance), and successes raise a lowered
     * limit step by step. A request that left before the pause began and comes back fine does not end it: only the
     * probe goes out while paused, once the requests in flight are back.
     */
    public void succeeded() {
        synchronized (monitor) {
            if (state != State.PROBING && limit >= maxConcurrency) {
                // the steady state: nothing to record
                return;
            }
        }
        recording.lock();
        try {
            boolean probeSucceeded;
            boolean lowered;
            synchronized (monitor) {
                probeSucceeded = state == State.PROBING;
                if (probeSucceeded) {
                    open();
                }
                lowered = limit < maxConcurrency;
            }
            if (probeSucceeded) {
                recordResumed();
            }
            if (lowered) {
                record("a success", account::succeeded).ifPresent(this::limitIs);
            }
        } finally {
            recording.unlock();
        }
    }

    /**
     * Tells the gate how a request failed: 503 lowers the limit, 439 starts (or extends) a pause.
     *
     * @return {@code true} when this failure started a new pause
     */
    public boolean failed(String code, Duration pauseWindow) {
        if ("503".equals(code)) {
            concurrencyExceeded();
        } else if ("439".equals(code)) {
            return pause(pauseWindow);
        }
        return false;
    }

    /** TMAPI answered 503: halve the limit (never below 1), for every instance. */
    public void concurrencyExceeded() {
        recording.lock();
        try {
            record("a 503", account::lowered).ifPresent(this::limitIs);
        } finally {
            recording.unlock();
        }
    }

    /**
     * TMAPI answered 439: requests wait until the window is over, then one probe goes out; every instance pauses.
     *
     * @return {@code true} when this starts a pause of the account, {@code false} when one was already on (here or
     *         on another instance, or being probed)
     */
    public boolean pause(Duration window) {
        recording.lock();
        try {
            boolean starts;
            Instant until = clock.instant().plus(window).truncatedTo(ChronoUnit.MILLIS);
            synchronized (monitor) {
                starts = state == State.OPEN;
                state = State.PAUSED;
                probing = null;
                pausedUntil = until;
                if (starts) {
                    pausedBy = null;
                }
                monitor.notifyAll();
            }
            Optional<Boolean> startsOnAccount = record("a 439 pause", () -> account.paused(until));
            if (startsOnAccount.isPresent()) {
                synchronized (monitor) {
                    pauseOnAccount = until;
                }
            }
            // the first 439 on the account raises the alert, whichever instance saw it
            return starts && startsOnAccount.orElse(true);
        } finally {
            recording.unlock();
        }
    }

    /** Ends a pause at once (operator action), for every instance; the next request goes out as usual. */
    public void resume() {
        recording.lock();
        try {
            synchronized (monitor) {
                open();
            }
            recordResumed();
        } finally {
            recording.unlock();
        }
    }

    /**
     * Takes over what the other instances recorded on the account: the limit in force, a pause one of them began
     * (this instance then pauses too, without an alert of its own) and the end of it. Called every second.
     */
    public void sync() {
        recording.lock();
        try {
            TmapiAccount.Recorded recorded = account.recorded();
            synchronized (monitor) {
                takeOver(recorded);
            }
        } catch (AccountUnreachableException e) {
            // the requests wait for the store themselves, and its health check says it does not answer
            LOG.debug("the TMAPI account could not be read: {}", e.getMessage());
        } finally {
            recording.unlock();
        }
    }

    /** The monitor is held. */
    private void takeOver(TmapiAccount.Recorded recorded) {
        if (recorded.limit() != limit) {
            limit = recorded.limit();
            places.resize(limit);
            monitor.notifyAll();
        }
        Optional<Instant> until = recorded.pausedUntil();
        if (until.isPresent() && !until.get().equals(pauseOnAccount)) {
            // another instance was answered 439 (or its probe was)
            pauseOnAccount = until.get();
            if (state == State.OPEN) {
                LOG.warn("TMAPI calls paused until {}: instance {} was answered 439 (subscription expired or balance"
                        + " used up)", until.get(), recorded.pausedBy().orElse("?"));
            }
            state = State.PAUSED;
            probing = null;
            pausedUntil = until.get();
            pausedBy = recorded.pausedBy().orElse(null);
            monitor.notifyAll();
        } else if (until.isEmpty() && pauseOnAccount != null) {
            // a probe succeeded on another instance, or an operator resumed there
            pauseOnAccount = null;
            if (state != State.OPEN) {
                LOG.info("TMAPI calls resumed: the pause ended on another instance");
                open();
            }
        }
    }

    /** The monitor is held. */
    private void open() {
        state = State.OPEN;
        jobsLeft = false;
        probing = null;
        pausedUntil = Instant.MIN;
        pausedBy = null;
        monitor.notifyAll();
    }

    /** The recording lock is held. */
    private void recordResumed() {
        Optional<Boolean> recorded = record("the end of a pause", () -> {
            account.resumed();
            return true;
        });
        if (recorded.isPresent()) {
            synchronized (monitor) {
                pauseOnAccount = null;
            }
        }
    }

    private void limitIs(int recorded) {
        synchronized (monitor) {
            limit = recorded;
            places.resize(limit);
            monitor.notifyAll();
        }
    }

    /**
     * Records a change on the account; when the store cannot be reached the other instances do not hear of it, and
     * this one goes on as it knows (its requests wait for the store anyway).
     */
    private <T> Optional<T> record(String what, Supplier<T> change) {
        try {
            return Optional.of(change.get());
        } catch (AccountUnreachableException e) {
            LOG.warn("{} could not be recorded for the other instances: {}", what, e.getMessage());
            return Optional.empty();
        }
    }

    public State state() {
        synchronized (monitor) {
            return state;
        }
    }

    public boolean isPaused() {
        return state() != State.OPEN;
    }

    /** When the current pause window ends. */
    public Instant pausedUntil() {
        synchronized (monitor) {
            return pausedUntil;
        }
    }

    /** Whether a job's query left at this pause (its job resumes, and probes, once the window is over). */
    public boolean jobsLeftAtPause() {
        synchronized (monitor) {
            return jobsLeft;
        }
    }

    /** The instance whose 439 paused this one, when it was another. */
    public Optional<String> pausedBy() {
        synchronized (monitor) {
            return state == State.OPEN ? Optional.empty() : Optional.ofNullable(pausedBy);
        }
    }

    /** The limit now in force: {@code tmapi.max-concurrency}, or less after 503 answers (on any instance). */
    public int effectiveLimit() {
        synchronized (monitor) {
            return limit;
        }
    }

    /** This instance's requests in flight: each holds its place and its slot of the account. */
    public int inFlight() {
        synchronized (monitor) {
            return inFlight;
        }
    }

    public int maxInFlightSeen() {
        synchronized (monitor) {
            return maxInFlightSeen;
        }
    }
}
