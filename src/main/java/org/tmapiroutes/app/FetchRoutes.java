package org.tmapiroutes.app;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.item.FetchJob;
import org.tmapiroutes.item.ProductNormalizer;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiLimiter;
import org.tmapiroutes.tmapi.TmapiPage;
import org.tmapiroutes.tmapi.TmapiQuery;
import org.tmapiroutes.tmapi.TmapiRequest;

/**
 * The product's fixed plumbing, joined by {@code direct:} endpoints that the YAML routes call: read an inbox file,
 * fetch a job's queries, fetch one query page by page through camel-http, and write the outbox CSV.
 */
public class FetchRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(FetchRoutes.class);
    private static final Logger PROGRESS = LoggerFactory.getLogger("org.tmapiroutes.progress");
    private static final String QUERY_ROWS = "tmapiQueryRows";

    private final ProductNormalizer normalizer = new ProductNormalizer();

    @Override
    public void configure() {
        from("direct:inbox-read-action").routeId("inbox-read-action")
                .bean("inboxFiles", "read");

        // queries run in parallel; the limiter keeps the requests in flight within tmapi.max-concurrency
        from("direct:tmapi-fetch-action").routeId("tmapi-fetch-action")
                .split(body()).parallelProcessing().executorService("tmapiQueryPool")
                    .to("direct:tmapi-query")
                .end()
                .process(e -> e.getMessage().setBody(e.getProperty(FetchJob.PROPERTY, FetchJob.class).rows()));

        from("direct:tmapi-query").routeId("tmapi-query")
                .process(this::startQuery)
                .doTry()
                    // routes/tmapi-pages.camel.yaml: page after page, each retried by the policy of tmapi-errors
                    .to("direct:tmapi-pages")
                    .process(this::queryDone)
                .doCatch(TmapiFailureException.class)
                    .process(this::queryFailed)
                .end();

        from("direct:tmapi-page").routeId("tmapi-page")
                .errorHandler(noErrorHandler())
                .bean("tmapiRequest", "prepare")
                .process(FetchRoutes::firstAttempt)
                .bean("tmapiLimiter", "acquire")
                .doTry()
                    .to("{{tmapi.base-url}}?throwExceptionOnFailure=false&skipRequestHeaders=true"
                            + "&skipResponseHeaders=true&httpClientConfigurer=#singleAttemptHttpClient&connectTimeout={{tmapi.connect-timeout-seconds}}000"
                            + "&responseTimeout={{tmapi.timeout-seconds}}000&soTimeout={{tmapi.timeout-seconds}}000")
                    .process(TmapiRequest::forget)
                    .process(this::readPage)
                .doCatch(IOException.class)
                    .process(TmapiRequest::forget)
                    .process(FetchRoutes::transportFailed)
                .doFinally()
                    // the verdict (success, 503, 439) is known before the slot is given back
                    .bean("tmapiLimiter", "release")
                .end();

        from("timer:tmapi-pause-window?period=1000&delay=1000").routeId("tmapi-pause-window")
                .bean("tmapiPause", "checkWindow");

        from("direct:outbox-csv-sink").routeId("outbox-csv-sink")
                .bean("inboxFiles", "prepareOutbox")
                .filter(exchangeProperty(InboxFiles.NOTHING_TO_WRITE).isNull())
                    .to("file:{{data.dir}}/outbox?tempPrefix=.writing-&fileExist=Fail")
                .end()
                .bean("inboxFiles", "finish");

        from("direct:inbox-failure-sink").routeId("inbox-failure-sink")
                .bean("inboxFiles", "failed");
    }

    private void startQuery(Exchange exchange) throws Exception {
        TmapiQuery query = exchange.getMessage().getMandatoryBody(TmapiQuery.class);
        exchange.setProperty(TmapiRequest.CURSOR, new PageCursor(query));
        exchange.setProperty(QUERY_ROWS, new ArrayList<ProductRow>());
    }

    private void readPage(Exchange exchange) {
        PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
        TmapiQuery query = cursor.query();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        TmapiLimiter limiter = exchange.getContext().getRegistry().lookupByNameAndType("tmapiLimiter", TmapiLimiter.class);
        TmapiMetrics metrics = TmapiMetrics.of(exchange);
        TmapiPage page;
        try {
            page = TmapiPage.read(query.endpoint().id(), status == null ? 0 : status, body);
            metrics.request(query.endpoint().id(), "200");
            metrics.fetched(query.endpoint().id(), page.itemCount());
        } catch (TmapiFailureException failure) {
            metrics.request(query.endpoint().id(), failure.getCode());
            TmapiPause pause = exchange.getContext().getRegistry().lookupByNameAndType("tmapiPause", TmapiPause.class);
            exchange.setProperty(TmapiPause.STARTED, limiter.failed(failure.getCode(), pause.window()));
            throw failure;
        }
        limiter.succeeded();
        exchange.removeProperty(TmapiDeadLetters.FIRST_ATTEMPT);
        Instant fetchedAt = Instant.now();
        int keep = cursor.accept(page);
        @SuppressWarnings("unchecked")
        List<ProductRow> rows = exchange.getProperty(QUERY_ROWS, List.class);
        for (int i = 0; i < keep; i++) {
            rows.add(normalizer.normalize(query.endpoint(), query.parameters(), page.items().get(i), fetchedAt));
        }
        exchange.getMessage().setBody(null);
        PROGRESS.info(cursor.progress(page.itemCount()));
    }

    private void queryDone(Exchange exchange) {
        PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
        @SuppressWarnings("unchecked")
        List<ProductRow> rows = exchange.getProperty(QUERY_ROWS, List.class);
        FetchJob job = exchange.getProperty(FetchJob.PROPERTY, FetchJob.class);
        if (job != null) {
            job.succeeded(cursor.query(), rows, cursor.pagesFetched(), cursor.itemsFetched());
        }
        exchange.getMessage().setBody(rows);
    }

    /** Inside a job a failed query is recorded and the others go on; a single query (a Kamelet call) fails its caller. */
    private void queryFailed(Exchange exchange) {
        TmapiFailureException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TmapiFailureException.class);
        PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
        FetchJob job = exchange.getProperty(FetchJob.PROPERTY, FetchJob.class);
        if (job == null) {
            throw failure;
        }
        LOG.warn("{} failed at page {}: code {}, {}", cursor.query().describe(), cursor.page(), failure.getCode(),
                failure.getReason());
        job.failed(cursor.query(), failure, cursor.pagesFetched(), cursor.itemsFetched());
    }

    /** Remembers when the first attempt at this page was made, for its dead letter. */
    private static void firstAttempt(Exchange exchange) {
        if (exchange.getProperty(TmapiDeadLetters.FIRST_ATTEMPT) == null) {
            exchange.setProperty(TmapiDeadLetters.FIRST_ATTEMPT, Instant.now());
        } else {
            PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
            TmapiMetrics.of(exchange)
                    .retry(cursor.query().endpoint().id());
        }
    }

    /** Timeouts, refused or reset connections become a {@code transport} failure that names no URL. */
    private static void transportFailed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        PageCursor cursor = exchange.getProperty(TmapiRequest.CURSOR, PageCursor.class);
        TmapiMetrics.of(exchange)
                .request(cursor.query().endpoint().id(), TmapiFailureException.TRANSPORT);
        String what = cause.getClass().getSimpleName();
        String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage().replaceAll("https?://\\S+", "<TMAPI>");
        throw new TmapiFailureException(cursor.query().endpoint().id(), TmapiFailureException.TRANSPORT,
                what + detail, cause);
    }
}
