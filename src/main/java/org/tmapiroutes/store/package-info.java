/**
 * The state store: one database (embedded H2 under the data folder, or PostgreSQL), its schema migrated by Flyway at
 * start, its transactions, what durable jobs and the tracking steps keep in it, the instances sharing it, and the TMAPI
 * account they share (its slots and its row). May use: files.
 */
package org.tmapiroutes.store;
