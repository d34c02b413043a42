package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.store.JdbcImageConversions;
import org.tmapiroutes.store.JdbcJobStore;
import org.tmapiroutes.store.JdbcPriceHistory;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.store.RealPostgres;
import org.tmapiroutes.store.StateStore;
import org.tmapiroutes.tmapi.ImageUrlConversion;

/**
 * The state store on a real PostgreSQL (one server for the class, a fresh database per test): the same migrations and
 * statements as on the embedded H2, jobs, the three tracking stores, and the password kept out of sight.
 */
class PostgresStateStoreTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();


    /** The data folder: with PostgreSQL nothing of the store is written there. */
    @TempDir
    Path dataDir;

    @Test
    void givenAnEmptyDatabase_whenTheStoreOpensTwice_thenEachMigrationIsAppliedOnceAndWhatWasWrittenStays()
            throws Exception {
        String url = POSTGRES.newDatabase();
        try (StateStore store = POSTGRES.openStore(url, dataDir)) {
            assertThat(rows(store, "select version || ' ' || success from tmapi_schema_history"
                    + " where version is not null order by installed_rank"))
                    .as("3.1: Quartz's tables, on PostgreSQL only").containsExactly("1 true", "2 true", "3 true",
                            "3.1 true", "4 true", "5 true", "6 true", "7 true", "8 true", "9 true");
            assertThat(rows(store, "select col_description('tmapi_job'::regclass, ordinal_position)"
                    + " from information_schema.columns where table_name = 'tmapi_job' and column_name = 'state'"))
                    .as("the schema names every state a job can be in").singleElement().satisfies(comment ->
                            assertThat(comment).contains(java.util.Arrays.stream(JobStore.State.values())
                                    .map(JobStore.State::value).toList()));
            assertThat(rows(store, "select table_name from information_schema.tables where table_schema = 'public'"
                    + " and table_name <> 'tmapi_schema_history' order by table_name")).containsExactly(
                    "camel_messageprocessed", "qrtz_blob_triggers", "qrtz_calendars", "qrtz_cron_triggers",
                    "qrtz_fired_triggers", "qrtz_job_details", "qrtz_locks", "qrtz_paused_trigger_grps",
                    "qrtz_scheduler_state", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_triggers",
                    "tmapi_account", "tmapi_file_claim", "tmapi_image_conversion", "tmapi_instance", "tmapi_job",
                    "tmapi_job_page", "tmapi_job_query", "tmapi_kept_record", "tmapi_price", "tmapi_watch_history",
                    "tmapi_watch_item", "tmapi_watch_sku");
            assertThat(store.postgres()).isTrue();
            new JdbcPriceHistory(store.dataSource()).record(Map.of("flow|category-items|1|42", new BigDecimal("9.99")));
        }

        try (StateStore reopened = POSTGRES.openStore(url, dataDir)) {
            assertThat(rows(reopened, "select count(*) from tmapi_schema_history")).as("nothing migrated again")
                    .containsExactly("10");
            assertThat(new JdbcPriceHistory(reopened.dataSource()).lastPrice("flow|category-items|1|42"))
                    .contains(new BigDecimal("9.99"));
        }
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void givenAnInboxJobsEnrichmentCalls_whenRecordedBeforeTheyAreMade_thenTheyAreFoundAgainAndAreNotTheJobsQueries() {
        try (StateStore store = POSTGRES.openStore(POSTGRES.newDatabase(), dataDir)) {
            JobStore jobs = new JdbcJobStore(store.dataSource(), store.join("test", Duration.ofSeconds(30)));
            long id = jobs.accept(new JobStore.NewJob(JobStore.Kind.INBOX, "category-landed-cost-inbox",
                    "category-landed-cost cups.txt", "category-items", "/data/inbox/x/.processing/cups.txt",
                    "/data/inbox/x", "cups", "csv", null, "cups.txt", "{\"steps\":[\"details\"]}"),
                    List.of("{\"cat_id\":1}", "{\"cat_id\":2}"));
            long version = jobs.job(id).orElseThrow().version();

            JobStore.Query first = jobs.addStepCall(id, "{\"item_id\":\"652702302959\"}");
            JobStore.Query second = jobs.addStepCall(id, "{\"item_id\":\"610947572360\"}");
            jobs.recordPage(id, version, new JobStore.Page(first.index(), 1, 1, 9, 900, Instant.now()), "{\"end\":1}",
                    true);
            jobs.queryFailed(id, second.index(), "422", "no such item");
            JobStore.Query askedAgain = jobs.addStepCall(id, "{\"item_id\":\"652702302959\"}");

            assertThat(List.of(first.index(), second.index())).as("numbered below zero").containsExactly(-1, -2);
            assertThat(askedAgain.index()).as("a resumed job finds its call again").isEqualTo(-1);
            assertThat(askedAgain.state()).isEqualTo(JobStore.QueryState.DONE);
            assertThat(askedAgain.rowsEnd()).as("with where its answer ends").isEqualTo(900);
            assertThat(jobs.job(id).orElseThrow().queryCount()).as("not the job's queries").isEqualTo(2);
            assertThat(list(jobs.pendingQueries(id))).extracting(JobStore.Query::index).containsExactly(0, 1);
            assertThat(list(jobs.failedQueries(id))).isEmpty();
            assertThat(jobs.failuresByCode(id)).isEmpty();
            assertThat(jobs.counts(id)).isEqualTo(new JobStore.Counts(0, 0, 0));
        }
    }

    @Test
    void givenAJobOfManyQueries_whenItsPagesAndEndsAreRecorded_thenTheStoreGivesThemBackInOrder() {
        try (StateStore store = POSTGRES.openStore(POSTGRES.newDatabase(), dataDir)) {
            JobStore jobs = new JdbcJobStore(store.dataSource(), store.join("test", Duration.ofSeconds(30)));
            List<String> queries = IntStream.range(0, 250).mapToObj(i -> "{\"cat_id\":" + i + "}").toList();
            long id = jobs.accept(new JobStore.NewJob(JobStore.Kind.INBOX, "category-items-inbox",
                    "category-items best-sellers.csv", "category-items", "/data/inbox/1/.processing/best-sellers.csv",
                    "/data/inbox/category-items", "best-sellers", "csv,xlsx", "${body.price} < 100", "best-sellers.csv",
                    "{\"steps\":[\"supplier\"],\"settings\":{}}"), queries);

            JobStore.Job job = jobs.job(id).orElseThrow();
            assertThat(job.name()).isEqualTo("category-items best-sellers.csv");
            assertThat(job.outputFormat()).isEqualTo("csv,xlsx");
            assertThat(job.inputName()).isEqualTo("best-sellers.csv");
            assertThat(job.enrichment()).isEqualTo("{\"steps\":[\"supplier\"],\"settings\":{}}");
            assertThat(job.itemFilter()).isEqualTo("${body.price} < 100");
            assertThat(job.state()).isEqualTo(JobStore.State.FETCHING);
            assertThat(job.queryCount()).isEqualTo(250);
            assertThat(job.acceptedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
            assertThat(jobs.jobs(JobStore.Kind.INBOX, JobStore.State.FETCHING)).containsExactly(id);
            assertThat(jobs.job(id + 1)).isEmpty();

            Instant fetched = Instant.parse("2025-06-01T10:15:30Z");
            for (int page = 1; page <= 6; page++) {
                jobs.recordPage(id, job.version(), new JobStore.Page(0, page, 60, 50, 1000L * page, fetched),
                        "{\"next\":" + (page + 1) + "}");
            }
            jobs.recordPage(id, job.version(), new JobStore.Page(3, 1, 40, 40, 777L, fetched), "{\"next\":2}");
            jobs.queryDone(id, 0);
            jobs.queryFailed(id, 1, "417", "x".repeat(5000));
            jobs.queryFailed(id, 2, "439", "the subscription is paused");
            jobs.queryFailed(id, 4, "417", "no such category");

            List<JobStore.Query> pending = list(jobs.pendingQueries(id));
            assertThat(pending).as("read a hundred at a time").hasSize(246);
            assertThat(pending.get(0).index()).isEqualTo(3);
            assertThat(pending.get(0).pageCursor()).isEqualTo("{\"next\":2}");
            assertThat(pending.get(0).rowsEnd()).as("where its last page ends in its output").isEqualTo(777L);
            assertThat(pending.get(245).query()).isEqualTo("{\"cat_id\":249}");
            assertThat(list(jobs.failedQueries(id))).extracting(JobStore.Query::index, JobStore.Query::errorCode)
                    .containsExactly(tuple(1, "417"),
                            tuple(2, "439"),
                            tuple(4, "417"));
            assertThat(list(jobs.failedQueries(id)).get(0).errorMessage()).hasSize(4000);
            assertThat(jobs.failuresByCode(id)).containsExactly(entry("417", 2L), entry("439", 1L));
            assertThat(jobs.counts(id)).isEqualTo(new JobStore.Counts(7, 400, 340));
            assertThat(list(jobs.doneQueries(id))).singleElement()
                    .satisfies(q -> assertThat(q.rowsEnd()).isEqualTo(6000L));

            jobs.fetched(id, job.version());
            assertThat(jobs.job(id).orElseThrow().state()).isEqualTo(JobStore.State.WRITING);
            assertThat(jobs.done(id, job.version() + 1, "best-sellers-20250601.csv")).as("another version").isFalse();
            assertThat(jobs.done(id, job.version(), "best-sellers-20250601.csv")).isTrue();
            assertThat(jobs.job(id).orElseThrow().state()).isEqualTo(JobStore.State.DONE);
            assertThat(jobs.counts(id)).as("pages dropped once delivered").isEqualTo(new JobStore.Counts(0, 0, 0));
            assertThat(jobs.jobs(JobStore.Kind.INBOX, JobStore.State.DONE)).containsExactly(id);
        }
    }

    @Test
    void givenAScheduledRun_whenItAsksItsQueries_thenEachTextKeepsItsIndexAndTheRunItsState() throws Exception {
        try (StateStore store = POSTGRES.openStore(POSTGRES.newDatabase(), dataDir)) {
            JobStore jobs = new JdbcJobStore(store.dataSource(), store.join("test", Duration.ofSeconds(30)));
            long run = jobs.startRun("category-email-report", "category-email-report 2025-06-01 07:00");

            JobStore.Query first = jobs.addQueries(run, List.of("{\"cat_id\":1031922}")).get(0);
            JobStore.Query second = jobs.addQueries(run, List.of("{\"cat_id\":50012}")).get(0);
            JobStore.Query again = jobs.addQueries(run, List.of("{\"cat_id\":1031922}")).get(0);
            List<CompletableFuture<JobStore.Query>> atOnce = IntStream.range(0, 8).mapToObj(i -> CompletableFuture
                    .supplyAsync(() -> jobs.addQueries(run, List.of("{\"keyword\":\"k" + i + "\"}")).get(0))).toList();

            assertThat(first.index()).isZero();
            assertThat(second.index()).isEqualTo(1);
            assertThat(again.index()).isZero();
            assertThat(again.query()).isEqualTo("{\"cat_id\":1031922}");
            List<Integer> indexes = new ArrayList<>();
            for (CompletableFuture<JobStore.Query> query : atOnce) {
                indexes.add(query.get().index());
            }
            assertThat(indexes).as("queries asked at once get indexes of their own").containsExactlyInAnyOrder(
                    2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(jobs.job(run).orElseThrow().queryCount()).isEqualTo(10);
            assertThat(jobs.jobs(JobStore.Kind.SCHEDULED, JobStore.State.FETCHING)).containsExactly(run);

            long version = jobs.job(run).orElseThrow().version();
            assertThat(jobs.handOver(run, version)).isTrue();
            assertThat(jobs.handOver(run, version)).as("handed over once").isFalse();
            assertThat(jobs.jobs(JobStore.Kind.SCHEDULED, JobStore.State.DELIVERING)).containsExactly(run);
            assertThat(jobs.jobs(JobStore.Kind.SCHEDULED, JobStore.State.FETCHING)).isEmpty();
        }
    }

    @Test
    void givenPricesRecorded_whenReadBackAndReplacedByTwoWritersAtOnce_thenAsTmapiGaveThemAndNeitherFails()
            throws Exception {
        String url = POSTGRES.newDatabase();
        try (StateStore store = POSTGRES.openStore(url, dataDir)) {
            new JdbcPriceHistory(store.dataSource()).record(Map.of("flow|category-items|1|42", new BigDecimal("0.60"),
                    "flow|category-items|1|43", new BigDecimal("1200")));
        }
        try (StateStore store = POSTGRES.openStore(url, dataDir)) {
            JdbcPriceHistory history = new JdbcPriceHistory(store.dataSource());
            assertThat(history.lastPrice("flow|category-items|1|42")).as("the scale kept: 0.60, not 0.6")
                    .hasValueSatisfying(price -> assertThat(price.toPlainString()).isEqualTo("0.60"));
            assertThat(history.lastPrice("flow|category-items|1|43")).contains(new BigDecimal("1200"));
            assertThat(history.lastPrice("flow|category-items|1|44")).isEmpty();

            // two instances whose runs hold the same products in opposite orders
            Map<String, BigDecimal> run = new LinkedHashMap<>();
            Map<String, BigDecimal> reversed = new LinkedHashMap<>();
            for (int i = 0; i < 2000; i++) {
                run.put("flow|category-items|1|" + i, BigDecimal.valueOf(i, 2));
                reversed.put("flow|category-items|1|" + (1999 - i), BigDecimal.valueOf(1999 - i, 2));
            }
            for (int round = 0; round < 3; round++) {
                CompletableFuture<Void> other = CompletableFuture.runAsync(() -> history.record(reversed));
                history.record(run);
                other.get();
            }

            assertThat(history.lastPrice("flow|category-items|1|42")).contains(new BigDecimal("0.42"));
            assertThat(history.lastPrice("flow|category-items|1|199")).contains(new BigDecimal("1.99"));
        }
    }

    @Test
    void givenAPictureConverted_whenLookedUpWithinAndAfter24Hours_thenFoundThenNotAndOldOnesDropped()
            throws Exception {
        try (StateStore store = POSTGRES.openStore(POSTGRES.newDatabase(), dataDir)) {
            JdbcImageConversions conversions = new JdbcImageConversions(store.dataSource());
            Instant converted = Instant.parse("2025-06-01T10:00:00Z");
            conversions.keep("https://x.example/m.jpg", "/search/imgextra/1_a.jpg", converted);
            conversions.keep("https://x.example/m.jpg", "/search/imgextra/1_b.jpg", converted);

            assertThat(conversions.find("https://x.example/m.jpg", converted.plus(Duration.ofHours(23))))
                    .contains("/search/imgextra/1_b.jpg");
            assertThat(conversions.find("https://x.example/m.jpg", converted.plus(ImageUrlConversion.KEPT)))
                    .as("24 h later").isEmpty();
            assertThat(conversions.find("https://x.example/other.jpg", converted)).isEmpty();

            conversions.keep("https://x.example/n.jpg", "/search/imgextra/2_a.jpg", converted.plus(Duration.ofHours(25)));
            assertThat(rows(store, "select picture_url from tmapi_image_conversion"))
                    .containsExactly("https://x.example/n.jpg");
        }
    }

    @Test
    void givenItemsSeen_whenCamelsRepositoryAndTheImportAddThem_thenSeenAcrossReopeningAndNewOnesStillNew()
            throws Exception {
        String longKey = "new-shop-items|image-search|https://images.example.com/" + "a".repeat(900) + ".jpg|654321";
        String url = POSTGRES.newDatabase();
        try (StateStore store = POSTGRES.openStore(url, dataDir)) {
            IdempotentRepository seen = store.seenItems();
            ServiceHelper.startService(seen);
            assertThat(seen.add("category-new-items-report|category-items|1031922|42")).as("first time").isTrue();
            assertThat(seen.add("category-new-items-report|category-items|1031922|42")).as("again").isFalse();
            assertThat(seen.add(longKey)).isTrue();

            List<String> keys = new ArrayList<>(IntStream.range(0, 1200).mapToObj(i -> "flow|category-items|1|" + i)
                    .toList());
            keys.add("flow|category-items|1|3");
            assertThat(store.addSeenItems(keys)).as("one of them twice in the list").isEqualTo(1200);
            assertThat(store.addSeenItems(keys)).isZero();
            ServiceHelper.stopService(seen);
        }

        try (StateStore reopened = POSTGRES.openStore(url, dataDir)) {
            IdempotentRepository seen = reopened.seenItems();
            ServiceHelper.startService(seen);
            assertThat(seen.contains("category-new-items-report|category-items|1031922|42")).isTrue();
            assertThat(seen.contains(longKey)).isTrue();
            assertThat(seen.add("flow|category-items|1|600")).as("imported, so seen").isFalse();
            assertThat(seen.contains("category-new-items-report|category-items|1031922|43")).isFalse();
            assertThat(rows(reopened, "select distinct processorname from camel_messageprocessed"))
                    .containsExactly(StateStore.SEEN_ITEMS);
            ServiceHelper.stopService(seen);
        }
    }

    @Test
    void givenThePassword_whenTheStoreOpens_thenItIsNeitherInTheDescriptionNorInTheLog() {
        String url = POSTGRES.newDatabase();
        String inUrl = url + "?password=" + POSTGRES.password() + "&ApplicationName=tmapi-routes";
        try (CapturedLog log = CapturedLog.debug()) {
            try (StateStore store = POSTGRES.openStore(url, dataDir)) {
                assertThat(store.description()).isEqualTo("database " + url).doesNotContain(POSTGRES.password());
                assertThat(store.reachable()).isTrue();
            }
            try (StateStore store = StateStore.open(inUrl, POSTGRES.username(), Optional.empty(), dataDir)) {
                assertThat(store.description()).as("written into the URL").contains("password=***")
                        .doesNotContain(POSTGRES.password());
                assertThat(store.reachable()).isTrue();
            }

            assertThat(log.text()).as("logged at DEBUG: the pool, Flyway").contains("tmapi-state")
                    .contains("tmapi_schema_history").doesNotContain(POSTGRES.password());
        }
    }



    private static <T> List<T> list(Iterable<T> items) {
        return StreamSupport.stream(items.spliterator(), false).toList();
    }

    private static List<String> rows(StateStore store, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
