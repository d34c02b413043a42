/**
 * The TMAPI client: the endpoint catalog, query validation, paging, the request of a page, failure codes, the account
 * gate (the limiter, a semaphore under the account's limit; the 439 pause, a route policy on the flows that call
 * TMAPI; where the account is kept, it declares), dead letters and call metrics. A query on its way carries one
 * object, {@link org.tmapiroutes.tmapi.QueryFetch}. May use: files, secrets.
 */
package org.tmapiroutes.tmapi;
