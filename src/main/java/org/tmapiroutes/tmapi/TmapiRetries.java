package org.tmapiroutes.tmapi;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, in one line, that a failed TMAPI request is asked again: which query and page, the code and reason, and which
 * retry of how many. The error policy calls it before each retry of the request (its {@code onRedeliveryRef}), in
 * place of Camel's own line about the message that failed.
 */
public final class TmapiRetries implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("org.tmapiroutes.errors");

    @Override
    public void process(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        QueryFetch fetch = QueryFetch.find(exchange);
        int retry = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Integer of = exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        String what = fetch == null ? "a TMAPI request" : fetch.describe() + " page " + fetch.page();
        String why = caught instanceof TmapiFailureException failure
                ? "code " + failure.getCode() + ", " + failure.getReason()
                : caught == null ? "it failed" : caught.getMessage();
        LOG.warn("{}: {}; asked again (retry {}{})", what, why == null ? "" : why.replaceAll("[.。\\s]+$", ""), retry,
                of == null || of < 0 ? "" : " of " + of);
    }
}
