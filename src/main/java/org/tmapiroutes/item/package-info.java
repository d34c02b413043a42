/**
 * Products: the product row, normalisation of TMAPI items, filters, transforms and change tracking.
 * May use: tmapi, store, files.
 */
package org.tmapiroutes.item;
