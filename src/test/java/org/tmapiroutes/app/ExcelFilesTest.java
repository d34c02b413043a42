package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;
import org.tmapiroutes.inbox.HostileWorkbooks;
import org.tmapiroutes.item.ProductRow;

/** Excel in and out through the real application: workbooks dropped into an inbox, written to the outbox, mailed. */
class ExcelFilesTest {

    /** The columns whose web addresses are links in the workbook. */
    private static final List<String> LINKS = List.of("product_url", "image_url", "shop_url");

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;

    /** A workbook as a person makes one in Excel: the category ids typed as numbers. */
    private static byte[] categoriesWorkbook(String secondSort) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook book = new Workbook(out, "Microsoft Excel", "16.0");
        Worksheet sheet = book.newWorksheet("Sheet1");
        sheet.value(0, 0, "cat_id");
        sheet.value(0, 1, "sort");
        sheet.value(0, 2, "max_pages");
        sheet.value(1, 0, 1031922);
        sheet.value(1, 1, "sales");
        sheet.value(1, 2, 1);
        sheet.value(2, 0, 201164002);
        sheet.value(2, 1, secondSort);
        sheet.value(2, 2, 1);
        book.finish();
        return out.toByteArray();
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(RunningBundle.read(file).substring(1))).getRecords();
    }

    private static List<Row> sheet(byte[] xlsx) throws Exception {
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            return book.getFirstSheet().read();
        }
    }

    private static List<Path> outbox(Path folder, String extension) {
        return RunningBundle.list(folder).stream().filter(p -> p.toString().endsWith(extension)).toList();
    }

    /** The xlsx holds what the CSV holds, cell by cell: text as text, numbers as numbers, booleans, links. */
    private static void assertSameProducts(List<CSVRecord> csvRows, List<Row> sheetRows) {
        assertSameProducts(csvRows, sheetRows, false);
    }

    /** @param separateFetches the two files come from two jobs, each with its own fetched_at */
    private static void assertSameProducts(List<CSVRecord> csvRows, List<Row> sheetRows, boolean separateFetches) {
        assertThat(sheetRows).hasSize(1 + csvRows.size());
        List<String> header = sheetRows.get(0).stream().map(Cell::getText).toList();
        assertThat(header).isEqualTo(csvRows.get(0).getParser().getHeaderNames());
        for (int i = 0; i < csvRows.size(); i++) {
            CSVRecord expected = csvRows.get(i);
            Row row = sheetRows.get(i + 1);
            for (ProductRow.Column column : ProductRow.COLUMNS) {
                if (separateFetches && column.name().equals("fetched_at")) {
                    continue;
                }
                int c = header.indexOf(column.name());
                String value = expected.get(column.name());
                Cell cell = row.getCell(c);
                if (value.isEmpty()) {
                    assertThat(cell == null || cell.getType() == CellType.EMPTY).as(column.name()).isTrue();
                } else if (column.kind() == ProductRow.Kind.NUMBER) {
                    assertThat(cell.getType()).as(column.name()).isEqualTo(CellType.NUMBER);
                    assertThat(cell.asNumber()).as(column.name()).isEqualByComparingTo(new BigDecimal(value));
                } else if (column.kind() == ProductRow.Kind.BOOLEAN) {
                    assertThat(cell.getType()).as(column.name()).isEqualTo(CellType.BOOLEAN);
                    assertThat(cell.asBoolean()).as(column.name()).isEqualTo(Boolean.parseBoolean(value));
                } else if (LINKS.contains(column.name())) {
                    assertThat(cell.getType()).as(column.name()).isEqualTo(CellType.FORMULA);
                    assertThat(cell.getFormula()).as(column.name())
                            .isEqualTo("HYPERLINK(\"" + value + "\",\"" + value + "\")");
                } else {
                    assertThat(cell.getType()).as(column.name()).isEqualTo(CellType.STRING);
                    assertThat(cell.asString()).as(column.name()).isEqualTo(value);
                }
            }
        }
    }

    @Test
    void givenAWorkbookDroppedAndOutputFormatCsvAndXlsx_whenFetched_thenBothFilesUnderOneNameWithTheSameProducts()
            throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                Map.of("output.format", "csv,xlsx"))) {
            bundle.drop("category-items", "best.xlsx", categoriesWorkbook("price_up"));

            assertThat(bundle.awaitArchived("category-items", "best.xlsx").getParent().getFileName())
                    .hasToString(".done");
            Path folder = bundle.outbox("category-items");
            List<Path> csvFiles = outbox(folder, ".csv");
            List<Path> xlsxFiles = outbox(folder, ".xlsx");
            assertThat(csvFiles).singleElement().asString().matches(".*best-\\d{8}-\\d{6}\\.csv");
            assertThat(xlsxFiles).singleElement().asString()
                    .isEqualTo(csvFiles.get(0).toString().replace(".csv", ".xlsx"));
            assertThat(RunningBundle.list(folder)).as("no temporary file left").hasSize(2);
            List<CSVRecord> rows = csv(csvFiles.get(0));
            assertThat(rows).hasSize(40).extracting(r -> r.get("query")).containsOnly("1031922", "201164002");
            assertSameProducts(rows, sheet(Files.readAllBytes(xlsxFiles.get(0))));
            assertThat(bundle.simulator.requests()).extracting(r -> r.parameter("cat_id") + "/" + r.parameter("sort"))
                    .containsExactlyInAnyOrder("1031922/sales", "201164002/price_up");
        }
    }

    @Test
    void givenAWorkbookWithABadRow_whenDropped_thenRejectedNamingTheSheetsRowAndNoRequest() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir)) {
            bundle.drop("category-items", "bad.xlsx", categoriesWorkbook("cheapest"));

            Path archived = bundle.awaitArchived("category-items", "bad.xlsx");
            assertThat(archived.getParent().getFileName()).hasToString(".error");
            assertThat(RunningBundle.read(archived.resolveSibling("bad.xlsx.error.txt")))
                    .contains("line 3: sort 'cheapest' is not allowed; allowed values: default, sales, price_up, "
                            + "price_down").contains("no TMAPI request was made");
            assertThat(bundle.simulator.requestCount()).isZero();
        }
    }

    @Test
    void givenAWorkbookOverTheRowLimit_whenDropped_thenSetAsideWithTheLimitInTheUsersWordsAndNoRequest()
            throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of("inbox.max-rows", "2"))) {
            byte[] workbook = categoriesWorkbook("sales");
            bundle.drop("category-items", "long.xlsx", workbook);

            Path archived = bundle.awaitArchived("category-items", "long.xlsx");
            assertThat(archived.getParent().getFileName()).hasToString(".error");
            assertThat(Files.readAllBytes(archived)).as("the input kept as it was").isEqualTo(workbook);
            assertThat(RunningBundle.read(archived.resolveSibling("long.xlsx.error.txt")))
                    .contains("the workbook's first sheet has more than 2 rows (inbox.max-rows); split it into several"
                            + " files, or raise inbox.max-rows").doesNotContain("Exception");
            assertThat(bundle.simulator.requestCount()).isZero();
        }
    }

    /** Each hostile or broken workbook, and the sentence its .error.txt gives the user. */
    static Stream<Arguments> hostileWorkbooks() {
        return Stream.of(
                Arguments.of("zip-bomb.xlsx", HostileWorkbooks.zipBomb(), "the workbook unpacks to more than 2 MB"
                        + " (inbox.max-workbook-mb), more than a list of queries needs; split it, or raise"
                        + " inbox.max-workbook-mb"),
                Arguments.of("external-entity.xlsx", HostileWorkbooks.externalEntity(), DECLARATIONS),
                Arguments.of("billion-laughs.xlsx", HostileWorkbooks.billionLaughs(), DECLARATIONS),
                Arguments.of("password.xlsx", HostileWorkbooks.passwordProtected(), "the workbook is protected with a"
                        + " password, so it cannot be read; open it in Excel, remove the password (File > Info >"
                        + " Protect Workbook > Encrypt with Password), save and drop it again"),
                Arguments.of("typed-text.xlsx", HostileWorkbooks.notAWorkbook(), "the file is not an Excel workbook"
                        + " (.xlsx); open it in Excel and save it as an Excel Workbook (.xlsx), or as CSV (.csv) or"
                        + " Text (.txt), and drop it in again"),
                Arguments.of("wide.xlsx", HostileWorkbooks.cells(10_001), "the workbook's first sheet has more than"
                        + " 10,000 cells (inbox.max-cells); keep only the columns of the queries, or raise"
                        + " inbox.max-cells"));
    }

    private static final String DECLARATIONS = "the workbook holds a document type declaration (<!DOCTYPE …>), which"
            + " Excel never writes and which can make a reader fetch other files or expand text without end, so it is"
            + " not read; open it in Excel and save it again as an Excel Workbook (.xlsx)";

    @Test
    void givenHostileWorkbooks_whenDropped_thenEachIsSetAsideWithTheUsersSentenceAndNoRequest() throws Exception {
        List<Arguments> cases = hostileWorkbooks().toList();
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                Map.of("inbox.max-workbook-mb", "2", "inbox.max-cells", "10000"))) {
            for (Arguments hostile : cases) {
                bundle.drop("category-items", (String) hostile.get()[0], (byte[]) hostile.get()[1]);
            }
            org.assertj.core.api.SoftAssertions.assertSoftly(softly -> {
                for (Arguments hostile : cases) {
                    String name = (String) hostile.get()[0];
                    Path archived = bundle.awaitArchived("category-items", name);
                    softly.assertThat(archived.getParent().getFileName()).as(name).hasToString(".error");
                    softly.assertThat(read(archived)).as(name + ": the input kept as it was")
                            .isEqualTo(hostile.get()[1]);
                    String report = RunningBundle.read(archived.resolveSibling(name + ".error.txt"));
                    softly.assertThat(report).as(name).contains((String) hostile.get()[2])
                            .contains("no TMAPI request was made").doesNotContain("Exception")
                            .doesNotContainPattern("\\b(java|javax|org|com)\\.[a-z]+\\.");
                }
            });
            assertThat(bundle.simulator.requestCount()).isZero();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void givenAFlowWithItsOwnFormat_whenItsFileIsFetched_thenOnlyAnXlsxWhileTheOtherFlowsWriteCsv() throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        RunningBundle.save(routesDir, "shops-for-excel-inbox.camel.yaml", """
                # shops-for-excel-inbox: shop links dropped into data/inbox/shops-for-excel/ become Excel workbooks.
                # Trigger: a .csv, .xlsx or .txt file in the folder.
                # Keys:    those of inbox-flow.camel.yaml.
                - templatedRoute:
                    routeTemplateRef: inbox-flow
                    routeId: shops-for-excel-inbox
                    parameters:
                      - name: folder
                        value: shops-for-excel
                      - name: endpoint
                        value: shop-items
                      - name: format
                        value: xlsx
                """);
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of())) {
            bundle.drop("shops-for-excel", "shops.txt", "https://xldjjg.1688.com/\n");
            bundle.drop("shop-items", "shops.txt", "https://xldjjg.1688.com/\n");

            bundle.awaitArchived("shops-for-excel", "shops.txt");
            bundle.awaitArchived("shop-items", "shops.txt");
            await().atMost(RunningBundle.PATIENCE).until(() -> RunningBundle.list(bundle.outbox("shop-items")).size() == 2);
            assertThat(RunningBundle.list(bundle.outbox("shop-items"))).extracting(p -> p.getFileName().toString()
                    .replaceAll("-\\d{8}-\\d{6}(-\\d+)?", "")).containsExactlyInAnyOrder("shops.csv", "shops.xlsx");
            Path workbook = outbox(bundle.outbox("shop-items"), ".xlsx").get(0);
            Path text = outbox(bundle.outbox("shop-items"), ".csv").get(0);
            assertSameProducts(csv(text), sheet(Files.readAllBytes(workbook)), true);
        }
    }

    @Test
    void givenAFlowWithAWrongFormat_whenAFileIsDropped_thenItIsSetAsideWithTheReasonBeforeAnyCall(@TempDir Path routes)
            throws Exception {
        RunningBundle.copyShippedRoutes(routes);
        try (RunningBundle bundle = RunningBundle.start(dataDir, routes, Map.of())) {
            // a route file naming it is refused at start and on save: the flow is made through Camel's API instead
            bundle.context().addRouteFromTemplate("shops-typo-inbox", "inbox-flow", Map.of("folder", "shops-typo",
                    "endpoint", "shop-items", "format", "xslx"));
            bundle.drop("shops-typo", "shops.txt", "https://xldjjg.1688.com/\n");

            assertThat(bundle.awaitArchived("shops-typo", "shops.txt").getParent().getFileName()).hasToString(".error");
            assertThat(RunningBundle.read(bundle.inbox("shops-typo").resolve(".error/shops.txt.error.txt")))
                    .contains("the flow shops-typo-inbox names a wrong output format")
                    .contains("'xslx' is not allowed; allowed values: csv, xlsx, shopify, or several of them comma-separated (csv,xlsx)")
                    .contains("no TMAPI request was made");
            assertThat(bundle.simulator.requestCount()).isZero();
        }
    }

    @Test
    void givenOutputFormatXlsx_whenTheEmailReportRuns_thenTheWorkbookIsAttachedAndKeptInTheOutbox() throws Exception {
        GreenMail smtp = RunningBundle.startSmtp(RunningBundle.freePort());
        try {
            Map<String, String> settings = new HashMap<>();
            settings.put("output.format", "xlsx");
            settings.put("report.category.enabled", "true");
            settings.put("report.category.cron", RunningBundle.FAR_AWAY_CRON);
            settings.put("report.category.cat-id", "1031922");
            settings.put("report.from", "reports@example.com");
            settings.put("report.to", "buyer@example.com");
            settings.put("smtp.host", "127.0.0.1");
            settings.put("smtp.port", String.valueOf(smtp.getSmtp().getPort()));
            settings.put("smtp.starttls", "false");
            settings.put("delivery.retry-seconds", "1");
            try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
                bundle.fire("category-email-report");

                await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);
                MimeMessage mail = smtp.getReceivedMessages()[0];
                List<Part> attachments = ReceivedMail.attachments(mail);
                assertThat(attachments).singleElement().satisfies(a -> {
                    assertThat(a.getFileName()).matches("category-email-report-\\d{8}-\\d{6}\\.xlsx");
                    assertThat(a.isMimeType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                            .isTrue();
                });
                byte[] workbook = ReceivedMail.bytes(attachments.get(0));
                Path copy = dataDir.resolve("outbox/category-email-report").resolve(attachments.get(0).getFileName());
                assertThat(workbook).isEqualTo(Files.readAllBytes(copy));
                List<Row> rows = sheet(workbook);
                assertThat(rows).as("the header and the category's 45 products").hasSize(1 + 45);
                assertThat(rows.get(1).getCell(2).getType()).as("item_id as text").isEqualTo(CellType.STRING);
                assertThat(rows.get(1).getCell(7).getType()).as("price as a number").isEqualTo(CellType.NUMBER);
            }
        } finally {
            smtp.stop();
        }
    }
}
