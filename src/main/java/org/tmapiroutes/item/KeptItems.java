package org.tmapiroutes.item;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * Gathers the products of a {@code split} back into one list, leaving out those the filter of {@code items-where-action}
 * did not match and those an {@code idempotentConsumer} found already seen, so they are dropped from every output
 * after the step.
 */
public final class KeptItems implements AggregationStrategy {

    /** The exchange property in which the filter of {@code items-where-action} records its verdict. */
    public static final String WHERE_MATCHED = "tmapiWhereMatched";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        List<Object> kept = oldExchange == null ? new ArrayList<>() : oldExchange.getMessage().getBody(List.class);
        boolean dropped = Boolean.FALSE.equals(newExchange.getProperty(WHERE_MATCHED, Boolean.class))
                || Boolean.TRUE.equals(newExchange.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class));
        Object item = newExchange.getMessage().getBody();
        if (!dropped && item != null) {
            kept.add(item);
        }
        result.getMessage().setBody(kept);
        return result;
    }

    @Override
    public void onCompletion(Exchange exchange, Exchange inputExchange) {
        if (exchange == null) {
            return;
        }
        // a split of no products still ends with a list
        if (!(exchange.getMessage().getBody() instanceof List)) {
            exchange.getMessage().setBody(new ArrayList<>());
        }
        // the list is the whole job again, not one item of the split: its split markers would be copied onto the job
        exchange.removeProperty(ExchangePropertyKey.SPLIT_INDEX.getName());
        exchange.removeProperty(ExchangePropertyKey.SPLIT_SIZE.getName());
        exchange.removeProperty(ExchangePropertyKey.SPLIT_COMPLETE.getName());
    }
}
