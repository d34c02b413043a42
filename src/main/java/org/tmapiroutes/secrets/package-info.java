/**
 * The secrets the product holds (the TMAPI token, the SMTP, SFTP and database passwords) kept out of every text it
 * writes: one scrubber every written text passes. Uses no other room; every room may use it.
 */
package org.tmapiroutes.secrets;
