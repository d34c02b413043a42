/**
 * Products: the product row, normalisation of TMAPI items, filters, transforms and change tracking (whose history
 * it declares and the store keeps). May use: tmapi, files.
 */
package org.tmapiroutes.item;
