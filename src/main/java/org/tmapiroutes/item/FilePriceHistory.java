package org.tmapiroutes.item;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.files.JsonMapFile;

/**
 * The price history in one JSON file under {@code <data.dir>/state/}. A missing file starts an empty history; an
 * unreadable one is reported once, set aside (renamed, never deleted) and rebuilt from the next run.
 */
public final class FilePriceHistory implements PriceHistory {

    private static final Logger LOG = LoggerFactory.getLogger(FilePriceHistory.class);

    private final Path file;
    private final JsonMapFile<BigDecimal> store;
    private Map<String, BigDecimal> prices;

    public FilePriceHistory(Path file) {
        this.file = file;
        this.store = new JsonMapFile<>(file, new TypeReference<>() { });
    }

    @Override
    public synchronized Optional<BigDecimal> lastPrice(String key) {
        return Optional.ofNullable(prices().get(key));
    }

    @Override
    public synchronized void record(Map<String, BigDecimal> run) {
        prices().putAll(run);
        try {
            store.save(prices);
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
        return store.load((reason, aside) -> LOG.warn("Price history {} was unreadable ({}); kept as {} and rebuilt from this run",
                store.file(), reason, aside));
    }
}
