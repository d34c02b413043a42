package org.tmapiroutes.tmapi;

import java.time.Instant;
import java.util.Optional;

/**
 * The pictures converted for the image search and the path TMAPI gave each, kept for
 * {@link ImageUrlConversion#KEPT 24 hours} so the same picture is not converted (and paid for) twice; the product keeps
 * them in the state store ({@link JdbcImageConversions}).
 */
public interface ImageConversions {

    /** The path the picture was converted to, if that happened within 24 hours of {@code now}. */
    Optional<String> find(String pictureUrl, Instant now);

    /** Keeps a conversion made at {@code at}. */
    void keep(String pictureUrl, String convertedPath, Instant at);
}
