/**
 * The one job model and its runner: a job, its queries and their pages, fetched page by page and each page recorded,
 * resumed after a stop, then written; an inbox file and a scheduled run are both jobs. Archives inputs through
 * {@link org.tmapiroutes.job.InputArchive}. May use: delivery, store, item, tmapi, files.
 */
package org.tmapiroutes.job;
