package org.tmapiroutes.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small state file holding one JSON object of keys to values (price history, image conversions), written whole like
 * every file the product writes; an unreadable one is set aside as {@code <name>.corrupt-<stamp>} and started afresh.
 */
public final class JsonMapFile<V> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final TypeReference<Map<String, V>> type;

    public JsonMapFile(Path file, TypeReference<Map<String, V>> type) {
        this.file = file;
        this.type = type;
    }

    public Path file() {
        return file;
    }

    /**
     * The map the file holds, sorted by key; empty when there is no file yet.
     *
     * @param whenUnreadable told the reason and where the unreadable file was set aside
     */
    public Map<String, V> load(BiConsumer<String, Path> whenUnreadable) {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
            Path aside = file.resolveSibling(FileNames.free(file.getFileName() + ".corrupt-"
                    + FileNames.stamp(LocalDateTime.now()), "", file.getParent()));
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveFailed) {
                aside = file;
            }
            whenUnreadable.accept(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), aside);
            return new TreeMap<>();
        }
    }

    public void save(Map<String, V> values) throws IOException {
        TextFiles.writeNew(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(values));
    }
}
