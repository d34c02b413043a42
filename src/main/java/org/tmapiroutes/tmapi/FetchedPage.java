package org.tmapiroutes.tmapi;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page TMAPI answered for a query: the items to keep (fewer than the page held once {@code max_items} is
 * reached) and when it was fetched.
 */
public record FetchedPage(TmapiQuery query, List<JsonNode> items, Instant fetchedAt) {
}
