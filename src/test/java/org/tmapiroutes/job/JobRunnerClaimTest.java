package org.tmapiroutes.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.delivery.DeliveryMetrics;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.store.JdbcJobStore;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.store.StateStore;
import org.tmapiroutes.store.StateStoreException;

/** The runner's claim of a job on the real embedded store, when the store fails at that moment. */
class JobRunnerClaimTest {

    @TempDir
    Path dataDir;

    /** The store, failing once at the claim as a store that goes away at that moment does. */
    private static JobStore failingOnceAtTheClaim(JobStore store) {
        AtomicBoolean failed = new AtomicBoolean();
        return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("claim") && failed.compareAndSet(false, true)) {
                        throw new StateStoreException("the state store cannot be used: it went away", null);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void givenTheStoreFailingAsAJobIsClaimed_whenTheNextLookComes_thenTheJobIsResumedNotLeftAsRunning()
            throws Exception {
        try (StateStore state = StateStore.open("", "", Optional.empty(), dataDir);
                DefaultCamelContext context = new DefaultCamelContext()) {
            JobStore jobs = new JdbcJobStore(state.dataSource(), state.join("a", Duration.ofSeconds(30)));
            long id = jobs.accept(new JobStore.NewJob(JobStore.Kind.INBOX, "category-items-inbox",
                    "category-items a.txt", "category-items", dataDir.resolve("a.txt").toString(), dataDir.toString(),
                    "a", "csv", null, "a.txt", null), List.of("{\"endpoint\":\"category-items\",\"cat_id\":\"1\"}"));
            // started after the job was accepted: a job of an earlier start, to resume
            java.time.Instant accepted = jobs.job(id).orElseThrow().acceptedAt();
            await().until(() -> java.time.Instant.now().isAfter(accepted));
            JobRunner runner = new JobRunner(failingOnceAtTheClaim(jobs), new JobRuns(), null, new OutboxFiles(dataDir),
                    new DeliveryMetrics(() -> null, dataDir), dataDir, 60, null);
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(id);

            assertThatThrownBy(() -> runner.start(exchange)).isInstanceOf(StateStoreException.class);

            assertThat(runner.unattended()).as("resumed at the next look, not taken for running here")
                    .containsExactly(id);
        }
    }
}
