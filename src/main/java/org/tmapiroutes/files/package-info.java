/**
 * Files on disk: written whole under a temporary name then renamed, free and sanitised names, leftovers cleaned.
 * Uses no other room.
 */
package org.tmapiroutes.files;
