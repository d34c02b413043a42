package org.tmapiroutes.tmapi;

import org.apache.camel.Exchange;

/**
 * The spend guard: each TMAPI call is counted against its job's budget before it is made, so that a job never makes
 * more calls than it may (job.max-calls), not even with requests in flight; the job model keeps the count.
 */
@FunctionalInterface
public interface CallBudget {

    /** No budget: every call may be made. */
    CallBudget NONE = exchange -> {
    };

    /**
     * Counts the call the exchange is about to make.
     *
     * @throws TmapiFailureException with code {@link TmapiFailureException#MAX_CALLS} when its job has made all the
     *                               calls it may
     */
    void spend(Exchange exchange);
}
