package org.tmapiroutes.tmapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate every TMAPI request passes: at most {@code tmapi.max-concurrency} requests in flight on the account (across
 * every instance sharing it), a limit that halves on 503 and climbs back by one after every run of successes, and a
 * pause (439) during which requests wait, ended by a single probe request once the pause window is over, or at once by
 * {@link #resume()}. No request goes out while the state store cannot be reached: it waits until the store answers.
 *
 * <p>A request first takes one of this instance's places under the limit, then a slot of the {@link TmapiAccount};
 * {@link #release()}, called in the same thread, gives both back. What this instance's answers say (503, 439, a probe's
 * success) is recorded on the account, and {@link #sync()} takes over what the other instances recorded there.
 */
public final class TmapiLimiter {

    /** Where the gate stands. */
    public enum State { OPEN, PAUSED, PROBING }

    private static final Logger LOG = LoggerFactory.getLogger(TmapiLimiter.class);
    /** How long a request waits for an account slot before it looks again: is it stopping, paused, the limit lower? */
    static final Duration SLOT_PATIENCE = Duration.ofMillis(250);
    /** How long a request waits before it tries again a state store that could not be reached. */
    static final Duration STORE_RETRY = Duration.ofSeconds(1);

    /** A request's place under this instance's limit (0, 1, ...), and whether it is the pause's probe. */
    private record Place(int index, boolean probe) {
    }

    /** What a request holds from {@link #acquire()} to {@link #release()}. */
    private record Held(Place place, TmapiAccount.Slot slot) {
    }

    private final int maxConcurrency;
    private final TmapiAccount account;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    /** Held while a change is made and recorded on the account, so the account hears of them in the order made. */
    private final ReentrantLock recording = new ReentrantLock();
    /** What this thread's requests hold, the last taken first (a thread may hold more than one, as tests do). */
    private final ThreadLocal<Deque<Held>> held = ThreadLocal.withInitial(ArrayDeque::new);
    private final BitSet places = new BitSet();

    private int limit;
    private int inFlight;
    private int maxInFlightSeen;
    private State state = State.OPEN;
    private Instant pausedUntil = Instant.MIN;
    /** The instance whose 439 paused this one, when it was another. */
    private String pausedBy;
    /** The pause as this instance last recorded it on the account or took it over from there; null when none. */
    private Instant pauseOnAccount;
    private Thread probe;
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
        // an instance starting while the others run on a lowered limit, or are paused, does the same from the start
        sync();
    }

    /** Waits until a request may go out: a free slot under the current limit, and no pause (or this is the probe). */
    public void acquire() throws InterruptedException {
        while (true) {
            Place place = takePlace();
            TmapiAccount.Slot slot = null;
            try {
                slot = takeSlot(place);
            } finally {
                if (slot == null) {
                    givePlaceBack(place);
                }
            }
            if (slot != null) {
                held.get().push(new Held(place, slot));
                return;
            }
            // stopping, paused or the limit lowered while this waited for a slot: back in the queue
        }
    }

    /** One of this instance's places under the limit, or the probe's once the pause window is over. */
    private Place takePlace() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (stopped) {
                    throw new TmapiStoppedException();
                }
                if (state == State.PAUSED && !clock.instant().isBefore(pausedUntil) && places.isEmpty()) {
                    state = State.PROBING;
                    probe = Thread.currentThread();
                    return take(true);
                }
                if (state == State.OPEN && places.cardinality() < limit) {
                    return take(false);
                }
                if (state == State.PAUSED) {
                    long wait = Math.max(1, Duration.between(clock.instant(), pausedUntil).toMillis());
                    changed.await(Math.min(wait, 1000), TimeUnit.MILLISECONDS);
                } else {
                    changed.await(1000, TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Place take(boolean probe) {
        int index = places.nextClearBit(0);
        places.set(index);
        return new Place(index, probe);
    }

    /**
     * The account's slot for a place: on PostgreSQL one the other instances are not holding, waited for in short
     * turns so that a stop, a pause or a lower limit is seen meanwhile; null when one of those came first.
     */
    private TmapiAccount.Slot takeSlot(Place place) throws InterruptedException {
        while (true) {
            int below;
            lock.lock();
            try {
                if (stopped || !mayGo(place)) {
                    return null;
                }
                // the probe waits for slot 0, so that only one probes on the whole account at a time
                below = place.probe() ? 1 : limit;
            } finally {
                lock.unlock();
            }
            Optional<TmapiAccount.Slot> slot;
            try {
                slot = account.take(below, place.index(), SLOT_PATIENCE);
            } catch (AccountUnreachableException e) {
                waitForStore(e);
                continue;
            }
            storeAnswers();
            if (slot.isEmpty()) {
                continue;
            }
            if (place.probe()) {
                // the probe before this one, on whichever instance, recorded its verdict before it let slot 0 go
                sync();
            }
            boolean goes;
            lock.lock();
            try {
                goes = !stopped && mayGo(place);
                if (goes) {
                    inFlight++;
                    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
                }
            } finally {
                lock.unlock();
            }
            if (goes) {
                return slot.get();
            }
            slot.get().close();
            return null;
        }
    }

    /** Whether a request holding this place may go out now; the lock is held. */
    private boolean mayGo(Place place) {
        if (place.probe() && state == State.PROBING) {
            return probe == Thread.currentThread();
        }
        // a probe whose pause ended elsewhere meanwhile goes out as any other request
        return state == State.OPEN && place.index() < limit;
    }

    private void givePlaceBack(Place place) {
        lock.lock();
        try {
            places.clear(place.index());
            if (place.probe() && state == State.PROBING && probe == Thread.currentThread()) {
                // the probe did not go out (the program stops): the next request probes
                state = State.PAUSED;
                probe = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The state store cannot be reached: one WARN for all the requests waiting, then a try every second. */
    private void waitForStore(AccountUnreachableException e) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (!waitingForStore) {
                waitingForStore = true;
                LOG.warn("TMAPI requests wait: the state store cannot be reached ({}); none is sent until it answers",
                        e.getMessage());
            }
            if (!stopped) {
                changed.await(STORE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void storeAnswers() {
        if (waitingForStore) {
            lock.lock();
            try {
                if (waitingForStore) {
                    waitingForStore = false;
                    LOG.info("TMAPI requests go on: the state store answers again");
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The program stops: no request goes out any more; those waiting for a slot give up at once. */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The program has ended: what the account holds for this instance (its connections) is given back. */
    public void close() {
        account.close();
    }

    /** Gives back the place and slot {@link #acquire()} took in this thread; always called, whatever the answer. */
    public void release() {
        Deque<Held> mine = held.get();
        Held mineNow = mine.poll();
        if (mine.isEmpty()) {
            held.remove();
        }
        if (mineNow != null) {
            // the account's slot first: by the time this instance's place is free, so is the slot
            mineNow.slot().close();
        }
        lock.lock();
        try {
            if (mineNow != null) {
                places.clear(mineNow.place().index());
                inFlight = Math.max(0, inFlight - 1);
            }
            if (state == State.PROBING && probe == Thread.currentThread()) {
                // the probe ended without a verdict (e.g. a timeout): the next request probes again
                state = State.PAUSED;
                probe = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A request was answered; a successful probe ends the pause (for every instance), and successes raise a lowered
     * limit step by step. A request that left before the pause began and comes back fine does not end it: only the
     * probe goes out while paused, once the requests in flight are back.
     */
    public void succeeded() {
        lock.lock();
        try {
            if (state != State.PROBING && limit >= maxConcurrency) {
                // the steady state: nothing to record
                return;
            }
        } finally {
            lock.unlock();
        }
        recording.lock();
        try {
            boolean probeSucceeded;
            boolean lowered;
            lock.lock();
            try {
                probeSucceeded = state == State.PROBING;
                if (probeSucceeded) {
                    open();
                }
                lowered = limit < maxConcurrency;
            } finally {
                lock.unlock();
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
            lock.lock();
            try {
                starts = state == State.OPEN;
                state = State.PAUSED;
                probe = null;
                pausedUntil = until;
                if (starts) {
                    pausedBy = null;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            Optional<Boolean> startsOnAccount = record("a 439 pause", () -> account.paused(until));
            if (startsOnAccount.isPresent()) {
                lock.lock();
                try {
                    pauseOnAccount = until;
                } finally {
                    lock.unlock();
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
            lock.lock();
            try {
                open();
            } finally {
                lock.unlock();
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
            lock.lock();
            try {
                takeOver(recorded);
            } finally {
                lock.unlock();
            }
        } catch (AccountUnreachableException e) {
            // the requests wait for the store themselves, and its health check says it does not answer
            LOG.debug("the TMAPI account could not be read: {}", e.getMessage());
        } finally {
            recording.unlock();
        }
    }

    /** The lock is held. */
    private void takeOver(TmapiAccount.Recorded recorded) {
        if (recorded.limit() != limit) {
            limit = recorded.limit();
            changed.signalAll();
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
            probe = null;
            pausedUntil = until.get();
            pausedBy = recorded.pausedBy().orElse(null);
            changed.signalAll();
        } else if (until.isEmpty() && pauseOnAccount != null) {
            // a probe succeeded on another instance, or an operator resumed there
            pauseOnAccount = null;
            if (state != State.OPEN) {
                LOG.info("TMAPI calls resumed: the pause ended on another instance");
                open();
            }
        }
    }

    /** The lock is held. */
    private void open() {
        state = State.OPEN;
        probe = null;
        pausedUntil = Instant.MIN;
        pausedBy = null;
        changed.signalAll();
    }

    /** The recording lock is held. */
    private void recordResumed() {
        Optional<Boolean> recorded = record("the end of a pause", () -> {
            account.resumed();
            return true;
        });
        if (recorded.isPresent()) {
            lock.lock();
            try {
                pauseOnAccount = null;
            } finally {
                lock.unlock();
            }
        }
    }

    private void limitIs(int recorded) {
        lock.lock();
        try {
            limit = recorded;
            changed.signalAll();
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    public boolean isPaused() {
        return state() != State.OPEN;
    }

    /** When the current pause window ends. */
    public Instant pausedUntil() {
        lock.lock();
        try {
            return pausedUntil;
        } finally {
            lock.unlock();
        }
    }

    /** The instance whose 439 paused this one, when it was another. */
    public Optional<String> pausedBy() {
        lock.lock();
        try {
            return state == State.OPEN ? Optional.empty() : Optional.ofNullable(pausedBy);
        } finally {
            lock.unlock();
        }
    }

    /** The limit now in force: {@code tmapi.max-concurrency}, or less after 503 answers (on any instance). */
    public int effectiveLimit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /** This instance's requests in flight: each holds its place and its slot of the account. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public int maxInFlightSeen() {
        lock.lock();
        try {
            return maxInFlightSeen;
        } finally {
            lock.unlock();
        }
    }
}
