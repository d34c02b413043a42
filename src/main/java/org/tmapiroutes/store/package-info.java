/**
 * The state store: one database (embedded H2 under the data folder, or PostgreSQL), its schema migrated by Flyway at
 * start, its transactions, and what durable jobs and the tracking steps keep in it. May use: files.
 */
package org.tmapiroutes.store;
