package org.tmapiroutes.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    /** What a streamed file holds, written to the temporary file as it is made. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Like {@link #writeNew(Path, byte[])}, the content written straight to the temporary file as it is made. */
    public static Path writeNew(Path file, Content content) {
        Path temp = file.resolveSibling(TEMP_PREFIX + file.getFileName());
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                content.writeTo(out);
            }
            return Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // removed at the next start (UnfinishedFiles)
            }
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new UncheckedIOException("cannot write " + file + ": " + cause.getMessage(), cause);
        }
    }

    public static Path writeNew(Path file, byte[] content) {
        return writeNew(file, out -> out.write(content));
    }
}
