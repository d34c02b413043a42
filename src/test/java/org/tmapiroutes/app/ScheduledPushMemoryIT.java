package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * The packaged jar pushes a catalog larger than its heap would hold on its schedule: a run's products are read back
 * from its recorded pages as the push's file is written, so the run completes in a small heap.
 */
class ScheduledPushMemoryIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final int SHOPS = 50;
    private static final int ITEMS_PER_SHOP = 2000;

    @TempDir
    Path work;
    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenACatalogOfAHundredThousandItems_whenThePushRunsIn64Mb_thenItsFileHoldsEveryItemAndEachPageWasBoughtOnce()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator("push-token").start()) {
            simulator.setItemsPerQuery(ITEMS_PER_SHOP);
            String shops = IntStream.rangeClosed(1, SHOPS).mapToObj(i -> "https://shop" + i + ".1688.com")
                    .collect(Collectors.joining(","));
            Path knownHosts = Files.writeString(work.resolve("known_hosts"), "");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-Dtmapi.base-url=" + simulator.baseUrl(),
                    "-Ddata.dir=" + work.resolve("data"), "-Dcamel.management.port=" + RunningBundle.freePort(),
                    "-Dtmapi.page-size=500", "-Dpush.shop.enabled=true", "-Dpush.shop.cron=0/5 * * * * ?",
                    "-Dpush.shop.max-pages=10", "-Dpush.shop.shop-urls=" + shops,
                    // no SFTP server: the run's file waits in .sftp-pending, where it is read
                    "-Dsftp.host=127.0.0.1", "-Dsftp.port=9", "-Dsftp.username=push", "-Dsftp.password=push",
                    "-Dsftp.known-hosts-file=" + knownHosts, "-Ddelivery.retry-seconds=3600",
                    "-jar", PROJECT.resolve("target/tmapi-routes.jar").toString()));
            Path log = work.resolve("run.log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("TMAPI_API_TOKEN", "push-token");
            process = builder.start();

            Path pending = work.resolve("data/outbox/.sftp-pending");
            Path file = await().atMost(Duration.ofMinutes(3)).until(() -> csv(pending), p -> p != null
                    || !process.isAlive());

            assertThat(process.isAlive()).as("not ended by running out of memory: " + log).isTrue();
            try (Stream<String> lines = Files.lines(file)) {
                assertThat(lines.count()).isEqualTo(1 + SHOPS * ITEMS_PER_SHOP);
            }
            // the requests of this run: a later fire of the cron may start the next run meanwhile
            Instant written = Files.getLastModifiedTime(file).toInstant();
            List<String> pages = simulator.requests().stream().filter(r -> r.start().isBefore(written))
                    .map(r -> r.parameter("shop_url") + " page " + r.parameter("page")).toList();
            assertThat(pages).as("each page bought once").hasSize(SHOPS * ITEMS_PER_SHOP / 500).doesNotHaveDuplicates();
        }
    }

    private static Path csv(Path folder) throws Exception {
        return RunningBundle.list(folder).stream().filter(p -> p.toString().endsWith(".csv")
                && !p.getFileName().toString().startsWith(".")).findFirst().orElse(null);
    }
}
