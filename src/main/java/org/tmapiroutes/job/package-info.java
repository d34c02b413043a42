/**
 * The one job model and its runner: a job, its queries and their pages, fetched page by page and each page recorded,
 * resumed after a stop, then written; an inbox file and a scheduled run are both jobs. Archives inputs through
 * {@link org.tmapiroutes.job.InputArchive}. A job's state travels in two typed objects, which the beans take as
 * parameters: a query's {@link org.tmapiroutes.tmapi.QueryFetch} ({@code tmapiQuery}, whose owner is the job's
 * {@code JobQuery}, or the products gathered for a caller) and a run's {@code JobRun} ({@code tmapiJobRun}), or, for a
 * fetch outside any job, its {@code FetchJob} ({@code tmapiJob}). May use: delivery, store, item, tmapi, files,
 * secrets.
 */
package org.tmapiroutes.job;
