package org.tmapiroutes.tmapi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;


/**
 * The TMAPI account of an instance that shares it with none (the embedded state store): its limit and pause kept in
 * memory, and a slot free whenever the limiter's own is, as long as the state store answers: a request whose page
 * could not be recorded is not sent.
 */
public final class UnsharedTmapiAccount implements TmapiAccount {

    private static final Slot NOTHING_HELD = () -> { };

    private final int maxConcurrency;
    private final int successesToRaise;
    private final BooleanSupplier storeReachable;
    private int limit;
    private int successes;
    private Instant pausedUntil;

    /** @param storeReachable whether the state store answers now, asked before each request */
    public UnsharedTmapiAccount(int maxConcurrency, int successesToRaise, BooleanSupplier storeReachable) {
        this.maxConcurrency = maxConcurrency;
        this.successesToRaise = Math.max(1, successesToRaise);
        this.storeReachable = storeReachable;
        this.limit = maxConcurrency;
    }

    @Override
    public Optional<Slot> take(int limit, int preferred, Duration patience) {
        if (!storeReachable.getAsBoolean()) {
            throw new AccountUnreachableException("the state store does not answer", null);
        }
        return Optional.of(NOTHING_HELD);
    }

    @Override
    public synchronized Recorded recorded() {
        return new Recorded(limit, Optional.ofNullable(pausedUntil), Optional.empty());
    }

    @Override
    public synchronized int lowered() {
        limit = Math.max(1, limit / 2);
        successes = 0;
        return limit;
    }

    @Override
    public synchronized int succeeded() {
        if (limit < maxConcurrency && ++successes >= successesToRaise) {
            limit++;
            successes = 0;
        }
        return limit;
    }

    @Override
    public synchronized boolean paused(Instant until) {
        boolean starts = pausedUntil == null;
        pausedUntil = until;
        return starts;
    }

    @Override
    public synchronized void resumed() {
        pausedUntil = null;
    }

    @Override
    public void close() {
        // nothing held
    }
}
