package org.tmapiroutes.app;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;

/**
 * Makes every {@code filter} of every route record its verdict on the exchange (Camel's {@code statusPropertyName},
 * one property per filter), so that {@link KeptItems} can leave a filtered-out product out of the list after a
 * {@code split}: a plain {@code filter: simple: "${body.price} <= 5"} then drops products from every output.
 */
final class FilterStatus implements ModelLifecycleStrategy {

    static final String PREFIX = "tmapiFilterMatched.";
    private final AtomicInteger counter = new AtomicInteger();

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        for (FilterDefinition filter : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                FilterDefinition.class)) {
            if (filter.getStatusPropertyName() == null) {
                filter.setStatusPropertyName(PREFIX + counter.incrementAndGet());
            }
        }
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        // nothing to undo
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // routes made from templates pass onAddRouteDefinition
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // nothing to undo
    }

    /** Whether any filter the exchange passed said no. */
    static boolean filteredOut(Exchange exchange) {
        for (Map.Entry<String, Object> property : exchange.getProperties().entrySet()) {
            if (property.getKey().startsWith(PREFIX) && Boolean.FALSE.equals(property.getValue())) {
                return true;
            }
        }
        return false;
    }
}
