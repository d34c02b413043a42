package org.tmapiroutes.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.util.function.Suppliers;
import org.tmapiroutes.delivery.CatalogPush;
import org.tmapiroutes.delivery.DeliveryMetrics;
import org.tmapiroutes.delivery.MailOutbox;
import org.tmapiroutes.delivery.OutboxFiles;
import org.tmapiroutes.delivery.ProductCsvWriter;
import org.tmapiroutes.delivery.ReportTemplates;
import org.tmapiroutes.delivery.ShopifyCsvWriter;
import org.tmapiroutes.delivery.Reports;
import org.tmapiroutes.inbox.InboxFiles;
import org.tmapiroutes.inbox.InboxIntake;
import org.tmapiroutes.inbox.QueryFileReader;
import org.tmapiroutes.inbox.SpreadsheetRows;
import org.tmapiroutes.item.KeptItems;
import org.tmapiroutes.item.ItemEnrichment;
import org.tmapiroutes.item.ItemWatch;
import org.tmapiroutes.item.PriceChanges;
import org.tmapiroutes.item.ProductNormalizer;
import org.tmapiroutes.item.ProductSteps;
import org.tmapiroutes.job.JobQueries;
import org.tmapiroutes.job.JobRunner;
import org.tmapiroutes.job.JobRuns;
import org.tmapiroutes.store.FileClaims;
import org.tmapiroutes.store.Instances;
import org.tmapiroutes.store.JdbcImageConversions;
import org.tmapiroutes.store.JdbcJobStore;
import org.tmapiroutes.store.JdbcKeptRecords;
import org.tmapiroutes.store.JdbcPriceHistory;
import org.tmapiroutes.store.JdbcWatchHistory;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.store.SharedAccount;
import org.tmapiroutes.store.SharedTmapiAccount;
import org.tmapiroutes.store.ScheduleConnections;
import org.tmapiroutes.store.StateStore;
import org.tmapiroutes.store.StateStoreHealthCheck;
import org.tmapiroutes.tmapi.ImageConversions;
import org.tmapiroutes.tmapi.ImageUrlConversion;
import org.tmapiroutes.tmapi.KameletQueries;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.SingleAttemptHttpClient;
import org.tmapiroutes.tmapi.TmapiAccount;
import org.tmapiroutes.tmapi.TmapiAuth;
import org.tmapiroutes.tmapi.TmapiCallsHealthCheck;
import org.tmapiroutes.tmapi.TmapiDeadLetters;
import org.tmapiroutes.tmapi.TmapiLimiter;
import org.tmapiroutes.tmapi.TmapiMetrics;
import org.tmapiroutes.tmapi.TmapiPageReader;
import org.tmapiroutes.tmapi.TmapiPause;
import org.tmapiroutes.tmapi.TmapiRequest;
import org.tmapiroutes.tmapi.TmapiRetries;
import org.tmapiroutes.tmapi.UnsharedTmapiAccount;

/**
 * Binds the product's beans, configured from the {@code tmapi.*} and {@code data.*} keys, under the names the routes
 * use. Each is built once; a bean that needs another takes it as a parameter, which Camel fills from the registry.
 */
public class TmapiBeans implements CamelConfiguration, CamelContextAware {

    private CamelContext camelContext;
    /** The state store opened before Camel started, if it was. */
    private final StateStore openedStore;
    private final JobRuns jobRuns = new JobRuns();

    public TmapiBeans() {
        this(null);
    }

    TmapiBeans(StateStore openedStore) {
        this.openedStore = openedStore;
    }

    @PropertyInject("tmapi.page-size")
    private int pageSize;

    @PropertyInject("tmapi.max-pages")
    private int maxPages;

    @PropertyInject("tmapi.language")
    private String language;

    @PropertyInject("data.dir")
    private String dataDir;

    @PropertyInject("tmapi.timeout-seconds")
    private int timeoutSeconds;

    @PropertyInject(value = "tmapi.max-response-mb", defaultValue = "20")
    private int maxResponseMegabytes;

    @PropertyInject(value = "inbox.max-workbook-mb", defaultValue = "100")
    private int maxWorkbookMegabytes;

    @PropertyInject(value = "inbox.max-rows", defaultValue = "100000")
    private int maxRows;

    @PropertyInject(value = "inbox.max-cells", defaultValue = "1000000")
    private long maxCells;

    @PropertyInject("tmapi.max-concurrency")
    private int maxConcurrency;

    @PropertyInject("tmapi.concurrency.raise-after-successes")
    private int raiseAfterSuccesses;

    @PropertyInject("tmapi.pause-minutes")
    private double pauseMinutes;

