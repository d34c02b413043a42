package org.tmapiroutes.tmapi;

import org.apache.camel.Exchange;

/** Takes each page of a query as it is answered: its products join the query's, or the job's record. */
@FunctionalInterface
public interface PageSink {

    void accept(Exchange exchange, FetchedPage page) throws Exception;
}
