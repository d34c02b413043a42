package org.tmapiroutes.item;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the enrichment steps bought from TMAPI (an item's details, a shop, a shipping quote), kept for a while so that
 * the same one is not bought twice within that time; the product keeps them in the state store, shared by every
 * instance using it.
 */
public interface KeptRecords {

    /** What is bought and kept. */
    enum Kind {
        DETAIL, SHOP, SHIPPING, DESCRIPTION;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values kept under this key, if they were kept less than {@code keptFor} before {@code now}. */
    Optional<Map<String, Object>> find(Kind kind, String key, Duration keptFor, Instant now);

    /** Keeps the values bought at {@code at} under this key, in place of any kept before. */
    void keep(Kind kind, String key, Map<String, Object> values, Instant at);
}
