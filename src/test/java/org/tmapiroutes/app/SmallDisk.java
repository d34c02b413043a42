package org.tmapiroutes.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A file system of a few megabytes mounted on a test's folder (a tmpfs; the test runs as root, as the CI does), to
 * fill up under a running program and free again. {@link #mount} says whether it could be mounted.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path folder;

    private SmallDisk(Path folder) {
        this.folder = folder;
    }

    /** Mounts a tmpfs of this many megabytes on the folder; empty when this machine does not allow it. */
    public static java.util.Optional<SmallDisk> mount(Path folder, int megabytes) throws Exception {
        Files.createDirectories(folder);
        return run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", folder.toString())
                ? java.util.Optional.of(new SmallDisk(folder)) : java.util.Optional.empty();
    }

    /**
     * Mounts a tmpfs of this many megabytes on the folder for a test that needs it: run as root (as the CI does) a
     * mount that fails fails the test; run as another user the test is skipped, as it cannot mount anything.
     */
    public static SmallDisk mountForTest(Path folder, int megabytes) throws Exception {
        java.util.Optional<SmallDisk> disk = mount(folder, megabytes);
        boolean root = "root".equals(System.getProperty("user.name"));
        org.junit.jupiter.api.Assumptions.assumeTrue(disk.isPresent() || root,
                "mounting a small tmpfs needs root (CAP_SYS_ADMIN)");
        return disk.orElseThrow(() -> new AssertionError("root could not mount a tmpfs on " + folder));
    }

    /** Fills the file system up to its last byte; returns the filler to delete to free it. */
    public Path fill() throws IOException {
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

    @Override
    public void close() throws Exception {
        run("umount", "-l", folder.toString());
    }

    private static boolean run(String... command) throws Exception {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getInputStream().readAllBytes();
        return child.waitFor(30, TimeUnit.SECONDS) && child.exitValue() == 0;
    }
}
