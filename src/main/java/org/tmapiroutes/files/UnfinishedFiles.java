package org.tmapiroutes.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, at start-up, the temporary files an earlier run left when it was killed mid-write ({@code .writing-…}):
 * they never held a finished output, and their final file is written again when the input is processed again. Input files are never touched.
 */
public final class UnfinishedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedFiles.class);

    private UnfinishedFiles() {
    }

    /**
     * @param olderThan only files not changed for this long: on a data folder other instances share, a younger one may
     *                  be another instance's write under way
     */
    public static int clean(Path dataDir, java.time.Duration olderThan) {
        java.time.Instant before = java.time.Instant.now().minus(olderThan);
        int removed = 0;
        for (String folder : List.of("outbox", "errors", "state", "inbox")) {
            Path root = dataDir.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).filter(UnfinishedFiles::isUnfinished)
                        .filter(file -> changedBefore(file, before)).toList()) {
                    Files.deleteIfExists(file);
                    removed++;
                    LOG.info("Removed {}: an unfinished file left by an earlier stop", file);
                }
            } catch (IOException e) {
                LOG.warn("Could not look for unfinished files under {}: {}", root, e.getMessage());
            }
        }
        return removed;
    }

    private static boolean changedBefore(Path file, java.time.Instant before) {
        try {
            return !Files.getLastModifiedTime(file).toInstant().isAfter(before);
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isUnfinished(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(TextFiles.TEMP_PREFIX);
    }
}
