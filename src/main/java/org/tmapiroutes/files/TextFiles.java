package org.tmapiroutes.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the product's files (outputs, error summaries, failed-query lists, dead letters) so that a reader never sees
 * half a file: written under a hidden temporary name ({@code .writing-<name>}) in the same folder, then renamed.
 */
public final class TextFiles {

    /** What a file is called while it is written; such a file left by a stop is removed at the next start. */
    public static final String TEMP_PREFIX = ".writing-";

    private TextFiles() {
    }

    public static Path writeNew(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(TEMP_PREFIX + file.getFileName());
            Files.write(temp, content);
            return Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
