/**
 * The state store and every JDBC class: one database (embedded H2 under the data folder, or PostgreSQL), its schema
 * migrated by Flyway at start, its transactions, the jobs, the tracking tables (implementing what item and tmapi
 * declare), the instances sharing it and the TMAPI account they share. May use: item, tmapi, files, secrets.
 */
package org.tmapiroutes.store;
