package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tmapiroutes.app.RunningBundle.read;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/** Files dropped into the real inbox flows, answered by the simulator, checked in the files the product writes. */
class InboxFlowTest {

    @TempDir
    static Path dataDir;
    static RunningBundle bundle;

    @BeforeAll
    static void start() {
        bundle = RunningBundle.start(dataDir);
    }

    @AfterAll
    static void stop() {
        bundle.close();
    }

    @BeforeEach
    void reset() {
        bundle.simulator.clearFaults();
        bundle.simulator.setItemCustomizer(null);
        bundle.simulator.resetCounters();
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        String text = read(file);
        assertThat(text).as("UTF-8 BOM").startsWith("\uFEFF");
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.substring(1))).getRecords();
    }

    private static Path onlyNewOutbox(String endpointId, List<Path> before) {
        List<Path> after = bundle.outboxFiles(endpointId).stream().filter(p -> !before.contains(p)).toList();
        assertThat(after).hasSize(1);
        return after.get(0);
    }

    static Stream<Arguments> oneQueryPerEndpoint() {
        return Stream.of(
                Arguments.of("category-items", "cats.csv", "cat_id\n1031922\n", "1031922"),
                Arguments.of("category-items-v1", "cats.txt", "# v1\n1031910\n", "1031910"),
                Arguments.of("shop-items", "shops.txt", "https://xldjjg.1688.com/\n", "https://xldjjg.1688.com/"),
                Arguments.of("shop-items-by-member", "sellers.csv", "member_id,sort\njane727,sales\n", "jane727"),
                Arguments.of("image-search", "images.txt", "https://cbu01.alicdn.com/img/x.jpg\n",
                        "https://cbu01.alicdn.com/img/x.jpg"),
                Arguments.of("keyword-search", "keywords.txt", "# mugs\n马克杯\n", "马克杯"),
                Arguments.of("keyword-search-global", "categories.csv", "cat_id,language\n1031922,ru\n", "1031922"));
    }

    @ParameterizedTest
    @MethodSource("oneQueryPerEndpoint")
    void givenOneQueryOf45Items_whenFileDropped_thenOneCsvWith45RowsAndInputDone(String endpointId, String name,
            String content, String value) throws Exception {
        List<Path> before = bundle.outboxFiles(endpointId);

        bundle.drop(endpointId, name, content);

        assertThat(bundle.awaitArchived(endpointId, name)).isEqualTo(bundle.inbox(endpointId).resolve(".done").resolve(name));
        Path output = onlyNewOutbox(endpointId, before);
        assertThat(output.getFileName().toString())
                .matches(Pattern.quote(name.substring(0, name.lastIndexOf('.'))) + "-\\d{8}-\\d{6}\\.csv");
        List<CSVRecord> rows = csv(output);
        assertThat(rows).hasSize(TmapiSimulator.DEFAULT_ITEMS_PER_QUERY);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("source")).isEqualTo(endpointId);
            assertThat(r.get("query")).isEqualTo(value);
            assertThat(r.get("product_url")).startsWith("https://detail.1688.com/offer/" + r.get("item_id"));
            assertThat(r.get("image_url")).startsWith("https://").doesNotStartWith("https:////");
            assertThat(r.get("price")).matches("\\d+(\\.\\d+)?");
            assertThat(r.get("fetched_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        });
        assertThat(rows).extracting(r -> r.get("item_id")).doesNotHaveDuplicates();
        assertThat(RunningBundle.list(bundle.outbox(endpointId))).as("no temporary file left behind")
                .noneMatch(p -> p.getFileName().toString().startsWith("."));
        String chineseTitles = endpointId.equals("image-search") || endpointId.equals("keyword-search-global")
                ? "title_origin" : "title";
        assertThat(rows).extracting(r -> r.get(chineseTitles)).allMatch(t -> t.codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN));
        assertThat(bundle.simulator.requestCount(endpointId)).as("45 items in pages of 20").isEqualTo(3);
        assertThat(bundle.simulator.requests()).allSatisfy(r -> assertThat(r.tokenValid()).isTrue());
    }

    @Test
    void givenMaxPagesAndMaxItems_whenDropped_thenPagesCappedAndLastPageCutShort() throws Exception {
        List<Path> before = bundle.outboxFiles("category-items");

        bundle.drop("category-items", "limits.csv", "cat_id,max_pages,max_items\n11,2,\n22,,25\n");

        bundle.awaitArchived("category-items", "limits.csv");
        List<CSVRecord> rows = csv(onlyNewOutbox("category-items", before));
        assertThat(rows.stream().filter(r -> r.get("query").equals("11"))).hasSize(40);
        assertThat(rows.stream().filter(r -> r.get("query").equals("22"))).hasSize(25);
        assertThat(rows.get(0).get("query")).as("rows in input order").isEqualTo("11");
        assertThat(bundle.simulator.requests()).extracting(r -> r.parameter("cat_id") + "/" + r.parameter("page"))
                .containsExactlyInAnyOrder("11/1", "11/2", "22/1", "22/2");
    }

    @Test
    void givenValueWithSurroundingSpaces_whenDropped_thenTrimmedAndAccepted() {
        bundle.drop("category-items", "spaces.csv", "cat_id , sort\n  1031922  ,  sales \n");

        assertThat(bundle.awaitArchived("category-items", "spaces.csv").getParent().getFileName()).hasToString(".done");
        assertThat(bundle.simulator.requests()).extracting(RecordedRequest::query)
                .allSatisfy(q -> assertThat(q).containsEntry("cat_id", "1031922").containsEntry("sort", "sales"));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("sort.csv", "cat_id,sort\n1031922,sales\n1031922,cheapest\n",
                        "line 3: sort 'cheapest' is not allowed; allowed values: default, sales, price_up, price_down"),
                Arguments.of("catid.txt", "1031922\n\n10319x22\n", "line 3: cat_id '10319x22' is not an integer"),
                Arguments.of("nocolumn.csv", "sort,price_end\nsales,5\n", "line 1: no 'cat_id' column"),
                Arguments.of("empty.csv", "", "line 1: the file holds no header row"),
                Arguments.of("quoting.csv", "cat_id,sort\n1031922,sales\n\"1031922\"x,sales\n", "line 3: this line cannot be read as CSV"),
                Arguments.of("typo.csv", "cat_id,prce_end\n1031922,5\n", "line 1: unknown column 'prce_end'"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void givenBadFile_whenDropped_thenRejectedWithLineAndReasonAndNoRequest(String name, String content,
            String reason) {
        List<Path> before = bundle.outboxFiles("category-items");

        bundle.drop("category-items", name, content);

        Path archived = bundle.awaitArchived("category-items", name);
        assertThat(archived).isEqualTo(bundle.inbox("category-items").resolve(".error").resolve(name));
        assertThat(read(archived)).isEqualTo(content);
        Path report = archived.resolveSibling(name + ".error.txt");
        assertThat(read(report)).contains(reason).contains("no TMAPI request was made");
        assertThat(bundle.simulator.requestCount()).isZero();
        assertThat(bundle.outboxFiles("category-items")).isEqualTo(before);
    }

    @Test
    void givenOneQueryFailing_whenDropped_thenOthersWrittenFailedCsvWrittenAndInputInError() throws Exception {
        bundle.simulator.failAlways("category-items", "222", Fault.httpStatus(500));
        List<Path> before = bundle.outboxFiles("category-items");

        Path archived;
        try (CapturedLog log = CapturedLog.info()) {
            bundle.drop("category-items", "mixed.csv", "cat_id,sort\n111,sales\n222,price_up\n");

            archived = bundle.awaitArchived("category-items", "mixed.csv");
            // the summary line follows the input's archiving
            java.util.regex.Pattern summary = java.util.regex.Pattern.compile("WARN .* category-items mixed.csv: 2"
                    + " queries, .* -> \\S+mixed-\\d{8}-\\d{6}\\.csv \\(partial: 1 failed query in \\S+mixed-failed.csv\\)");
            await().atMost(RunningBundle.PATIENCE).until(() -> summary.matcher(log.text()).find());
        }
        assertThat(archived.getParent().getFileName()).hasToString(".error");
        assertThat(read(archived.resolveSibling("mixed.csv.error.txt")))
                .contains("1 of 2 queries failed")
                .contains("line 3 category-items cat_id=222: code 500, Unexpected error, please contact customer service.");
        Path output = onlyNewOutbox("category-items", before);
        assertThat(csv(output)).hasSize(45).allSatisfy(r -> assertThat(r.get("query")).isEqualTo("111"));
        Path failed = dataDir.resolve("errors/category-items/mixed-failed.csv");
        List<CSVRecord> failedRows = csv(failed);
        assertThat(failedRows).singleElement().satisfies(r -> {
            assertThat(r.get("cat_id")).isEqualTo("222");
            assertThat(r.get("sort")).isEqualTo("price_up");
            assertThat(r.get("error_code")).isEqualTo("500");
        });

        bundle.simulator.clearFaults();
        bundle.simulator.resetCounters();
        List<Path> beforeReplay = bundle.outboxFiles("category-items");
        bundle.drop("category-items", "mixed-failed.csv", read(failed));

        assertThat(bundle.awaitArchived("category-items", "mixed-failed.csv").getParent().getFileName()).hasToString(".done");
        assertThat(csv(onlyNewOutbox("category-items", beforeReplay))).hasSize(45)
                .allSatisfy(r -> assertThat(r.get("query")).isEqualTo("222"));
        assertThat(bundle.simulator.requests()).allSatisfy(r -> assertThat(r.parameter("cat_id")).isEqualTo("222"));
    }

    @Test
    void givenEveryQueryFailing_whenDroppedAndItsFailedCsvDroppedBack_thenNothingInTheOutboxAndTheSummarySaysFailed()
            throws Exception {
        bundle.simulator.failAlways("category-items", "333", Fault.jsonCode(422));
        bundle.simulator.failAlways("category-items", "334", Fault.jsonCode(422));
        List<Path> before = bundle.outboxFiles("category-items");

        try (CapturedLog log = CapturedLog.info()) {
            bundle.drop("category-items", "all-failing.txt", "333\n334\n");

            Path archived = bundle.awaitArchived("category-items", "all-failing.txt");
            assertThat(archived.getParent().getFileName()).hasToString(".error");
            assertThat(read(archived.resolveSibling("all-failing.txt.error.txt")))
                    .startsWith("all-failing.txt: all 2 queries failed; nothing was written.");
            assertThat(log.text()).containsPattern("category-items all-failing.txt: 2 queries, .* -> no output \\(failed: all 2 "
                    + "queries failed; they are in \\S+all-failing-failed.csv\\)").doesNotContain("partial");
            assertThat(outboxFilesEverywhere()).noneMatch(p -> p.getFileName().toString().startsWith("all-failing"));
            assertThat(bundle.outboxFiles("category-items")).isEqualTo(before);
            assertThat(RunningBundle.list(dataDir.resolve("errors/category-items"))).as("one dead letter per query")
                    .filteredOn(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}-422-all-failing(-\\d+)?\\.json"))
                    .hasSize(2);

            Path failed = dataDir.resolve("errors/category-items/all-failing-failed.csv");
            bundle.drop("category-items", "all-failing-failed.csv", read(failed));

            assertThat(bundle.awaitArchived("category-items", "all-failing-failed.csv").getParent().getFileName())
                    .hasToString(".error");
            assertThat(outboxFilesEverywhere()).noneMatch(p -> p.getFileName().toString().startsWith("all-failing"));
            assertThat(bundle.outboxFiles("category-items")).isEqualTo(before);
        }

        bundle.drop("category-items", "one-failing.txt", "333\n");

        Path archived = bundle.awaitArchived("category-items", "one-failing.txt");
        assertThat(read(archived.resolveSibling("one-failing.txt.error.txt")))
                .startsWith("one-failing.txt: the query failed; nothing was written.");
        assertThat(outboxFilesEverywhere()).noneMatch(p -> p.getFileName().toString().startsWith("one-failing"));
    }

    /** Every file under data/outbox/, in any folder. */
    private static List<Path> outboxFilesEverywhere() throws Exception {
        try (Stream<Path> files = Files.walk(dataDir.resolve("outbox"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void givenSameFileNameTwice_whenDropped_thenNothingOverwritten() throws Exception {
        List<Path> before = bundle.outboxFiles("category-items-v1");

        bundle.drop("category-items-v1", "again.txt", "1\n");
        bundle.awaitArchived("category-items-v1", "again.txt");
        bundle.drop("category-items-v1", "again.txt", "2\n");
        Path second = await().atMost(RunningBundle.PATIENCE)
                .until(() -> bundle.inbox("category-items-v1").resolve(".done/again-2.txt"), Files::exists);

        assertThat(read(bundle.inbox("category-items-v1").resolve(".done/again.txt"))).isEqualTo("1\n");
        assertThat(read(second)).isEqualTo("2\n");
        await().atMost(RunningBundle.PATIENCE)
                .until(() -> bundle.outboxFiles("category-items-v1").size() == before.size() + 2);
    }

    @Test
    void givenTitleStartingWithEquals_whenWritten_thenCellNeutralised() throws Exception {
        bundle.simulator.setItemCustomizer((endpoint, value, index, item) -> {
            if (index == 0) {
                item.put("title", "=HYPERLINK(\"http://x\")");
            }
        });
        List<Path> before = bundle.outboxFiles("shop-items-by-member");

        bundle.drop("shop-items-by-member", "formula.txt", "jane727\n");

        bundle.awaitArchived("shop-items-by-member", "formula.txt");
        List<CSVRecord> rows = csv(onlyNewOutbox("shop-items-by-member", before));
        assertThat(rows).extracting(r -> r.get("title")).contains("'=HYPERLINK(\"http://x\")")
                .noneMatch(t -> t.startsWith("="));
    }
}
