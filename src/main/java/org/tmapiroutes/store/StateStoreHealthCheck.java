package org.tmapiroutes.store;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports on {@code /observe/health} whether the state store answers: DOWN while it cannot be reached (a database
 * down, a disk gone), with what the store is; UP again by itself once it answers.
 */
public final class StateStoreHealthCheck extends AbstractHealthCheck {

    private final StateStore store;

    public StateStoreHealthCheck(StateStore store) {
        super("tmapi", "state-store");
        this.store = store;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("store", store.description());
        if (store.reachable()) {
            builder.up();
        } else {
            builder.message("the state store (" + store.description() + ") does not answer");
            builder.down();
        }
    }
}
