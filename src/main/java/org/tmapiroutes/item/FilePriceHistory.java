package org.tmapiroutes.item;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.files.TextFiles;

/**
 * The price history in one JSON file under {@code <data.dir>/state/}. A missing file starts an empty history; an
 * unreadable one is reported once, set aside (renamed, never deleted) and rebuilt from the next run.
 */
public final class FilePriceHistory implements PriceHistory {

    private static final Logger LOG = LoggerFactory.getLogger(FilePriceHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private Map<String, BigDecimal> prices;

    public FilePriceHistory(Path file) {
        this.file = file;
    }

    @Override
    public synchronized Optional<BigDecimal> lastPrice(String key) {
        return Optional.ofNullable(prices().get(key));
    }

    @Override
    public synchronized void record(Map<String, BigDecimal> run) {
        prices().putAll(run);
        try {
            TextFiles.writeNew(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(prices));
        } catch (IOException e) {
            LOG.error("Price history {} could not be saved: {}; the next run compares with this run's prices only "
                    + "while the program runs", file, e.getMessage());
        }
    }

    private Map<String, BigDecimal> prices() {
        if (prices == null) {
            prices = load();
        }
        return prices;
    }

    private Map<String, BigDecimal> load() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, BigDecimal>>() { }));
        } catch (IOException e) {
            Path aside = file.resolveSibling(FileNames.free(file.getFileName() + ".corrupt-"
                    + FileNames.stamp(LocalDateTime.now()), "", file.getParent()));
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveFailed) {
                aside = file;
            }
            LOG.warn("Price history {} was unreadable ({}); kept as {} and rebuilt from this run", file,
                    e.getMessage().lines().findFirst().orElse(""), aside);
            return new TreeMap<>();
        }
    }
}
