package org.tmapiroutes.store;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports on {@code /observe/health} whether the state store answers, as its look every second found: DOWN while it
 * cannot be reached (a database down, a disk gone or full), with what the store is; UP again by itself once it
 * answers. Answers at once, whatever the store does.
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
        // the last look's verdict: the health check never waits for a store that does not answer
        if (store.answering()) {
            builder.up();
        } else {
            builder.message("the state store (" + store.description() + ") does not answer");
            builder.down();
        }
    }
}
