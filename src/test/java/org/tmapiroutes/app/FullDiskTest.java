package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded state store on a small file system that fills up under a running job, and is freed again: the job
 * waits (no TMAPI request meanwhile, one ERROR naming the store), and goes on from its last recorded page once there is
 * room, with no page bought twice. The file system is a tmpfs of a few megabytes, mounted by the test (it runs as
 * root, as the CI does); where mounting is not allowed the test says so and is skipped.
 */
class FullDiskTest {

    @TempDir
    Path dataDir;
    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", "-l", mounted.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    /** Fills the file system holding the folder up to its last byte; returns the filler to delete. */
    private static Path fill(Path folder) throws IOException {
        Path filler = folder.resolve("filler.bin");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left: what the test wants
        }
        return filler;
    }

    @Test
    void givenTheEmbeddedStoreOnAFullDisk_whenSpaceIsFreedAgain_thenTheJobGoesOnWithNoPageBoughtTwice()
            throws Exception {
        Path state = Files.createDirectories(dataDir.resolve("state"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", state.toString()),
                "mounting a small tmpfs needs root (CAP_SYS_ADMIN)");
        mounted = state;
        try (CapturedLog log = CapturedLog.info(); RunningBundle bundle = RunningBundle.start(dataDir,
                Path.of("routes"), Map.of("tmapi.max-concurrency", "1", "tmapi.max-pages", "10"))) {
            bundle.simulator.setItemsPerQuery(200);
            bundle.simulator.setLatency(Duration.ofMillis(300));
            bundle.drop("category-items", "full.txt", "1031922\n");
            await().atMost(RunningBundle.PATIENCE).until(() -> bundle.simulator.requestCount() >= 2);

            Path filler = fill(state);
            await().atMost(Duration.ofSeconds(60)).until(() -> log.text().contains("cannot be recorded now"));
            int whileFull = bundle.simulator.requestCount();
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                    .until(() -> bundle.simulator.requestCount() <= whileFull + 1);

            Files.delete(filler);

            assertThat(bundle.awaitArchived("category-items", "full.txt").getParent().getFileName())
                    .hasToString(".done");
            List<String> pages = bundle.simulator.requests().stream().map(r -> r.parameter("page")).toList();
            assertThat(pages).as("each page bought once").containsExactly("1", "2", "3", "4", "5", "6", "7", "8",
                    "9", "10");
            assertThat(log.text()).doesNotContain("NullPointerException");
        }
    }
}
