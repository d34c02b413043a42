package org.tmapiroutes.tmapi;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads TMAPI's answer to one page request: counts it, tells the {@link TmapiLimiter} how it went (a 503 lowers the
 * limit, a 439 starts the pause) before the request's slot is given back, and moves the query's {@link PageCursor}
 * on; a failure code or a transport error becomes a {@link TmapiFailureException} for the error policy.
 */
public final class TmapiPageReader {

    private static final Logger PROGRESS = LoggerFactory.getLogger("org.tmapiroutes.progress");
    /** The HTTP client's words for an answer shorter than its Content-Length: how much was promised, how much came. */
    private static final Pattern CUT_OFF = Pattern.compile("expected: (\\d+); received: (\\d+)");

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
            page = TmapiPage.read(endpointId, status == null ? 0 : status, exchange.getMessage().getBody(byte[].class));
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
            reason = inUsersWords(cause);
        }
        TmapiFailureException failure = new TmapiFailureException(endpointId, TmapiFailureException.TRANSPORT, reason,
                cause);
        metrics.failed(endpointId, failure);
        throw failure;
    }

    /** What happened on the way, in words a user reads in a -failed.csv; no class names of the HTTP client. */
    private static String inUsersWords(Throwable cause) {
        if (cause instanceof SingleAttemptHttpClient.AnswerTooLong) {
            return cause.getMessage();
        }
        if (cause instanceof NoHttpResponseException) {
            return "no answer: the server closed the connection without answering";
        }
        if (cause instanceof ConnectionClosedException) {
            Matcher sizes = CUT_OFF.matcher(String.valueOf(cause.getMessage()));
            return sizes.find() ? String.format(Locale.ROOT, "answer cut off: the connection closed after %,d of the"
                    + " %,d bytes announced", Long.parseLong(sizes.group(2)), Long.parseLong(sizes.group(1)))
                    : "answer cut off: the connection closed before the end of the answer";
        }
        if (cause instanceof UnknownHostException) {
            return "cannot connect: the server's name is not known (" + cause.getMessage() + "; see tmapi.base-url)";
        }
        if (cause instanceof ConnectException) {
            return "cannot connect: " + withoutPath(cause.getMessage());
        }
        return "the connection failed" + (cause == null || cause.getMessage() == null ? ""
                : ": " + withoutPath(cause.getMessage()));
    }

    /** An address in a message, its path and query (where a token may be) left out. */
    private static String withoutPath(String message) {
        return message == null ? "" : message.replaceAll("(https?://[^/?#\\s]+)\\S*", "$1");
    }
}
