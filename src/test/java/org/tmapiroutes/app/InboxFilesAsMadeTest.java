package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inbox files with the bytes the programs people use really write — Chinese Excel, Excel's "Unicode text", European
 * Excel, editors that keep a file open — and files that must never be read, through the real inbox flows: an accepted
 * file gives its complete output, a rejected one costs no TMAPI call and says why in the user's words.
 */
class InboxFilesAsMadeTest {

    private static final Charset GB18030 = Charset.forName("GB18030");

    @TempDir
    static Path dataDir;
    static RunningBundle bundle;
    static CapturedLog log;

    @BeforeAll
    static void start() {
        log = CapturedLog.info();
        bundle = RunningBundle.start(dataDir);
    }

    @AfterAll
    static void stop() {
        bundle.close();
        log.close();
    }

    @BeforeEach
    void reset() {
        bundle.simulator.resetCounters();
        bundle.simulator.setItemsPerQuery(3);
    }

    private static List<CSVRecord> rows(Path outbox) throws Exception {
        String text = RunningBundle.read(outbox).substring(1);
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))
                .getRecords();
    }

    private static Path outboxOf(String endpointId, String base) {
        return bundle.outboxFiles(endpointId).stream().filter(p -> p.getFileName().toString().startsWith(base + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no outbox file for " + base));
    }

    private static String errorReport(String endpointId, String archivedName) {
        return RunningBundle.read(bundle.inbox(endpointId).resolve(".error").resolve(archivedName + ".error.txt"));
    }

    @Test
    void givenGbkCsvFromChineseExcel_whenDropped_thenReadAsGb18030AndTheChineseValueReachesTmapi() throws Exception {
        byte[] bytes = "shop_url,cat\r\nhttps://xldjjg.1688.com/,太阳镜\r\n".getBytes(GB18030);

        bundle.drop("shop-items", "店铺.csv", bytes);

        assertThat(bundle.awaitArchived("shop-items", "店铺.csv").getParent().getFileName()).hasToString(".done");
        assertThat(bundle.simulator.requests()).extracting(r -> r.parameter("cat")).containsOnly("太阳镜");
        assertThat(rows(outboxOf("shop-items", "店铺"))).hasSize(3);
        assertThat(log.text()).contains("店铺.csv: 1 query accepted (read as GB18030, separator ',')");
    }

    @Test
    void givenUtf16UnicodeTextFromExcel_whenDropped_thenTabSeparatedQueriesAreAllFetched() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        bytes.write("cat_id\tsort\r\n1031922\tsales\r\n201164002\tprice_up\r\n".getBytes(StandardCharsets.UTF_16LE));

        bundle.drop("category-items", "unicode.csv", bytes.toByteArray());

        assertThat(bundle.awaitArchived("category-items", "unicode.csv").getParent().getFileName()).hasToString(".done");
        assertThat(rows(outboxOf("category-items", "unicode"))).extracting(r -> r.get("query"))
                .containsExactly("1031922", "1031922", "1031922", "201164002", "201164002", "201164002");
        assertThat(log.text()).contains("unicode.csv: 2 queries accepted (read as UTF-16LE with BOM, separator tab)");
    }

    @Test
    void givenSemicolonCsvWithCrlfAndTrailingEmptyColumns_whenDropped_thenEveryQueryIsFetched() throws Exception {
        byte[] bytes = "cat_id;sort;price_end;;\r\n1031922;sales;50;;\r\n201164002;price_up;;;\r\n"
                .getBytes(StandardCharsets.UTF_8);

        bundle.drop("category-items", "european.csv", bytes);

        assertThat(bundle.awaitArchived("category-items", "european.csv").getParent().getFileName())
                .hasToString(".done");
        assertThat(bundle.simulator.requests()).extracting(r -> r.parameter("cat_id"))
                .containsExactlyInAnyOrder("1031922", "201164002");
        assertThat(bundle.simulator.requests()).filteredOn(r -> "1031922".equals(r.parameter("cat_id")))
                .extracting(r -> r.parameter("price_end")).containsOnly("50");
        assertThat(log.text()).contains("european.csv: 2 queries accepted (read as UTF-8, separator ';')");
    }

    @Test
    void givenAFileWrittenALineASecondThroughOneHandle_whenItIsBeingWritten_thenItIsReadOnlyWholeOnce(
            @TempDir Path ownData) throws Exception {
        List<String> lines = List.of("1031922", "201164002", "1031910", "1031911", "1031912");
        // the shipped quiet time (3 s), longer than the writer's pauses
        try (RunningBundle slow = RunningBundle.start(ownData, Path.of("routes"), Map.of("inbox.quiet-seconds", "3"))) {
            slow.simulator.setItemsPerQuery(3);
            Path target = Files.createDirectories(slow.inbox("category-items")).resolve("slow.txt");
            ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
            try (OutputStream out = Files.newOutputStream(target)) {
                for (String line : lines) {
                    // one line a second through the same open handle, as a slow export or a person typing
                    writer.schedule(() -> {
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        return null;
                    }, 1, TimeUnit.SECONDS).get();
                }
            } finally {
                writer.shutdownNow();
            }

            assertThat(slow.awaitArchived("category-items", "slow.txt").getParent().getFileName())
                    .hasToString(".done");
            assertThat(slow.simulator.requests()).extracting(r -> r.parameter("cat_id"))
                    .containsExactlyInAnyOrderElementsOf(lines);
            assertThat(slow.outboxFiles("category-items")).hasSize(1);
        }
    }

    @Test
    void givenASymbolicLinkToAFileOutsideTheInbox_whenDropped_thenItIsNeverReadAndMovesToErrorWithANote()
            throws Exception {
        Path secret = Files.writeString(dataDir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Path inbox = Files.createDirectories(bundle.inbox("category-items"));

        Files.createSymbolicLink(inbox.resolve("linked.txt"), secret);

        Path archived = bundle.awaitArchived("category-items", "linked.txt");
        assertThat(archived.getParent().getFileName()).hasToString(".error");
        assertThat(Files.isSymbolicLink(archived)).as("the link itself was moved").isTrue();
        String report = errorReport("category-items", "linked.txt");
        assertThat(report).contains("symbolic link").contains("never followed or read").doesNotContain("root:");
        assertThat(bundle.simulator.requestCount()).isZero();
        assertThat(log.text()).doesNotContain("root:x");
    }

    @Test
    void givenANewlineInTheFileName_whenDropped_thenNoLogLineIsForgedAndTheOutputNameIsClean() throws Exception {
        bundle.drop("category-items", "two\nlines.txt", "1031922\n");

        Path done = bundle.inbox("category-items").resolve(".done").resolve("twolines.txt");
        await().atMost(RunningBundle.PATIENCE).until(() -> Files.exists(done));
        assertThat(log.text()).contains("twolines.txt: 1 query accepted").doesNotContain("two\nlines");
        assertThat(bundle.outboxFiles("category-items")).anyMatch(p -> p.getFileName().toString()
                .matches("twolines-\\d{8}-\\d{6}\\.csv"));
    }

    @Test
    void givenAFiveMegabyteLine_whenDropped_thenRejectedWithTwoHundredCharactersQuotedAndNoCall() throws Exception {
        String huge = "9".repeat(5 * 1024 * 1024);

        bundle.drop("category-items", "huge.txt", "1031922\n" + huge + "\n");

        assertThat(bundle.awaitArchived("category-items", "huge.txt").getParent().getFileName()).hasToString(".error");
        String report = errorReport("category-items", "huge.txt");
        assertThat(report).contains("line 2: cat_id is 5242880 characters long, more than the 2000")
                .contains("'" + "9".repeat(200) + "…'").doesNotContain("9".repeat(201));
        assertThat(report.length()).isLessThan(1000);
        assertThat(log.text().lines().mapToInt(String::length).max().orElse(0)).isLessThan(2000);
        assertThat(bundle.simulator.requestCount()).isZero();
    }

    @Test
    void givenATextFileWhoseFirstLineNamesTheColumn_whenDropped_thenThatLineIsNoQuery() throws Exception {
        bundle.drop("image-search", "pictures.txt", "img_url\r\nhttps://cbu01.alicdn.com/img/ibank/a.jpg\r\n");

        assertThat(bundle.awaitArchived("image-search", "pictures.txt").getParent().getFileName())
                .hasToString(".done");
        assertThat(bundle.simulator.requests()).extracting(r -> r.parameter("img_url"))
                .containsOnly("https://cbu01.alicdn.com/img/ibank/a.jpg");
    }

    @Test
    void givenValuesThatAreNoLinks_whenDropped_thenEachBadLineIsNamedAndNoCallIsMade() throws Exception {
        bundle.drop("shop-items", "not-links.txt", "https://xldjjg.1688.com/\nxldjjg shop\n");
        bundle.drop("image-search", "not-pictures.csv", "img_url\n/search/imgextra/ok.jpg\nphoto.jpg\n");

        assertThat(bundle.awaitArchived("shop-items", "not-links.txt").getParent().getFileName()).hasToString(".error");
        assertThat(bundle.awaitArchived("image-search", "not-pictures.csv").getParent().getFileName())
                .hasToString(".error");
        assertThat(errorReport("shop-items", "not-links.txt"))
                .contains("line 2: shop_url 'xldjjg shop' is not a link").doesNotContain("line 1:");
        assertThat(errorReport("image-search", "not-pictures.csv"))
                .contains("line 3: img_url 'photo.jpg' is not a link to a picture").doesNotContain("line 2:");
        assertThat(bundle.simulator.requestCount()).isZero();
    }

    @Test
    void givenHeadersASpreadsheetGetsWrong_whenDropped_thenTheReasonsAreTheUsersWordsNotTheLibrarys()
            throws Exception {
        bundle.drop("category-items", "twice.csv", "cat_id,sort,sort\n1031922,sales,sales\n");
        bundle.drop("category-items", "gap.csv", "cat_id,,sort\n1031922,,sales\n");
        bundle.drop("category-items", "quote.csv", "cat_id,sort\n1031922,sales\n\"201164002,sales\n");

        for (String name : List.of("twice.csv", "gap.csv", "quote.csv")) {
            assertThat(bundle.awaitArchived("category-items", name).getParent().getFileName()).hasToString(".error");
        }
        assertThat(errorReport("category-items", "twice.csv"))
                .contains("line 1: the column 'sort' appears twice (columns 2 and 3)");
        assertThat(errorReport("category-items", "gap.csv")).contains("line 1: column 2 has no name");
        assertThat(errorReport("category-items", "quote.csv"))
                .contains("line 3: a quote (\") opened on this line is never closed");
        assertThat(log.text()).doesNotContain("CSVFormat").doesNotContain("DuplicateHeaderMode")
                .doesNotContain("encapsulated token");
        assertThat(bundle.simulator.requestCount()).isZero();
    }

    @Test
    void givenBytesNoEncodingReads_whenDropped_thenTheLineHoldingThemIsNamed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("cat_id\n1031922\n".getBytes(StandardCharsets.UTF_8));
        bytes.write(new byte[] {'2', (byte) 0xFF, '3', '\n'});

        bundle.drop("category-items", "binary.csv", bytes.toByteArray());

        assertThat(bundle.awaitArchived("category-items", "binary.csv").getParent().getFileName()).hasToString(".error");
        assertThat(errorReport("category-items", "binary.csv")).contains("line 3: this line holds bytes that are "
                + "neither UTF-8, UTF-16 nor GB18030 text; save the file as \"CSV UTF-8\"");
        assertThat(bundle.simulator.requestCount()).isZero();
    }

    @Test
    void givenAVeryLongFileName_whenDropped_thenEveryFileWrittenForItHasAShortUniqueName() throws Exception {
        String name = "a".repeat(240) + ".txt";

        bundle.drop("category-items", name, "1031922\n");

        Path archived = await().atMost(RunningBundle.PATIENCE).until(() -> RunningBundle.list(
                bundle.inbox("category-items").resolve(".done")).stream()
                .filter(p -> p.getFileName().toString().startsWith("aaaa")).findFirst().orElse(null), p -> p != null);
        assertThat(archived.getFileName().toString()).hasSizeLessThanOrEqualTo(100).endsWith(".txt");
        assertThat(bundle.outboxFiles("category-items")).filteredOn(p -> p.getFileName().toString().startsWith("aaaa"))
                .singleElement().satisfies(p -> assertThat(p.getFileName().toString()).hasSizeLessThan(130));
        assertThat(bundle.simulator.requestCount()).as("its one page bought once, the file never taken again").isEqualTo(1);
    }
}
