package org.tmapiroutes.job;

import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiQuery;

/** A query of a job that failed for good, with the failure that ended it. */
public record QueryFailure(TmapiQuery query, TmapiFailureException failure) {

    /** "the query failed", "all 3 queries failed", "1 of 3 queries failed". */
    public static String howManyFailed(long failures, long queries) {
        if (failures == queries) {
            return queries == 1 ? "the query failed" : "all " + queries + " queries failed";
        }
        return failures + " of " + queries + " queries failed";
    }
}
