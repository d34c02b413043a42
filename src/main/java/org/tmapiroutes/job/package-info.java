/**
 * Jobs: an inbox file read and validated, its queries fetched page by page, its failures recorded, its outbox file written.
 * May use: delivery, item, tmapi, store, files.
 */
package org.tmapiroutes.job;
