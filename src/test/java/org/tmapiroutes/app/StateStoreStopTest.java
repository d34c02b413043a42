package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.store.StateStore;

/** The embedded state store is closed when the application stops, so what was seen just before is there next time. */
class StateStoreStopTest {

    @TempDir
    Path dataDir;

    @Test
    void givenAnItemSeenJustBeforeAStop_whenTheApplicationHasStopped_thenTheStoreIsClosedAndTheItemStillSeen() {
        StateStore used;
        try (RunningBundle bundle = RunningBundle.start(dataDir)) {
            used = bundle.context().getRegistry().lookupByNameAndType("stateStore", StateStore.class);
            bundle.context().getRegistry().lookupByNameAndType("seenItems", IdempotentRepository.class)
                    .add("category-new-items-report|category-items|1031922|42");
        }

        assertThat(used.reachable()).as("closed with the application").isFalse();
        try (StateStore reopened = StateStore.open("", "", Optional.empty(), dataDir)) {
            assertThat(reopened.seenItems().contains("category-new-items-report|category-items|1031922|42")).isTrue();
        }
    }
}
