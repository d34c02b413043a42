package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The last price seen of each product, per flow and query, kept across runs; the product keeps it in the state store
 * ({@link JdbcPriceHistory}), which several instances may share.
 */
public interface PriceHistory {

    /** The last price recorded under the key, if any. */
    Optional<BigDecimal> lastPrice(String key);

    /** Records the prices of one run (key to price), replacing what was there for those keys. */
    void record(Map<String, BigDecimal> prices);
}
