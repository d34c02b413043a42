/**
 * Products: the product row, normalisation of TMAPI items, filters, transforms and change tracking.
 * May use: tmapi, files.
 */
package org.tmapiroutes.item;
