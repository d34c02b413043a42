package org.tmapiroutes.app;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.item.PriceHistory;
import org.tmapiroutes.store.StateStore;
import org.tmapiroutes.tmapi.ImageConversions;
import org.tmapiroutes.tmapi.ImageUrlConversion;

/**
 * Imports the tracking files of earlier versions ({@code data/state/seen-items.txt}, {@code prices.json},
 * {@code image-conversions.json}) into the state store, once: an imported file is renamed to
 * {@code <name>.imported} (never deleted), so the next start finds nothing to import; a file that cannot be read is
 * left as it is and named in a WARN line.
 */
final class TrackingFileImport {

    private static final String SEEN_ITEMS = "seen-items.txt";
    private static final String PRICES = "prices.json";
    private static final String IMAGE_CONVERSIONS = "image-conversions.json";
    private static final String IMPORTED = ".imported";

    private static final Logger LOG = LoggerFactory.getLogger(TrackingFileImport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file's entries, read whole before anything is stored. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    /** Stores what was read; returns a description of how many entries were imported. */
    @FunctionalInterface
    private interface Writer<T> {
        String write(T entries);
    }

    private final Path stateDir;

    /** @param stateDir {@code <data.dir>/state} */
    TrackingFileImport(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** The keys Camel's file idempotent repository kept, one a line, in the platform's charset it wrote them in. */
    void seenItems(StateStore store) {
        once(SEEN_ITEMS, "seen items",
                file -> Files.readAllLines(file, Charset.defaultCharset()).stream().filter(k -> !k.isBlank()).toList(),
                (List<String> keys) -> store.addSeenItems(keys) + " seen items");
    }

    /** One JSON object of keys ({@code flow|source|query|item_id}) to prices. */
    void prices(PriceHistory history) {
        once(PRICES, "price history", file -> {
            Map<String, BigDecimal> prices = new LinkedHashMap<>(jsonObject(file, new TypeReference<>() { }));
            prices.values().removeIf(price -> price == null);
            return prices;
        }, (Map<String, BigDecimal> prices) -> {
            history.record(prices);
            return prices.size() + " prices";
        });
    }

    /**
     * One JSON object of pictures to {@code {"image_url": path, "converted_at": ISO-8601}}; conversions older than 24
     * hours would not be used any more and are left out.
     */
    void imageConversions(ImageConversions conversions, Instant now) {
        TypeReference<Map<String, JsonNode>> type = new TypeReference<>() { };
        once(IMAGE_CONVERSIONS, "image conversions", file -> jsonObject(file, type), (Map<String, JsonNode> kept) -> {
            int imported = 0;
            for (Map.Entry<String, JsonNode> entry : kept.entrySet()) {
                String path = entry.getValue().path("image_url").asText("");
                Instant at = instant(entry.getValue().path("converted_at").asText(""));
                if (!path.isBlank() && at != null && now.isBefore(at.plus(ImageUrlConversion.KEPT))) {
                    conversions.keep(entry.getKey(), path, at);
                    imported++;
                }
            }
            return imported + " image conversions (" + (kept.size() - imported) + " older than "
                    + ImageUrlConversion.KEPT.toHours() + " h or incomplete, left out)";
        });
    }

    private <T> void once(String name, String what, Reader<T> reader, Writer<T> writer) {
        Path file = stateDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return;
        }
        T entries;
        try {
            entries = reader.read(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The {} file {} cannot be read ({}); it is left as it is and not imported into the state store",
                    what, file, firstLine(e));
            return;
        }
        String imported;
        try {
            imported = writer.write(entries);
        } catch (RuntimeException e) {
            LOG.warn("The {} file {} could not be imported into the state store ({}); it is left as it is and imported"
                    + " at the next start", what, file, firstLine(e));
            return;
        }
        Path renamed = stateDir.resolve(FileNames.free(name + IMPORTED, "", stateDir));
        try {
            Files.move(file, renamed);
        } catch (IOException e) {
            LOG.warn("Imported {} from {} into the state store, but the file could not be renamed ({}); it is imported"
                    + " again at the next start, which changes nothing", imported, file, firstLine(e));
            return;
        }
        LOG.info("Imported {} from {} into the state store; the file is kept as {}", imported, file,
                renamed.getFileName());
    }

    private static <V> Map<String, V> jsonObject(Path file, TypeReference<Map<String, V>> type) throws IOException {
        Map<String, V> values = JSON.readValue(file.toFile(), type);
        if (values == null) {
            throw new IOException("it holds no JSON object");
        }
        return values;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
