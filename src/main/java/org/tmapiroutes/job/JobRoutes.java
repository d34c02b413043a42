package org.tmapiroutes.job;

import org.apache.camel.builder.RouteBuilder;
import org.tmapiroutes.store.Instances;
import org.tmapiroutes.store.StateStoreException;
import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiStoppedException;

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
                .bean("jobQueries", "stopIfInterrupted")
                .bean("jobQueries", "jobRows");

        from("direct:tmapi-query").routeId("tmapi-query")
                .bean("jobQueries", "start")
                .doTry()
                    // routes/tmapi-pages.camel.yaml: page after page, each retried by the policy of tmapi-errors
                    .to("direct:tmapi-pages")
                    .bean("jobQueries", "done")
                .doCatch(TmapiFailureException.class)
                    .bean("jobQueries", "failed")
                .doCatch(TmapiStoppedException.class)
                    .bean("jobQueries", "interrupted")
                .end();

        // a stored job (the body is its id): its queries not ended yet, read from the store as the split goes, side
        // by side; then its outputs, written from the store
        from("direct:tmapi-job").routeId("tmapi-job")
                .bean("jobRunner", "start")
                .doTry()
                    .split(body()).streaming().parallelProcessing().executorService("tmapiQueryPool")
                        .to("direct:tmapi-query")
                    .end()
                    // the steps its flow adds to its first products (enrich), if any
                    .bean("jobRunner", "enrich")
                    .bean("jobRunner", "complete")
                .endDoTry()
                .doFinally()
                    // also when the job failed for a reason not its queries' (e.g. the state store went away): it is
                    // resumed from its recorded pages after delivery.retry-seconds
                    .bean("jobRunner", "release")
                .end();

        // a job's first products through the enrichment steps its flow names, one after the other (the Kamelets
        // items-details-action, items-landed-cost-action, items-supplier-action): they buy and keep what the output
        // then takes from the state store
        from(JobRunner.ENRICHMENT_ROUTE).routeId("tmapi-job-enrichment")
                .routingSlip(header(JobRunner.ENRICHMENT_STEPS));

        // this instance says it is alive, for the others sharing the state store, and renews the claims of the files it
        // is taking
        long beat = getContext().getRegistry().lookupByNameAndType("instances", Instances.class).heartbeatInterval()
                .toMillis();
        from("timer:tmapi-instance-heartbeat?period=" + beat).routeId("tmapi-instance-heartbeat")
                .bean("instances", "heartbeat")
                .bean("fileClaims", "renew");

        // every second: does the state store answer? (for the health check, the TMAPI gate and the pages waiting to be
        // recorded; never the health check's own wait)
        from("timer:tmapi-state-store-probe?period=1000").routeId("tmapi-state-store-probe")
                .bean("stateStore", "probe");

        // at start and every beat: the jobs a stop, a kill or a crash interrupted resume from their last recorded page
        // here, those of this instance's earlier start and those of an instance that stopped answering; a file an
        // instance died with before recording its job goes back to its inbox
        from("timer:tmapi-jobs-resume?delay=1000&period=" + beat).routeId("tmapi-jobs-resume")
                // not while the store does not answer: its probe said so once, and the jobs wait for it
                .onException(StateStoreException.class).handled(true).end()
                .filter(method("stateStore", "answering"))
                .bean("inboxIntake", "returnStrays")
                // not while a 439 pause holds: the jobs it interrupted resume, and the others start, once it ends
                .filter(method("tmapiPause", "letsWorkIn"))
                    .bean("jobRunner", "unattended")
                    // each on its own thread, so that the next look is not held up by a long job
                    .split(body())
                        .wireTap("direct:tmapi-job")
                    .end()
                .end();

        // the jobs whose output could not be written are written again, from the store, with no TMAPI call
        from("timer:tmapi-job-writes?period={{delivery.retry-seconds}}000&delay={{delivery.retry-seconds}}000")
                .routeId("tmapi-job-writes")
                .onException(StateStoreException.class).handled(true).end()
                .filter(method("stateStore", "answering"))
                .bean("jobRunner", "retryWrites");

        from("direct:inbox-failure-sink").routeId("inbox-failure-sink")
                .bean("inboxFiles", "failed");
    }
}
