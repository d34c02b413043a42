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

    public static int clean(Path dataDir) {
        int removed = 0;
        for (String folder : List.of("outbox", "errors", "state", "inbox")) {
            Path root = dataDir.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).filter(UnfinishedFiles::isUnfinished).toList()) {
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

    static boolean isUnfinished(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(TextFiles.TEMP_PREFIX);
    }
}
