/**
 * The state store: the database (embedded H2 or PostgreSQL), its schema, the jobs kept in it and its transactions.
 * May use: files.
 */
package org.tmapiroutes.store;
