package org.tmapiroutes.job;

import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * One query of a stored job, as the job's split hands it to {@code direct:tmapi-query}: its place in the job and where
 * its pages stand (a new cursor, or the one its last recorded page left).
 */
record JobQuery(JobRun run, int index, TmapiQuery query, PageCursor cursor) {
}
