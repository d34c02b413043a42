package org.tmapiroutes.tmapi;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads TMAPI's answer to one page request: counts it, tells the {@link TmapiLimiter} how it went (a 503 lowers the
 * limit, a 439 starts the pause) before the request's slot is given back, and moves the query's {@link PageCursor}
 * on; a failure code or a transport error becomes a {@link TmapiFailureException} for the error policy.
 */
public final class TmapiPageReader {

    private static final Logger PROGRESS = LoggerFactory.getLogger("org.tmapiroutes.progress");

    private final TmapiLimiter limiter;
    private final TmapiPause pause;
    private final TmapiMetrics metrics;
    private final PageSink sink;
    private final CallBudget budget;
    private final Duration totalTime;

    /**
     * @param sink      takes each page while its request still holds its slot, so that once a page is answered it is
     *                  recorded before another request goes out in its place
     * @param budget    counts each call against its job's budget before it is made
     * @param totalTime the time a request has for its whole answer ({@code tmapi.timeout-seconds}), after which the
     *                  HTTP client ({@link SingleAttemptHttpClient}) closes its connection
     */
    public TmapiPageReader(TmapiLimiter limiter, TmapiPause pause, TmapiMetrics metrics, PageSink sink,
            CallBudget budget, Duration totalTime) {
        this.budget = budget;
        this.limiter = limiter;
        this.pause = pause;
        this.metrics = metrics;
        this.sink = sink;
        this.totalTime = totalTime;
    }

    /**
     * Before each attempt: counts it against its job's budget (it is not made when the job has made all its calls),
     * remembers when the first one was made (for a dead letter), and counts the retries.
     */
    public void attempt(Exchange exchange) {
        budget.spend(exchange);
        QueryFetch fetch = QueryFetch.of(exchange);
        if (fetch.attempting()) {
            metrics.retry(fetch.query().endpoint().id());
        }
    }

    /** The HTTP answer becomes a {@link FetchedPage} handed to the sink, or fails with its code. */
    public void read(Exchange exchange) throws Exception {
        TmapiRequest.forget(exchange);
        QueryFetch fetch = QueryFetch.of(exchange);
        PageCursor cursor = fetch.cursor();
        String endpointId = cursor.query().endpoint().id();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        TmapiPage page;
        try {
            page = TmapiPage.read(endpointId, status == null ? 0 : status, exchange.getMessage().getBody(String.class));
        } catch (TmapiFailureException failure) {
            metrics.failed(endpointId, failure);
            fetch.pauseStarted(limiter.failed(failure.getCode(), pause.window()));
            throw failure;
        }
        metrics.request(endpointId, "200");
        metrics.fetched(endpointId, page.itemCount());
        limiter.succeeded();
        fetch.answered();
        Instant fetchedAt = Instant.now();
        int keep = cursor.accept(page);
        List<JsonNode> items = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            items.add(page.items().get(i));
        }
        PROGRESS.info(cursor.progress(page.itemCount()));
        sink.accept(exchange, new FetchedPage(cursor.query(), items, fetchedAt));
        exchange.getMessage().setBody(null);
    }

    /**
     * Timeouts, refused or reset connections, answers broken off become a {@code transport} failure naming the server
     * asked (its address only: a path or query, where a token may be, is left out); a request that ran out of its
     * total time says so, whichever way its connection ended.
     */
    public void transportFailed(Exchange exchange) {
        TmapiRequest.forget(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        QueryFetch fetch = QueryFetch.of(exchange);
        String endpointId = fetch.query().endpoint().id();
        String reason;
        if (cause instanceof SocketTimeoutException || fetch.attemptTime().compareTo(totalTime) >= 0) {
            reason = "timeout: no complete answer within " + totalTime.toSeconds() + " s (tmapi.timeout-seconds)";
        } else {
            String what = cause == null ? "the connection failed" : cause.getClass().getSimpleName();
            reason = what + (cause == null || cause.getMessage() == null ? ""
                    : ": " + cause.getMessage().replaceAll("(https?://[^/?#\\s]+)\\S*", "$1"));
        }
        TmapiFailureException failure = new TmapiFailureException(endpointId, TmapiFailureException.TRANSPORT, reason,
                cause);
        metrics.failed(endpointId, failure);
        throw failure;
    }
}
