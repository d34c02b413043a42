package org.tmapiroutes.app.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A test's change to the simulated items, so that a test can vary a response without copying a fixture file.
 *
 * <p>It runs on every item of every page, just before the page is sent; sorting and price filters have already
 * been applied to the generated values, so a changed price does not move the item. An endpoint that answers one
 * record (an item detail, a shop) has it run on that record, its {@code data}, at index 0.
 */
@FunctionalInterface
public interface ItemCustomizer {

    /**
     * Changes one item in place.
     *
     * @param endpointId the endpoint id ({@code category-items}, …)
     * @param queryValue the value of the endpoint's required parameter ({@code cat_id}, {@code shop_url}, …)
     * @param index      the item's position in the query's catalog in default order, from 0; stable across pages,
     *                   sorts and filters
     * @param item       the item exactly as it is about to be sent
     */
    void customize(String endpointId, String queryValue, int index, ObjectNode item);
}
