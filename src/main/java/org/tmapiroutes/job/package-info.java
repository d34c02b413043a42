/**
 * The one job model and its runner: a job, its queries and their pages, fetched page by page and each page recorded,
 * resumed after a stop, then written; an inbox file and a scheduled run are both jobs. Archives inputs through
 * {@link org.tmapiroutes.job.InputArchive}. An exchange names its job by id alone ({@code tmapiJobId}); the beans
 * find the job's run by that id in {@link org.tmapiroutes.job.JobRuns}. A query on its way through TMAPI is the
 * client's {@link org.tmapiroutes.tmapi.QueryFetch} ({@code tmapiQuery}, which error routes name in their messages),
 * whose owner is the job's {@code JobQuery}, or the products gathered for a caller. May use: delivery, store, item,
 * tmapi, files, secrets.
 */
package org.tmapiroutes.job;
