package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.SmallDisk;

/**
 * The embedded store on a disk that fills up under writers and is freed: H2 closes the database at the first write that
 * fails, and the connections pooled before that must never be used again (a statement on one of them can spin for
 * ever inside H2 instead of failing). Every writer writes again once there is room, and the store's probe says so.
 */
class EmbeddedStoreFullDiskTest {

    @TempDir
    Path dataDir;

    @Test
    void givenWritersOnAFullDisk_whenTheDiskIsFreed_thenEveryWriterWritesAgain() throws Exception {
        Path state = dataDir.resolve("state");
        try (SmallDisk disk = SmallDisk.mountForTest(state, 6);
                StateStore store = StateStore.open("", null, Optional.empty(), dataDir)) {
            Instances instances = store.join("full-disk-test", Duration.ofSeconds(30));
            FileClaims claims = store.fileClaims("full-disk-test", Duration.ofSeconds(30));
            AtomicBoolean running = new AtomicBoolean(true);
            List<AtomicLong> writes = new ArrayList<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                AtomicLong written = new AtomicLong();
                writes.add(written);
                int writer = w;
                Thread thread = new Thread(() -> {
                    long n = 0;
                    while (running.get()) {
                        try {
                            // what the heartbeat route does, and claims taken and given back as the file consumers do
                            instances.heartbeat();
                            String key = "writer-" + writer + "-" + n++;
                            if (claims.add(key)) {
                                claims.renew();
                                claims.remove(key);
                                written.incrementAndGet();
                            }
                        } catch (RuntimeException refused) {
                            // the full disk: tried again at the next turn, as the routes do at their next beat
                        }
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "writer-" + w);
                thread.setDaemon(true);
                thread.start();
                writers.add(thread);
            }
            Thread prober = new Thread(() -> {
                while (running.get()) {
                    store.probe();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "prober");
            prober.setDaemon(true);
            prober.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> writes.stream().allMatch(w -> w.get() > 10));
                Path filler = disk.fill();
                await().atMost(Duration.ofSeconds(30)).until(() -> !store.answering());
                Files.delete(filler);
                List<Long> before = writes.stream().map(AtomicLong::get).toList();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                            for (int w = 0; w < writes.size(); w++) {
                                assertThat(writes.get(w).get()).as("writes of writer-%d since the disk was freed; "
                                        + "its threads:%n%s", w, stacks(writers)).isGreaterThan(before.get(w) + 5);
                            }
                        });
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(store.answering())
                        .as("the store's probe says it answers (reachable: %s, last heartbeat refused: %s, pool: %s); its"
                                + " thread:%n%s", store.reachable(), instances.writeProblem(), pool(store),
                                allStacks()).isTrue());
            } finally {
                running.set(false);
                for (Thread writer : writers) {
                    writer.join(5_000);
                }
                prober.join(5_000);
            }
        }
    }

    private static String pool(StateStore store) {
        var hikari = (com.zaxxer.hikari.HikariDataSource) store.dataSource();
        var pool = hikari.getHikariPoolMXBean();
        String opened;
        try (java.sql.Connection direct = java.sql.DriverManager.getConnection(hikari.getJdbcUrl(), "tmapi", "")) {
            opened = "a new connection opens";
        } catch (java.sql.SQLException e) {
            StringBuilder why = new StringBuilder("a new connection fails: ");
            for (Throwable t = e; t != null; t = t.getCause()) {
                why.append(t).append(" <- ");
            }
            opened = why.toString();
        }
        return pool.getTotalConnections() + " connections, " + pool.getActiveConnections() + " in use, "
                + pool.getThreadsAwaitingConnection() + " threads waiting; " + opened;
    }

    private static String allStacks() {
        return java.util.Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
                .filter(i -> i.getThreadName().contains("tmapi-state") || i.getThreadName().startsWith("writer")
                        || i.getThreadName().startsWith("prober"))
                .map(i -> i.getThreadName() + " " + i.getThreadState() + " lock " + i.getLockName() + " held by "
                        + i.getLockOwnerName() + "\n  " + java.util.Arrays.stream(i.getStackTrace()).limit(25)
                        .map(String::valueOf).collect(Collectors.joining("\n  ")))
                .collect(Collectors.joining("\n"));
    }

    private static String stacks(List<Thread> threads) {
        return threads.stream().map(t -> {
            ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(t.getId(), 12);
            return info == null ? t.getName() + " ended" : t.getName() + " " + info.getThreadState() + "\n  "
                    + java.util.Arrays.stream(info.getStackTrace()).map(String::valueOf)
                            .collect(Collectors.joining("\n  "));
        }).collect(Collectors.joining("\n"));
    }
}
