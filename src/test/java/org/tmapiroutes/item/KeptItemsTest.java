package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The products a split gathers back into one list: the job's list again, not the last item of the split. */
class KeptItemsTest {

    @Test
    void givenASplitOfTwoProducts_whenGathered_thenOneListWithoutTheSplitMarkersOfAnItem() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            KeptItems kept = new KeptItems();
            Exchange first = item(context, "a", 0);
            Exchange second = item(context, "b", 1);
            second.setProperty(KeptItems.WHERE_MATCHED, false);

            Exchange result = kept.aggregate(kept.aggregate(null, first), second);
            kept.onCompletion(result, null);

            assertThat(result.getMessage().getBody(List.class)).containsExactly("a");
            assertThat(result.getProperty(ExchangePropertyKey.SPLIT_INDEX)).as("copied onto the job otherwise").isNull();
            assertThat(result.getProperty(ExchangePropertyKey.SPLIT_SIZE)).isNull();
            assertThat(result.getProperty(ExchangePropertyKey.SPLIT_COMPLETE)).isNull();
        }
    }

    private static Exchange item(DefaultCamelContext context, String body, int index) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        exchange.setProperty(ExchangePropertyKey.SPLIT_INDEX, index);
        exchange.setProperty(ExchangePropertyKey.SPLIT_SIZE, 2);
        exchange.setProperty(ExchangePropertyKey.SPLIT_COMPLETE, index == 1);
        return exchange;
    }
}
