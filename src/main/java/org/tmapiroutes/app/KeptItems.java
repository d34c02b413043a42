package org.tmapiroutes.app;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the products of a {@code split} back into one list, leaving out those a {@code filter} did not match and
 * those an {@code idempotentConsumer} found already seen: so a per-product {@code filter} in a YAML route drops
 * products from every output after it.
 */
public final class KeptItems implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        List<Object> kept = oldExchange == null ? new ArrayList<>() : oldExchange.getMessage().getBody(List.class);
        boolean dropped = FilterStatus.filteredOut(newExchange)
                || Boolean.TRUE.equals(newExchange.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class));
        Object item = newExchange.getMessage().getBody();
        if (oldExchange == null) {
            kept = new ArrayList<>();
        }
        if (!dropped && item != null) {
            kept.add(item);
        }
        result.getMessage().setBody(kept);
        return result;
    }

    @Override
    public void onCompletion(Exchange exchange, Exchange inputExchange) {
        // a split of no products still ends with a list
        if (exchange != null && !(exchange.getMessage().getBody() instanceof List)) {
            exchange.getMessage().setBody(new ArrayList<>());
        }
    }
}
