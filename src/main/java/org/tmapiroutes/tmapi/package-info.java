/**
 * TMAPI itself: the endpoint catalog, query validation, paging, the request of a page, failure codes, the limiter and
 * the account it shares with other instances, the 439 pause, dead letters and call metrics.
 * May use: store, files.
 */
package org.tmapiroutes.tmapi;
