package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.RealPostgres;
import org.tmapiroutes.store.StateStore;

/**
 * The item watch (SPEC §16) through the real application: watch runs fired through their Quartz job against the
 * simulator, the mail received by a real SMTP server and read back, the calls the simulator received counted.
 */
class ItemWatchTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    /** The docs' item: its answer names another item id (859086919394), as the docs' example does. */
    private static final String DOCS_ITEM = "652702302959";
    private static final String OTHER_ITEM = "610947572360";

    @TempDir
    Path dataDir;

    private final GreenMail smtp = RunningBundle.startSmtp(RunningBundle.freePort());

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void givenAPriceThatHovers_whenRunsFollowIt_thenOnlyTheMoveTheRuleSaysIsMailedWithItsChartAndCsv() throws Exception {
        Path list = writeWatchList("item_id,target_price,note\n"
                + "https://detail.1688.com/offer/" + DOCS_ITEM + ".html,9.00,red mug\n"
                + OTHER_ITEM + ",,\n"
                + "abc,,\n"
                + DOCS_ITEM + ",,again\n");
        AtomicReference<String> price = new AtomicReference<>("10.00");
        AtomicReference<Integer> stock = new AtomicReference<>(100);
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                CapturedLog log = CapturedLog.info()) {
            simulator.setItemCustomizer((endpoint, value, index, item) -> {
                if (endpoint.equals("item-detail") && value.equals(DOCS_ITEM)) {
                    twoSkus(item, price.get(), stock.get());
                }
            });
            try (RunningBundle bundle = start(simulator, Map.of())) {
                runAndWait(bundle, 0);
                assertThat(smtp.getReceivedMessages()).as("the first run is the baseline").isEmpty();
                assertThat(log.text()).contains("line 4: item_id 'abc' is not an item id")
                        .contains("line 5: item " + DOCS_ITEM + " is watched already (line 2)")
                        .contains("item-watch: 2 of 2 watched items checked, no change; no mail");
                for (String hovering : List.of("10.20", "9.95", "10.25")) {
                    price.set(hovering);
                    runAndWait(bundle, 0);
                }
                assertThat(smtp.getReceivedMessages()).as("moves under 3 % from 10.00").isEmpty();

                price.set("10.60");
                stock.set(30);
                runAndWait(bundle, 1);
                assertThat(simulator.requestCount("item-detail")).as("one call per watched item per run")
                        .isEqualTo(2 * 5);
            }
        }

        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).matches("\\[tmapi-routes] item-watch: 3 changes, \\d{4}-\\d{2}-\\d{2}");
        assertThat(ReceivedMail.structure(mail)).isEqualTo(
                "multipart/mixed[multipart/alternative[text/plain,multipart/related[text/html,image/png]],text/csv]");
        String html = ReceivedMail.html(mail);
        assertThat(html).contains("price 10.00 → 10.60 (+6.0\u00a0%)").contains("stock 100 → 30, below 50")
                .contains("red mug").contains("https://detail.1688.com/offer/859086919394.html")
                .contains("line 4: item_id &#39;abc&#39; is not an item id").doesNotContain(OTHER_ITEM + "</small>");
        Matcher cid = Pattern.compile("<img src=\"cid:([^\"]+)\" [^>]*alt=\"Price history: [^\"]+\"").matcher(html);
        assertThat(cid.find()).as("the chart is shown inline, with words for readers without pictures").isTrue();
        Part chart = inline(mail);
        assertThat(chart.getHeader("Content-ID")[0]).isEqualTo("<" + cid.group(1) + ">");
        byte[] png = ReceivedMail.bytes(chart);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(480);
        assertThat(ReceivedMail.text(mail)).contains("item-watch: 3 changes in 1 item")
                .contains("颜色:白色豹纹;尺码:L: stock 100 → 30, below 50").contains("line 4: item_id 'abc'")
                .doesNotContain("<img").doesNotContain("<li");

        List<CSVRecord> rows = csv(new String(ReceivedMail.bytes(ReceivedMail.attachment(mail)), StandardCharsets.UTF_8));
        assertThat(rows).extracting(r -> r.get("change")).containsExactlyInAnyOrder("price_up", "price_up",
                "low_stock");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("item_id")).isEqualTo(DOCS_ITEM);
            assertThat(r.get("note")).isEqualTo("red mug");
        });
        assertThat(rows.stream().filter(r -> r.get("change").equals("price_up")))
                .allSatisfy(r -> assertThat(r.get("old_value") + " " + r.get("new_value") + " " + r.get("change_pct"))
                        .isEqualTo("10.00 10.60 6.00"));
        assertThat(RunningBundle.list(dataDir.resolve("outbox/item-watch")))
                .singleElement().satisfies(copy -> assertThat(copy.getFileName().toString())
                        .matches("changes-\\d{8}-\\d{6}\\.csv"));
        assertThat(Files.readString(list)).as("the watch list is never rewritten").contains("abc,,");
    }

    @Test
    void givenAnItemWhoseDetailFailsForGood_whenTwoRunsInARowFail_thenItIsMailedUnavailableOnceInEveryFormatAsked()
            throws Exception {
        String failing = "610947572399";
        writeWatchList("item_id,note\n" + OTHER_ITEM + ",\n" + failing + ",old supplier\n");
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = start(simulator, Map.of("output.format", "csv,xlsx,shopify",
                        "watch.history-csv", "true"))) {
            simulator.failAlways("item-detail", failing, Fault.jsonCode(422));
            runAndWait(bundle, 0);
            runAndWait(bundle, 1);
            runAndWait(bundle, 1);
            assertThat(simulator.requests()).filteredOn(r -> failing.equals(r.parameter("item_id")))
                    .as("a 422 is not asked again: one call per run").hasSize(3);
        }
        assertThat(smtp.getReceivedMessages()).as("said once").hasSize(1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).contains("item-watch: 1 change,");
        assertThat(ReceivedMail.html(mail)).contains("unavailable: its detail could not be fetched in two runs in a row")
                .contains("old supplier").contains("https://detail.1688.com/offer/" + failing + ".html")
                .doesNotContain("cid:");
        assertThat(ReceivedMail.attachments(mail)).extracting(Part::getFileName).as("changes are no store's products")
                .allMatch(name -> name.matches("changes-\\d{8}-\\d{6}\\.(csv|xlsx)")).hasSize(2);
        List<Path> histories = RunningBundle.list(dataDir.resolve("outbox/item-watch")).stream()
                .filter(p -> p.getFileName().toString().matches("history-.*\\.csv")).toList();
        assertThat(histories).as("one history file a run").hasSize(3);
        // the latest has the most rows (names of one second sort by their counter, not by time)
        List<CSVRecord> last = histories.stream().map(p -> {
            try {
                return csv(Files.readString(p));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
        assertThat(last).isNotEmpty().allSatisfy(r -> assertThat(r.get("item_id")).isEqualTo(OTHER_ITEM));
        assertThat(last).extracting(r -> r.get("checked_at")).as("three runs of every SKU").hasSize(3 * (int) last
                .stream().map(r -> r.get("sku_id")).distinct().count());
    }

    @Test
    void givenNoWatchList_whenTheWatchRuns_thenOneLineSaysSoNothingIsBoughtAndTheNextRunReadsTheFileOnceItIsThere()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                CapturedLog log = CapturedLog.info();
                RunningBundle bundle = start(simulator, Map.of())) {
            bundle.fire("item-watch");
            await().atMost(RunningBundle.PATIENCE).until(() -> log.text().contains("item-watch: nothing checked: the"
                    + " watch list " + dataDir.resolve("watch/items.csv") + " (watch.items-file) does not exist"));
            assertThat(simulator.requestCount()).isZero();
            writeWatchList("item_id\n" + OTHER_ITEM + "\n");
            runAndWait(bundle, 0);
            assertThat(simulator.requestCount()).isEqualTo(1);
            assertThat(log.text()).doesNotContain("Exception");
        }
    }

    @Test
    void givenTheWatchListEdited_whenTheNextRunGoes_thenItAsksForTheItemsOfTheFileAsItIsNow() throws Exception {
        Path list = writeWatchList("item_id\n" + OTHER_ITEM + "\n");
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start();
                RunningBundle bundle = start(simulator, Map.of())) {
            runAndWait(bundle, 0);
            Files.writeString(list, "item_id,note\n610947572361,new one\n" + OTHER_ITEM + ",\n");
            runAndWait(bundle, 0);
            assertThat(simulator.requests()).extracting(r -> r.parameter("item_id"))
                    .containsExactlyInAnyOrder(OTHER_ITEM, OTHER_ITEM, "610947572361");
            simulator.setCatalogVersion(2);
            Files.writeString(list, "item_id\n610947572361\n");
            runAndWait(bundle, 0);
            assertThat(simulator.requests()).extracting(r -> r.parameter("item_id")).last().isEqualTo("610947572361");
            assertThat(simulator.requestCount()).isEqualTo(4);
        }
    }

    @Test
    void givenAWatchRunStoppedHalfway_whenStartedAgain_thenItGoesOnAndNoDetailIsBoughtTwice() throws Exception {
        StringBuilder list = new StringBuilder("item_id\n");
        for (int i = 0; i < 10; i++) {
            list.append(610947572360L + i).append('\n');
        }
        writeWatchList(list.toString());
        Map<String, String> oneAtATime = Map.of("tmapi.max-concurrency", "1");
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            simulator.setLatency(Duration.ofMillis(400));
            try (RunningBundle first = start(simulator, oneAtATime)) {
                first.fire("item-watch");
                await().atMost(RunningBundle.PATIENCE).until(() -> simulator.requestCount() >= 3);
            }
            int beforeRestart = simulator.requestCount();
            assertThat(beforeRestart).as("stopped halfway").isLessThan(10);

            simulator.setLatency(Duration.ZERO);
            try (RunningBundle second = start(simulator, oneAtATime)) {
                await().atMost(RunningBundle.PATIENCE).until(() -> runs(second) == 1);
                assertThat(count(second, "select count(*) from tmapi_watch_history")).as("each SKU recorded once")
                        .isEqualTo(count(second, "select count(distinct item_id || '/' || sku_id) from tmapi_watch_history"))
                        .isEqualTo(count(second, "select count(*) from tmapi_watch_sku"));
            }
            List<String> asked = simulator.requests().stream().map(r -> r.parameter("item_id")).toList();
            assertThat(asked).as("every item asked").hasSameElementsAs(
                    java.util.stream.LongStream.range(0, 10).mapToObj(i -> String.valueOf(610947572360L + i)).toList());
            assertThat(asked.size()).as("none bought twice, but the one in flight at the stop").isLessThanOrEqualTo(11);
        }
    }

    @Test
    void givenTwoInstancesOnOneDatabase_whenTheWatchFiresOnItsCron_thenEachFireRunsOnceAndTheChangesAreMailedOnce()
            throws Exception {
        String url = POSTGRES.newDatabase();
        writeWatchList("item_id\n" + java.util.stream.LongStream.range(0, 12)
                .mapToObj(i -> String.valueOf(610947572360L + i * 7919)).reduce((a, b) -> a + "\n" + b).orElseThrow()
                + "\n");
        Path dataB = dataDir.resolve("instance-b");
        Map<String, String> shared = new HashMap<>(Map.of("state.jdbc-url", url, "state.username", POSTGRES.username(),
                "state.password", POSTGRES.password(), "watch.cron", "0/10 * * * * ?",
                "watch.items-file", dataDir.resolve("watch/items.csv").toString()));
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            Map<String, String> a = new HashMap<>(shared);
            a.put("instance.id", "instance-a");
            Map<String, String> b = new HashMap<>(shared);
            b.put("instance.id", "instance-b");
            try (RunningBundle first = start(simulator, a, dataDir);
                    RunningBundle second = start(simulator, b, dataB)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> runs(first) >= 1);
                simulator.setCatalogVersion(2);
                await().atMost(Duration.ofSeconds(90)).until(() -> runs(second) >= 3);
                int runs = runs(first);
                await().atMost(RunningBundle.PATIENCE).until(() -> smtp.getReceivedMessages().length >= 1);
                assertThat(simulator.requestCount("item-detail")).as("each fire ran on one instance, once")
                        .isBetween(12 * runs, 12 * (runs + 1));
            }
        }
        assertThat(smtp.getReceivedMessages()).as("the changes of version 2, mailed once").hasSize(1);
    }

    // ---- helpers

    private Path writeWatchList(String content) throws Exception {
        Path file = Files.createDirectories(dataDir.resolve("watch")).resolve("items.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private RunningBundle start(TmapiSimulator simulator, Map<String, String> more) {
        return start(simulator, more, dataDir);
    }

    private RunningBundle start(TmapiSimulator simulator, Map<String, String> more, Path data) {
        Map<String, String> settings = new HashMap<>();
        settings.put("watch.enabled", "true");
        settings.put("watch.cron", RunningBundle.FAR_AWAY_CRON);
        settings.put("report.from", "watch@example.com");
        settings.put("report.to", "buyer@example.com");
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        settings.put("smtp.starttls", "false");
        settings.put("delivery.retry-seconds", "1");
        settings.putAll(more);
        return RunningBundle.start(data, Path.of("routes"), Path.of("config", "application.properties"), settings,
                simulator);
    }

    /** Fires the watch once and waits until its run is recorded and its mail, if any, is received. */
    private void runAndWait(RunningBundle bundle, int mailsExpectedNow) {
        int before = runs(bundle);
        bundle.fire("item-watch");
        await().atMost(RunningBundle.PATIENCE).until(() -> runs(bundle) > before);
        await().atMost(RunningBundle.PATIENCE).until(() -> smtp.getReceivedMessages().length >= mailsExpectedNow);
    }

    /** How many watch runs the bundle's state store recorded: the distinct times in the history. */
    private static int runs(RunningBundle bundle) {
        return count(bundle, "select count(distinct checked_at) from tmapi_watch_history");
    }

    private static int count(RunningBundle bundle, String sql) {
        StateStore store = bundle.context().getRegistry().lookupByNameAndType("stateStore", StateStore.class);
        try (Connection connection = store.dataSource().getConnection();
                ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The item's SKUs cut to two, at the price, the first with the stock. */
    private static void twoSkus(ObjectNode item, String price, int stock) {
        ArrayNode skus = (ArrayNode) item.get("skus");
        while (skus.size() > 2) {
            skus.remove(skus.size() - 1);
        }
        for (int i = 0; i < skus.size(); i++) {
            ((ObjectNode) skus.get(i)).put("sale_price", price);
            ((ObjectNode) skus.get(i)).put("stock", i == 0 ? stock : 500);
        }
    }

    private static Part inline(Part mail) throws Exception {
        List<Part> found = new ArrayList<>();
        collect(mail, found);
        assertThat(found).as("one inline picture").hasSize(1);
        return found.get(0);
    }

    private static void collect(Part part, List<Part> found) throws Exception {
        if (part.getContent() instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), found);
            }
        } else if (part.isMimeType("image/png") && Part.INLINE.equalsIgnoreCase(part.getDisposition())) {
            found.add(part);
        }
    }

    private static List<CSVRecord> csv(String text) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text)).getRecords();
    }
}
