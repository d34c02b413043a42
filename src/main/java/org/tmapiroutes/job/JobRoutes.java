package org.tmapiroutes.job;

import org.apache.camel.builder.RouteBuilder;
import org.tmapiroutes.tmapi.TmapiFailureException;

/**
 * A job's fixed plumbing, joined by {@code direct:} endpoints that the YAML routes call: fetch a job's queries side by
 * side, fetch one query page by page (routes/tmapi-pages.camel.yaml), write the outbox files.
 */
public class JobRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // queries run in parallel; the limiter keeps the requests in flight within tmapi.max-concurrency
        from("direct:tmapi-fetch-action").routeId("tmapi-fetch-action")
                .bean("jobQueries", "startJob")
                .split(body()).parallelProcessing().executorService("tmapiQueryPool")
                    .to("direct:tmapi-query")
                .end()
                .bean("jobQueries", "jobRows");

        from("direct:tmapi-query").routeId("tmapi-query")
                .bean("jobQueries", "start")
                .doTry()
                    // routes/tmapi-pages.camel.yaml: page after page, each retried by the policy of tmapi-errors
                    .to("direct:tmapi-pages")
                    .bean("jobQueries", "done")
                .doCatch(TmapiFailureException.class)
                    .bean("jobQueries", "failed")
                .end();

        // the outbox files in output.format; the inbox-flow template passes its own format parameter instead
        from("direct:outbox-csv-sink").routeId("outbox-csv-sink")
                .bean("inboxFiles", "writeOutbox(${exchange}, ${body}, '{{output.format}}')")
                .bean("inboxFiles", "finish");

        from("direct:inbox-failure-sink").routeId("inbox-failure-sink")
                .bean("inboxFiles", "failed");
    }
}
