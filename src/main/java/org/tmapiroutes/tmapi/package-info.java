/**
 * The TMAPI client: the endpoint catalog, query validation, paging, the request of a page, failure codes, the account
 * gate (limiter, slots, the 439 pause; where the account is kept, it declares), dead letters and call metrics.
 * May use: files.
 */
package org.tmapiroutes.tmapi;
