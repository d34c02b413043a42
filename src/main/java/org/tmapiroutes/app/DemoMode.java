package org.tmapiroutes.app;

import org.apache.camel.main.Main;

final class DemoMode implements AutoCloseable {
    static DemoMode prepare(Main main) {
        return new DemoMode();
    }

    @Override
    public void close() {
    }
}
