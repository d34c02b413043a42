package org.tmapiroutes.tmapi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.files.JsonMapFile;

/**
 * The image conversions in one JSON file under {@code <data.dir>/state/} ({@code image-conversions.json}), so they
 * survive a restart. Conversions older than 24 hours are dropped when the file is written. A missing file starts
 * empty; an unreadable one is reported once and set aside (renamed, never deleted).
 */
public final class FileImageConversions implements ImageConversions {

    /** One conversion as the file holds it: the path TMAPI gave and when (ISO-8601, UTC). */
    record Conversion(String image_url, String converted_at) {
        Instant at() {
            try {
                return converted_at == null ? null : Instant.parse(converted_at);
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileImageConversions.class);

    private final Path file;
    private final JsonMapFile<Conversion> store;
    private Map<String, Conversion> conversions;

    public FileImageConversions(Path file) {
        this.file = file;
        this.store = new JsonMapFile<>(file, new TypeReference<>() { });
    }

    @Override
    public synchronized Optional<String> find(String pictureUrl, Instant now) {
        Conversion known = conversions().get(pictureUrl);
        if (known == null || !fresh(known, now)) {
            return Optional.empty();
        }
        return Optional.of(known.image_url());
    }

    @Override
    public synchronized void keep(String pictureUrl, String convertedPath, Instant at) {
        conversions().put(pictureUrl, new Conversion(convertedPath, at.toString()));
        conversions().values().removeIf(c -> !fresh(c, at));
        try {
            store.save(conversions);
        } catch (IOException | RuntimeException e) {
            LOG.error("Image conversions {} could not be saved: {}; they are kept while the program runs", file,
                    e.getMessage());
        }
    }

    private static boolean fresh(Conversion conversion, Instant now) {
        Instant at = conversion.at();
        return at != null && conversion.image_url() != null && now.isBefore(at.plus(ImageUrlConversion.KEPT))
                && !at.isAfter(now.plusSeconds(60));
    }

    private Map<String, Conversion> conversions() {
        if (conversions == null) {
            conversions = load();
        }
        return conversions;
    }

    private Map<String, Conversion> load() {
        return store.load((reason, aside) -> LOG.warn("Image conversions {} were unreadable ({}); kept as {}, pictures are converted again",
                store.file(), reason, aside));
    }
}
