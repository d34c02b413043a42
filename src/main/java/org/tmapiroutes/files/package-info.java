/**
 * Files on disk: text read as the programs people use save it; files written whole under a temporary name then
 * renamed, free and sanitised names, leftovers cleaned.
 * Uses no other room.
 */
package org.tmapiroutes.files;
