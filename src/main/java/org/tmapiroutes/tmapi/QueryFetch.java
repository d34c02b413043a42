package org.tmapiroutes.tmapi;

import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;

/**
 * One query on its way through TMAPI: the one object a query's exchange carries ({@value #PROPERTY}), from its first
 * page to its last. It holds where the pages stand ({@link PageCursor}), the bookkeeping of the request going out (when
 * the page was first asked, when this attempt started, the slot it holds, whether its failure began a 439 pause, the
 * picture whose conversion it waits for) and what the pages are for: its owner, which only the owner's room reads (a
 * job's query named by plain values, or the products gathered for a caller). Used by one thread at a time: a query's pages
 * follow each other.
 *
 * <p>Routes name it in their logs, e.g. {@code ${exchangeProperty.tmapiQuery.describe} page
 * ${exchangeProperty.tmapiQuery.page}}.
 */
public final class QueryFetch {

    /** The exchange property holding the query being fetched. */
    public static final String PROPERTY = "tmapiQuery";

    private final PageCursor cursor;
    private Object owner;
    private Instant firstAttempt;
    private Instant attemptStarted = Instant.now();
    private TmapiLimiter.Permit permit;
    private boolean pauseStarted;
    private boolean leavesAtPause;
    private String conversionTurn;

    /** @param owner what the query's pages are for; read back by its room with {@link #owner(Class)} */
    public QueryFetch(PageCursor cursor, Object owner) {
        this.cursor = cursor;
        this.owner = owner;
    }

    /** The query the exchange is fetching; fails when it holds none (a route reached without its query). */
    public static QueryFetch of(Exchange exchange) {
        QueryFetch fetch = exchange.getProperty(PROPERTY, QueryFetch.class);
        if (fetch == null) {
            throw new IllegalStateException("route " + exchange.getFromRouteId() + " holds no TMAPI query");
        }
        return fetch;
    }

    /** The query the exchange is fetching, or null when it fetches none. */
    public static QueryFetch find(Exchange exchange) {
        return exchange.getProperty(PROPERTY, QueryFetch.class);
    }

    /**
     * The query belongs to a recorded job, which resumes from its recorded pages: at a 439 pause it leaves (its request
     * is not sent, the job's exchange ends and its flow can be suspended) rather than wait for the pause to end.
     */
    public QueryFetch leavingAtPause() {
        leavesAtPause = true;
        return this;
    }

    boolean leavesAtPause() {
        return leavesAtPause;
    }

    /** Starts fetching the query on the exchange. */
    public QueryFetch on(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
        return this;
    }

    public PageCursor cursor() {
        return cursor;
    }

    public TmapiQuery query() {
        return cursor.query();
    }

    /** The page the next request asks for. */
    public int page() {
        return cursor.page();
    }

    /** Whether a page remains to be asked. */
    public boolean hasNext() {
        return cursor.hasNext();
    }

    /** The query as the log names it, e.g. {@code category-items cat_id=1031910}. */
    public String describe() {
        return cursor.query().describe();
    }

    /** The owner, if it is of this type. */
    public <T> T owner(Class<T> type) {
        return type.isInstance(owner) ? type.cast(owner) : null;
    }

    /**
     * The query ended well: its owner leaves it, given back (once). What was asked and how many items came stay, for
     * a report of the flow that asked it.
     */
    public Object ended() {
        Object ended = owner;
        owner = null;
        return ended;
    }

    /** A request of the page is going out now; whether it is a retry (the page was asked before). */
    boolean attempting() {
        attemptStarted = Instant.now();
        if (firstAttempt == null) {
            firstAttempt = attemptStarted;
            return false;
        }
        return true;
    }

    /** How long the request going out, or the last one, has taken so far. */
    Duration attemptTime() {
        return Duration.between(attemptStarted, Instant.now());
    }

    /** When the page now failing was first asked (for its dead letter). */
    Instant firstAttempt() {
        return firstAttempt == null ? Instant.now() : firstAttempt;
    }

    /** The page was answered: the next page's attempts count from its own first. */
    void answered() {
        firstAttempt = null;
    }

    void hold(TmapiLimiter.Permit held) {
        permit = held;
    }

    /** The slot held by the request, given up to the caller (once). */
    TmapiLimiter.Permit releasePermit() {
        TmapiLimiter.Permit held = permit;
        permit = null;
        return held;
    }

    void pauseStarted(boolean started) {
        pauseStarted = started;
    }

    /** Whether the request's failure began a 439 pause (then its alert goes out once); asked once. */
    boolean takePauseStarted() {
        boolean started = pauseStarted;
        pauseStarted = false;
        return started;
    }

    void conversionTurn(String picture) {
        conversionTurn = picture;
    }

    /** The picture whose conversion turn the query holds, given up to the caller (once). */
    String releaseConversionTurn() {
        String picture = conversionTurn;
        conversionTurn = null;
        return picture;
    }

    @Override
    public String toString() {
        return describe() + " page " + page();
    }
}
