package org.tmapiroutes.tmapi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The TMAPI account as every instance calling TMAPI with it must see it: a slot for each request in flight, the
 * concurrency limit in force and the 439 pause. The {@link TmapiLimiter} records here what its answers say and takes
 * over what the others recorded; an instance alone ({@link UnsharedTmapiAccount}) keeps it in memory, instances
 * sharing a PostgreSQL store (the store's {@code SharedTmapiAccount}) keep it there.
 *
 * <p>Every method may throw {@link AccountUnreachableException} when where it is kept (the state store) cannot be reached.
 */
public interface TmapiAccount extends AutoCloseable {

    /** A request's place among those in flight on the account; closing it gives the place back. */
    @FunctionalInterface
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** The account as last recorded: the limit in force and, while paused, until when and who saw the 439. */
    record Recorded(int limit, Optional<Instant> pausedUntil, Optional<String> pausedBy) {
    }

    /**
     * Takes one of the slots below {@code limit}, waiting up to {@code patience} for one to be given back.
     *
     * @param preferred which slot to wait for when none is free: callers waiting at once ask for different ones
     * @return empty when none was given back within {@code patience}
     */
    Optional<Slot> take(int limit, int preferred, Duration patience);

    /** What the account's limit and pause are now. */
    Recorded recorded();

    /** A 503: the limit halves (never below 1); returns the limit now in force. */
    int lowered();

    /** A success while the limit is lowered; returns the limit now in force (raised after enough successes). */
    int succeeded();

    /**
     * A 439 here: the account is paused until then.
     *
     * @return {@code true} when this starts the account's pause, {@code false} when it was paused already
     */
    boolean paused(Instant until);

    /** The pause is over: a probe succeeded here, or an operator resumed. */
    void resumed();

    /** The program ends: what the account holds for it (connections) is given back. */
    @Override
    void close();
}
