package org.tmapiroutes.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.tmapiroutes.tmapi.AccountUnreachableException;
import org.tmapiroutes.tmapi.TmapiAccount;

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
        return answered(() -> slots.take(limit, preferred, patience).map(slot -> slot::close));
    }

    @Override
    public Recorded recorded() {
        SharedAccount.State state = answered(row::read);
        return new Recorded(state.limit(), state.pausedUntil(), state.pausedBy());
    }

    @Override
    public int lowered() {
        return answered(row::lowered);
    }

    @Override
    public int succeeded() {
        return answered(row::succeeded);
    }

    @Override
    public boolean paused(Instant until) {
        return answered(() -> row.paused(until, instance));
    }

    @Override
    public void resumed() {
        answered(() -> {
            row.resumed();
            return null;
        });
    }

    @Override
    public void close() {
        slots.close();
    }

    /** What the store answered; a store that does not answer is the account's being unreachable. */
    private static <T> T answered(Supplier<T> call) {
        try {
            return call.get();
        } catch (StateStoreException e) {
            throw new AccountUnreachableException(e.getMessage(), e);
        }
    }
}
