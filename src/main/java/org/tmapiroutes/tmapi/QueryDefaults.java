package org.tmapiroutes.tmapi;

/**
 * The configured defaults a query gets where it does not say otherwise ({@code tmapi.page-size}, {@code tmapi.max-pages},
 * {@code tmapi.language}).
 *
 * @param pageSize the page_size sent to endpoints that take one
 * @param maxPages the page limit per query
 * @param language the language sent to endpoints that take one
 */
public record QueryDefaults(int pageSize, int maxPages, String language) {

    public static final QueryDefaults DOCUMENTED = new QueryDefaults(20, 5, "en");
}
