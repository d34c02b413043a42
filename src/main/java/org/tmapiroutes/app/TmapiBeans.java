package org.tmapiroutes.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.tmapiroutes.delivery.MailOutbox;
import org.tmapiroutes.item.PriceChanges;
import org.tmapiroutes.item.ProductSteps;
import org.tmapiroutes.delivery.ProductCsvWriter;
import org.tmapiroutes.tmapi.KameletQueries;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryFileReader;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiLimiter;
import org.tmapiroutes.tmapi.TmapiRequest;

/**
 * Binds the product's beans, configured from the {@code tmapi.*} and {@code data.*} keys, under the names the routes
 * use.
 */
public class TmapiBeans implements CamelConfiguration, CamelContextAware {

    private CamelContext camelContext;

    @PropertyInject("tmapi.page-size")
    private int pageSize;

    @PropertyInject("tmapi.max-pages")
    private int maxPages;

    @PropertyInject("tmapi.language")
    private String language;

    @PropertyInject("data.dir")
    private String dataDir;

    @PropertyInject("tmapi.max-concurrency")
    private int maxConcurrency;

    @PropertyInject("tmapi.concurrency.raise-after-successes")
    private int raiseAfterSuccesses;

    @PropertyInject("tmapi.pause-minutes")
    private double pauseMinutes;

    private TmapiLimiter limiter;

    @BindToRegistry("tmapiRequest")
    public TmapiRequest tmapiRequest() {
        return new TmapiRequest(Secrets.token(camelContext).orElse(""));
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The process-wide gate of every TMAPI request. */
    @BindToRegistry("tmapiLimiter")
    public TmapiLimiter tmapiLimiter() {
        if (limiter == null) {
            limiter = new TmapiLimiter(maxConcurrency, raiseAfterSuccesses);
        }
        return limiter;
    }

    @BindToRegistry("tmapiMetrics")
    public TmapiMetrics tmapiMetrics() throws Exception {
        TmapiMetrics metrics = new TmapiMetrics(camelContext, tmapiLimiter(), Path.of(dataDir));
        // the gauges exist from the start, so a scrape before the first job shows them
        camelContext.addStartupListener((context, alreadyStarted) -> metrics.register());
        return metrics;
    }

    @BindToRegistry("tmapiCallsHealthCheck")
    public TmapiCallsHealthCheck tmapiCallsHealthCheck() {
        return new TmapiCallsHealthCheck(tmapiLimiter());
    }

    @BindToRegistry("tmapiPause")
    public TmapiPause tmapiPause() {
        return new TmapiPause(camelContext, tmapiLimiter(), Duration.ofMillis(Math.round(pauseMinutes * 60_000)));
    }

    @BindToRegistry("tmapiDeadLetters")
    public TmapiDeadLetters tmapiDeadLetters() {
        return new TmapiDeadLetters(Path.of(dataDir));
    }

    /** Threads that run a job's queries side by side; more than the limit, as they mostly wait for a free slot. */
    @BindToRegistry("tmapiQueryPool")
    public ExecutorService tmapiQueryPool() {
        int threads = Math.max(8, 4 * maxConcurrency);
        return camelContext.getExecutorServiceManager().newThreadPool(this, "tmapi-queries", threads, threads);
    }

    @BindToRegistry("singleAttemptHttpClient")
    public SingleAttemptHttpClient singleAttemptHttpClient() {
        return new SingleAttemptHttpClient();
    }

    @BindToRegistry("mailOutbox")
    public MailOutbox mailOutbox() {
        return new MailOutbox(Path.of(dataDir, "outbox", ".mail-pending"));
    }

    @BindToRegistry("reports")
    public Reports reports() {
        return new Reports(mailOutbox(), productCsvWriter(), Path.of(dataDir));
    }

    @BindToRegistry("catalogPush")
    public CatalogPush catalogPush() {
        return new CatalogPush(queryValidator(), productCsvWriter(), Path.of(dataDir));
    }

    @BindToRegistry("productSteps")
    public ProductSteps productSteps() {
        return new ProductSteps();
    }

    /** Gathers split products back into a list, without those a filter or the new-items check left out. */
    @BindToRegistry("keptItems")
    public KeptItems keptItems() {
        return new KeptItems();
    }

    /** The products seen by earlier runs, per flow and query: Camel's file idempotent repository. */
    @BindToRegistry("seenItems")
    public IdempotentRepository seenItems() {
        return FileIdempotentRepository.fileIdempotentRepository(Path.of(dataDir, "state", "seen-items.txt").toFile(),
                200_000, 64L * 1024 * 1024);
    }

    @BindToRegistry("priceChanges")
    public PriceChanges priceChanges() {
        return new PriceChanges(new FilePriceHistory(Path.of(dataDir, "state", "prices.json")));
    }

    @BindToRegistry("queryValidator")
    public QueryValidator queryValidator() {
        return new QueryValidator(new QueryDefaults(pageSize, maxPages, language));
    }

    @BindToRegistry("kameletQueries")
    public KameletQueries kameletQueries() {
        return new KameletQueries(queryValidator());
    }

    @BindToRegistry("productCsvWriter")
    public ProductCsvWriter productCsvWriter() {
        return new ProductCsvWriter();
    }

    @BindToRegistry("inboxFiles")
    public InboxFiles inboxFiles() {
        return new InboxFiles(new QueryFileReader(queryValidator()), productCsvWriter(), Path.of(dataDir));
    }
}
