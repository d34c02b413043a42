package org.tmapiroutes.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the product's small report files (error summaries, failed-query lists) so that a reader never sees half a
 * file: written under a hidden temporary name in the same folder, then renamed.
 */
public final class TextFiles {

    private TextFiles() {
    }

    public static Path writeNew(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("." + file.getFileName() + ".part");
            Files.write(temp, content);
            return Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
