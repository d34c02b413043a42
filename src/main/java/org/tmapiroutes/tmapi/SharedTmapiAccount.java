package org.tmapiroutes.tmapi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.tmapiroutes.store.AccountSlots;
import org.tmapiroutes.store.SharedAccount;

/**
 * The TMAPI account of instances sharing one PostgreSQL state store: a slot is one of its advisory locks
 * ({@link AccountSlots}), the limit and the pause are its {@code tmapi_account} row ({@link SharedAccount}), written
 * in this instance's name.
 */
public final class SharedTmapiAccount implements TmapiAccount {

    private final AccountSlots slots;
    private final SharedAccount row;
    private final String instance;

    /** @param instance {@code instance.id}, recorded as the one that saw a 439 */
    public SharedTmapiAccount(AccountSlots slots, SharedAccount row, String instance) {
        this.slots = slots;
        this.row = row;
        this.instance = instance;
    }

    @Override
    public Optional<Slot> take(int limit, int preferred, Duration patience) {
        return slots.take(limit, preferred, patience).map(slot -> slot::close);
    }

    @Override
    public Recorded recorded() {
        SharedAccount.State state = row.read();
        return new Recorded(state.limit(), state.pausedUntil(), state.pausedBy());
    }

    @Override
    public int lowered() {
        return row.lowered();
    }

    @Override
    public int succeeded() {
        return row.succeeded();
    }

    @Override
    public boolean paused(Instant until) {
        return row.paused(until, instance);
    }

    @Override
    public void resumed() {
        row.resumed();
    }

    @Override
    public void close() {
        slots.close();
    }
}
