/**
 * The state store: one database (embedded H2 under the data folder, or PostgreSQL), its schema migrated by Flyway at
 * start, and what durable jobs keep in it. Holds text and numbers only; uses no other room.
 */
package org.tmapiroutes.store;
