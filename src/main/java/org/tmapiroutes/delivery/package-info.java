/**
 * What leaves the product: the product CSV, outbox files, mail, SFTP, the reports and their models.
 * May use: item, tmapi, files, secrets.
 */
package org.tmapiroutes.delivery;