    @PropertyInject(value = "tmapi.auth", defaultValue = "query")
    private String auth;

    @PropertyInject(value = "state.jdbc-url", defaultValue = "")
    private String stateJdbcUrl;

    @PropertyInject(value = "state.username", defaultValue = "")
    private String stateUsername;

    @PropertyInject(value = "delivery.retry-seconds", defaultValue = "60")
    private int retrySeconds;

    @PropertyInject(value = "job.max-calls", defaultValue = "0")
    private long maxCalls;

    @PropertyInject(value = "details.keep-hours", defaultValue = "24")
    private int detailsKeepHours;

    @PropertyInject(value = "supplier.keep-hours", defaultValue = "168")
    private int supplierKeepHours;

    @PropertyInject(value = "shipping.keep-hours", defaultValue = "24")
    private int shippingKeepHours;

    @PropertyInject(value = "instance.id", defaultValue = "")
    private String instanceId;

    @PropertyInject(value = "instance.takeover-seconds", defaultValue = "30")
    private int takeoverSeconds;

    /** The registry Camel exposes on {@code /observe/metrics} (or a private one when metrics are off), once it exists. */
    private final Supplier<MeterRegistry> meterRegistry = Suppliers.memorize(() -> {
        MeterRegistry found = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
        return found != null ? found : new SimpleMeterRegistry();
    });

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** How the token travels (tmapi.auth); read without Camel's placeholder resolver, like every secret. */
    /** The jobs running here, by id: one, shared by the job room's beans (a field: it needs no other bean). */
    @BindToRegistry("jobRuns")
    public JobRuns jobRuns() {
        return jobRuns;
    }

    @BindToRegistry("tmapiAuth")
    public TmapiAuth tmapiAuth() {
        return new TmapiAuth(TmapiAuth.mode(auth), Secrets.token(camelContext).orElse(""));
    }

    @BindToRegistry("tmapiRequest")
    public TmapiRequest tmapiRequest(TmapiAuth auth) {
        return new TmapiRequest(auth);
    }

    /**
     * Pictures not hosted by Alibaba, converted before the image search; kept 24 h in the state store (an earlier
     * version's data/state/image-conversions.json imported once).
     */
    @BindToRegistry("imageUrlConversion")
    public ImageUrlConversion imageUrlConversion(TmapiRequest request, TmapiLimiter limiter, TmapiPause pause,
            TmapiMetrics metrics, StateStore store) {
        Clock clock = Clock.systemUTC();
        ImageConversions conversions = new JdbcImageConversions(store.dataSource());
        trackingFiles().imageConversions(conversions, clock.instant());
        return new ImageUrlConversion(conversions, request, limiter, pause, metrics, clock);
    }

    /**
     * The gate of every TMAPI request, account-wide: on PostgreSQL through the account's slots (advisory locks, on a
     * pool of their own, closed when Camel stops) and its row, shared by all the instances; on the embedded store
     * through this instance's alone. The account is made here, not as a bean of its own: Camel orders the beans made
     * from other beans one level deep only, and the limiter's users come after it.
     */
    @BindToRegistry(value = "tmapiLimiter", destroyMethod = "close")
    public TmapiLimiter tmapiLimiter(StateStore store) {
        TmapiAccount account = store.shared()
                ? new SharedTmapiAccount(store.accountSlots(maxConcurrency),
                        new SharedAccount(store.dataSource(), maxConcurrency, raiseAfterSuccesses), instanceId())
                : new UnsharedTmapiAccount(maxConcurrency, raiseAfterSuccesses, store::answering);
        return new TmapiLimiter(maxConcurrency, account);
    }

    @BindToRegistry("tmapiMetrics")
    public TmapiMetrics tmapiMetrics(TmapiLimiter limiter) throws Exception {
        TmapiMetrics metrics = new TmapiMetrics(meterRegistry, limiter);
        camelContext.addStartupListener((context, alreadyStarted) -> metrics.register());
        return metrics;
    }

    @BindToRegistry("deliveryMetrics")
    public DeliveryMetrics deliveryMetrics() throws Exception {
        DeliveryMetrics metrics = new DeliveryMetrics(meterRegistry, Path.of(dataDir));
        camelContext.addStartupListener((context, alreadyStarted) -> metrics.register());
        return metrics;
    }

    @BindToRegistry("tmapiCallsHealthCheck")
    public TmapiCallsHealthCheck tmapiCallsHealthCheck(TmapiLimiter limiter, TmapiMetrics metrics) {
        return new TmapiCallsHealthCheck(limiter, metrics);
    }

