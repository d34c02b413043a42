/**
 * The inbox: a dropped file read (text, CSV, xlsx) and validated whole, accepted as a job, archived when it ends.
 * May use: job, delivery, store, item, tmapi, files, secrets.
 */
package org.tmapiroutes.inbox;
