/**
 * What leaves the product: the product CSV, outbox files, mail, SFTP, the reports and their models.
 * May use: item, tmapi, store, files, secrets.
 */
package org.tmapiroutes.delivery;