    /** The 439 pause; as the context's route policy factory it holds the flows that call TMAPI while it lasts. */
    @BindToRegistry("tmapiPause")
    public TmapiPause tmapiPause(TmapiLimiter limiter) {
        TmapiPause pause = new TmapiPause(camelContext, limiter, Duration.ofMillis(Math.round(pauseMinutes * 60_000)));
        camelContext.addRoutePolicyFactory(pause);
        return pause;
    }

    @BindToRegistry("tmapiPageReader")
    public TmapiPageReader tmapiPageReader(TmapiLimiter limiter, TmapiPause pause, TmapiMetrics metrics,
            JobQueries jobQueries) {
        return new TmapiPageReader(limiter, pause, metrics, jobQueries, jobQueries, Duration.ofSeconds(timeoutSeconds));
    }

    @BindToRegistry("tmapiRetries")
    public TmapiRetries tmapiRetries() {
        return new TmapiRetries();
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

    /**
     * Gives back the claims of delivered mails and uploads a while after their move (DeliveryRoutes); at a stop the
     * releases still waiting are dropped, not waited for: those claims lapse by themselves, and their files are gone.
     */
    @BindToRegistry(value = "claimReleases", destroyMethod = "shutdownNow")
    public ScheduledThreadPoolExecutor claimReleases() {
        // a class of its own, not Executors' wrapper, whose methods Camel could not call to shut it down
        return new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "tmapi-claim-releases");
            thread.setDaemon(true);
            return thread;
        });
    }

    @BindToRegistry(value = "singleAttemptHttpClient", destroyMethod = "close")
    public SingleAttemptHttpClient singleAttemptHttpClient(TmapiAuth auth) {
        return new SingleAttemptHttpClient(auth, Duration.ofSeconds(timeoutSeconds), maxResponseMegabytes);
    }

    @BindToRegistry("queryValidator")
    public QueryValidator queryValidator() {
        return new QueryValidator(new QueryDefaults(pageSize, maxPages, language));
    }

    @BindToRegistry("kameletQueries")
    public KameletQueries kameletQueries(QueryValidator validator) {
        return new KameletQueries(validator);
    }

    @BindToRegistry("productCsvWriter")
    public ProductCsvWriter productCsvWriter() {
        return new ProductCsvWriter();
    }

    /** The outbox, with the Shopify export's price rule and vendor (shopify.*, read at start). */
    @BindToRegistry("outboxFiles")
    public OutboxFiles outboxFiles() {
        PropertiesComponent properties = camelContext.getPropertiesComponent();
        return new OutboxFiles(Path.of(dataDir), new ShopifyCsvWriter(ChoiceKeys.shopifyPrices(properties::resolveProperty),
                properties.resolveProperty("shopify.vendor").orElse("")));
    }

    @BindToRegistry("mailOutbox")
    public MailOutbox mailOutbox() {
        return new MailOutbox(Path.of(dataDir, "outbox", ".mail-pending"),
                camelContext.getPropertiesComponent().resolveProperty("report.subject-prefix").orElse(""));
    }

    @BindToRegistry("reports")
    public Reports reports(MailOutbox mail, ProductCsvWriter csv, OutboxFiles outbox, DeliveryMetrics metrics) {
        return new Reports(mail, csv, outbox, new ReportTemplates(), metrics);
    }

    @BindToRegistry("catalogPush")
    public CatalogPush catalogPush(QueryValidator validator, ProductCsvWriter csv, OutboxFiles outbox,
            DeliveryMetrics metrics) {
        return new CatalogPush(validator, csv, outbox, metrics);
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

    /**
     * The products seen by earlier runs, per flow and query: Camel's JDBC idempotent repository in the state store (an
     * earlier version's data/state/seen-items.txt imported once).
     */
    @BindToRegistry("seenItems")
    public IdempotentRepository seenItems(StateStore store) {
        trackingFiles().seenItems(store);
        return store.seenItems();
    }

    /** The last prices, in the state store (an earlier version's data/state/prices.json imported once). */
    @BindToRegistry("priceChanges")
    public PriceChanges priceChanges(StateStore store) {
        JdbcPriceHistory history = new JdbcPriceHistory(store.dataSource());
        trackingFiles().prices(history);
        return new PriceChanges(history);
    }

    /** The watch runs' steps (routes/item-watch.camel.yaml), what they record kept in the state store. */
    @BindToRegistry("itemWatch")
    public ItemWatch itemWatch(QueryValidator validator, StateStore store) {
        return new ItemWatch(validator, new JdbcWatchHistory(store.dataSource()), Clock.systemUTC());
    }

    /**
     * The enrichment steps (items-details-action, items-landed-cost-action, items-supplier-action), with what they
     * bought kept in the state store for details.keep-hours, supplier.keep-hours and shipping.keep-hours.
     */
    @BindToRegistry("itemEnrichment")
    public ItemEnrichment itemEnrichment(QueryValidator validator, StateStore store) {
        return new ItemEnrichment(validator, new JdbcKeptRecords(store.dataSource()), Duration.ofHours(detailsKeepHours),
                Duration.ofHours(supplierKeepHours), Duration.ofHours(shippingKeepHours), Clock.systemUTC());
    }

    private TrackingFileImport trackingFiles() {
        return new TrackingFileImport(Path.of(dataDir, "state"));
    }

    /**
     * The state store: the embedded database under data/state/, or the one state.jdbc-url names (its password from
     * STATE_PASSWORD, read like every secret); its schema is brought up to date here, and it is closed when Camel
     * stops, so the embedded database writes everything committed before the process ends.
     */
    @BindToRegistry(value = "stateStore", destroyMethod = "close")
    public StateStore stateStore() {
        if (openedStore != null) {
            return openedStore;
        }
        return StateStore.open(stateJdbcUrl, stateUsername, Secrets.read(camelContext, "state.password"),
                Path.of(dataDir));
    }

    /**
     * This instance among those sharing the state store ({@code instance.id}, by default the host name and process
     * id), recorded as alive from now on, until the store is closed. The beans that need it call this method: Camel
     * orders the bean methods by one level of dependencies only, and the store joins once whoever asks first.
     */
    @BindToRegistry("instances")
    public Instances instances(StateStore store) {
        return store.join(instanceId(), Duration.ofSeconds(takeoverSeconds));
    }

    private String instanceId() {
        return instanceId(instanceId);
    }

    /** {@code instance.id}, or the host name and the process id: unique on a machine and across machines. */
    static String instanceId(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * Camel's Quartz, which starts the scheduled flows: with the embedded store its schedule is in memory, as Camel
     * makes it; with PostgreSQL it is Quartz's clustered job store in the same database, so each fire runs on one of
     * the instances only.
     */
    @BindToRegistry("quartz")
    public QuartzComponent quartz(StateStore store) {
        return store.postgres() ? SharedSchedule.quartz(new ScheduleConnections(store.dataSource()),
                instances(store).id())
                : new QuartzComponent();
    }

    @BindToRegistry("stateStoreHealthCheck")
    public StateStoreHealthCheck stateStoreHealthCheck(StateStore store) {
        return new StateStoreHealthCheck(store);
    }

    @BindToRegistry("jobStore")
    public JobStore jobStore(StateStore store) {
        return new JdbcJobStore(store.dataSource(), instances(store));
    }

    /**
     * The files being taken on a data folder several instances may share (inbox files being read and accepted, mails
     * and uploads being delivered), claimed in the state store so that one instance takes each: Camel's idempotent
     * read lock over the store's claims, which an instance renews while it holds them (every heartbeat), so that only
     * a claim left by one that died lapses, after the takeover time.
     */
    @BindToRegistry("fileClaims")
    public FileClaims fileClaims(StateStore store) {
        Instances instances = instances(store);
        return store.fileClaims(instances.id(), instances.silence());
    }

    @BindToRegistry("inboxIntake")
    public InboxIntake inboxIntake(JobStore store, StateStore stateStore) {
        Instances instances = instances(stateStore);
        InboxIntake intake = new InboxIntake(store, Path.of(dataDir), instances.shared(), instances.silence(),
                fileClaims(stateStore));
        // before any inbox route starts: nothing can be accepted meanwhile
        intake.returnUnaccepted();
        return intake;
    }

    @BindToRegistry("jobRunner")
    public JobRunner jobRunner(JobStore store, InboxFiles inbox, OutboxFiles outbox, DeliveryMetrics metrics,
            ItemEnrichment enrichment) {
        return new JobRunner(store, jobRuns, inbox, outbox, metrics, Path.of(dataDir), retrySeconds, enrichment);
    }

    @BindToRegistry("jobQueries")
    public JobQueries jobQueries(JobStore store, StateStore stateStore, ItemEnrichment enrichment) {
        return new JobQueries(new ProductNormalizer(), enrichment, store, jobRuns, stateStore, Path.of(dataDir),
                maxCalls);
    }

    @BindToRegistry("inboxFiles")
    public InboxFiles inboxFiles(QueryValidator validator, ProductCsvWriter csv, OutboxFiles outbox,
            DeliveryMetrics metrics) {
        SpreadsheetRows.Limits workbooks = new SpreadsheetRows.Limits(maxWorkbookMegabytes * 1024L * 1024L,
                maxRows, maxCells);
        return new InboxFiles(new QueryFileReader(validator, workbooks), csv, outbox, metrics, Path.of(dataDir));
    }
}
