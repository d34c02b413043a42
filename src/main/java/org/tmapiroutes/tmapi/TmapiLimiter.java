package org.tmapiroutes.tmapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process-wide gate every TMAPI request passes: at most {@code tmapi.max-concurrency} requests in flight, a limit
 * that halves on 503 and climbs back by one after every run of successes, and a pause (439) during which requests
 * wait, ended by a single probe request once the pause window is over, or at once by {@link #resume()}.
 */
public final class TmapiLimiter {

    /** Where the gate stands. */
    public enum State { OPEN, PAUSED, PROBING }

    private final int maxConcurrency;
    private final int successesToRaise;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();

    private int limit;
    private int inFlight;
    private int maxInFlightSeen;
    private int successesSinceChange;
    private State state = State.OPEN;
    private Instant pausedUntil = Instant.MIN;
    private Thread probe;
    private boolean stopped;

    public TmapiLimiter(int maxConcurrency, int successesToRaise) {
        this(maxConcurrency, successesToRaise, Clock.systemUTC());
    }

    TmapiLimiter(int maxConcurrency, int successesToRaise, Clock clock) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("tmapi.max-concurrency must be 1 or more, was " + maxConcurrency);
        }
        this.maxConcurrency = maxConcurrency;
        this.successesToRaise = Math.max(1, successesToRaise);
        this.clock = clock;
        this.limit = maxConcurrency;
    }

    /** Waits until a request may go out: a free slot under the current limit, and no pause (or this is the probe). */
    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (stopped) {
                    throw new TmapiStoppedException();
                }
                if (state == State.PAUSED && !clock.instant().isBefore(pausedUntil) && inFlight == 0) {
                    state = State.PROBING;
                    probe = Thread.currentThread();
                    inFlight++;
                    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
                    return;
                }
                if (state == State.OPEN && inFlight < limit) {
                    inFlight++;
                    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
                    return;
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

    /** Gives back the slot taken by {@link #acquire()}; always called, whatever the answer. */
    public void release() {
        lock.lock();
        try {
            inFlight = Math.max(0, inFlight - 1);
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
     * A request was answered; a successful probe ends the pause, and successes raise a lowered limit step by step. A
     * request that left before the pause began and comes back fine does not end it: only the probe goes out while
     * paused, once the requests in flight are back.
     */
    public void succeeded() {
        lock.lock();
        try {
            if (state == State.PROBING) {
                state = State.OPEN;
                probe = null;
            }
            if (limit < maxConcurrency && ++successesSinceChange >= successesToRaise) {
                limit++;
                successesSinceChange = 0;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
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

    /** TMAPI answered 503: halve the limit (never below 1). */
    public void concurrencyExceeded() {
        lock.lock();
        try {
            limit = Math.max(1, limit / 2);
            successesSinceChange = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * TMAPI answered 439: requests wait until the window is over, then one probe goes out.
     *
     * @return {@code true} when this starts a pause, {@code false} when one was already on (or being probed)
     */
    public boolean pause(Duration window) {
        lock.lock();
        try {
            boolean starts = state == State.OPEN;
            state = State.PAUSED;
            probe = null;
            pausedUntil = clock.instant().plus(window);
            changed.signalAll();
            return starts;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a pause at once (operator action); the next request goes out as usual. */
    public void resume() {
        lock.lock();
        try {
            state = State.OPEN;
            probe = null;
            pausedUntil = Instant.MIN;
            changed.signalAll();
        } finally {
            lock.unlock();
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

    /** The limit now in force: {@code tmapi.max-concurrency}, or less after 503 answers. */
    public int effectiveLimit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

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
