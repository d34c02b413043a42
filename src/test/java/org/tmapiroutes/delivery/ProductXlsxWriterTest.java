package org.tmapiroutes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.tmapiroutes.item.ProductRow;

/** The products as an Excel workbook, read back with the reader library cell by cell. */
class ProductXlsxWriterTest {

    private final ProductXlsxWriter writer = new ProductXlsxWriter();

    static ProductRow product(int n) {
        ProductRow row = new ProductRow();
        row.setSource("category-items");
        row.setQuery("1031922");
        row.setItemId("99118872858" + n);
        row.setTitle(n == 0 ? "=HYPERLINK(\"http://x\") 太阳镜 & <b>" : "太阳镜 " + n);
        row.setProductUrl("https://detail.1688.com/offer/99118872858" + n + ".html");
        row.setImageUrl("https://cbu01.alicdn.com/img/ibank/O1CN01l1_!!22-0-cib.jpg?a=1&b=2");
        row.setPrice(new BigDecimal("0.60"));
        row.setCurrency("CNY");
        row.setMoq(2L);
        row.setSales(100000L);
        row.setRepurchaseRate(new BigDecimal("0.3846"));
        row.setFreeShipping(n % 2 == 0);
        row.setShopYears(3);
        row.setShopUrl("not a link");
        row.setFetchedAt("2026-11-22T08:00:00Z");
        return row;
    }

    private static List<Row> rowsOf(byte[] xlsx) throws IOException {
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(book.getFirstSheet().getName()).isEqualTo("products");
            return book.getFirstSheet().read();
        }
    }

    private static int column(String name) {
        List<String> names = ProductRow.COLUMNS.stream().map(ProductRow.Column::name).toList();
        return names.indexOf(name);
    }

    /** The sheet's own XML, for what the reader library does not show: the frozen pane and the auto filter. */
    private static String sheetXml(byte[] xlsx) throws IOException {
        return part(xlsx, "xl/worksheets/sheet1.xml");
    }

    private static String part(byte[] xlsx, String name) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("products", ".xlsx");
        try {
            java.nio.file.Files.write(file, xlsx);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                ZipEntry entry = zip.getEntry(name);
                assertThat(entry).isNotNull();
                try (java.io.InputStream in = zip.getInputStream(entry)) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void givenProducts_whenWritten_thenTheCsvColumnsWithIdsAsTextNumbersAsNumbersAndLinksAsLinks() throws Exception {
        ProductRow first = product(0);
        first.getExtras().put("retail_price", new BigDecimal("4.50"));
        first.getExtras().put("note", "-cheap");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        writer.write(List.of(first, product(1)), List.of("old_price"), out);

        List<Row> rows = rowsOf(out.toByteArray());
        assertThat(rows).hasSize(3);
        List<String> header = rows.get(0).stream().map(Cell::getText).toList();
        assertThat(header).isEqualTo(ProductCsvWriter.header(List.of(first), List.of("old_price")));
        assertThat(header.subList(header.size() - 3, header.size())).containsExactly("old_price", "retail_price", "note");
        Row row = rows.get(1);
        Cell itemId = row.getCell(column("item_id"));
        assertThat(itemId.getType()).isEqualTo(CellType.STRING);
        assertThat(itemId.asString()).isEqualTo("991188728580");
        assertThat(row.getCell(column("query")).getType()).isEqualTo(CellType.STRING);
        assertThat(row.getCell(column("title")).asString()).as("text, not a formula, and no guard needed")
                .isEqualTo("=HYPERLINK(\"http://x\") 太阳镜 & <b>");
        assertThat(row.getCell(column("price")).getType()).isEqualTo(CellType.NUMBER);
        assertThat(row.getCell(column("price")).asNumber()).isEqualByComparingTo("0.60");
        assertThat(row.getCell(column("repurchase_rate")).asNumber()).isEqualByComparingTo("0.3846");
        assertThat(row.getCell(column("sales")).asNumber()).isEqualByComparingTo("100000");
        assertThat(row.getCell(column("shop_years")).asNumber()).isEqualByComparingTo("3");
        assertThat(row.getCell(column("free_shipping")).getType()).isEqualTo(CellType.BOOLEAN);
        assertThat(row.getCell(column("free_shipping")).asBoolean()).isTrue();
        assertThat(rows.get(2).getCell(column("free_shipping")).asBoolean()).isFalse();
        Cell unknown = row.getCell(column("sale_price"));
        assertThat(unknown == null || unknown.getType() == CellType.EMPTY).as("unknown stays empty").isTrue();
        Cell link = row.getCell(column("product_url"));
        assertThat(link.getType()).isEqualTo(CellType.FORMULA);
        assertThat(link.getFormula()).isEqualTo("HYPERLINK(\"https://detail.1688.com/offer/991188728580.html\","
                + "\"https://detail.1688.com/offer/991188728580.html\")");
        assertThat(row.getCell(column("image_url")).getFormula())
                .isEqualTo("HYPERLINK(\"https://cbu01.alicdn.com/img/ibank/O1CN01l1_!!22-0-cib.jpg?a=1&b=2\","
                        + "\"https://cbu01.alicdn.com/img/ibank/O1CN01l1_!!22-0-cib.jpg?a=1&b=2\")");
        assertThat(row.getCell(column("shop_url")).getType()).as("not a web link: text").isEqualTo(CellType.STRING);
        assertThat(row.getCell(column("fetched_at")).asString()).isEqualTo("2026-11-22T08:00:00Z");
        assertThat(row.getCell(header.indexOf("retail_price")).asNumber()).isEqualByComparingTo("4.50");
        assertThat(row.getCell(header.indexOf("note")).asString()).isEqualTo("-cheap");
    }

    @Test
    void givenLinks_whenWritten_thenTheirColourIsTheEightDigitArgbEveryReaderTakes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        writer.write(List.of(product(0)), List.of(), out);

        // Gnumeric and LibreOffice read only ARGB (FF0563C1); Excel takes both
        String styles = part(out.toByteArray(), "xl/styles.xml");
        assertThat(styles).contains("rgb=\"FF0563C1\"").doesNotContainPattern("rgb=\"[0-9A-Fa-f]{6}\"");
    }

    @Test
    void givenProducts_whenWritten_thenTheHeaderRowIsFrozenWithAnAutoFilterOverEveryRow() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        writer.write(List.of(product(0), product(1), product(2)), List.of(), out);

        String sheet = sheetXml(out.toByteArray());
        assertThat(sheet).containsPattern("<pane [^>]*ySplit=\"1\"[^>]*state=\"frozen\"")
                .contains("<autoFilter ref=\"A1:AF4\">");
        assertThat(rowsOf(out.toByteArray()).get(0).getCell(0).getText()).isEqualTo("source");
    }

    @Test
    void givenNoProducts_whenWritten_thenTheHeaderRowAlone() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        writer.write(List.of(), List.of(), out);

        assertThat(rowsOf(out.toByteArray())).singleElement()
                .satisfies(r -> assertThat(r.getCellCount()).isEqualTo(ProductRow.COLUMNS.size()));
    }

    @Test
    void givenManyProducts_whenWritten_thenTheFileLeavesWhileRowsAreStillBeingHandedOver() throws Exception {
        int total = 20 * ProductXlsxWriter.ROWS_PER_FLUSH;
        CountingStream out = new CountingStream();
        List<Long> writtenWhenHandedOver = new ArrayList<>();
        List<ProductRow> rows = new AbstractList<>() {
            @Override
            public ProductRow get(int index) {
                return product(index);
            }

            @Override
            public int size() {
                return total;
            }

            @Override
            public java.util.Iterator<ProductRow> iterator() {
                java.util.Iterator<ProductRow> rows = super.iterator();
                return new java.util.Iterator<>() {
                    int handedOver;

                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public ProductRow next() {
                        if (++handedOver % ProductXlsxWriter.ROWS_PER_FLUSH == 1) {
                            writtenWhenHandedOver.add(out.count);
                        }
                        return rows.next();
                    }
                };
            }
        };

        writer.write(rows, List.of(), out);

        // the header is read in a first pass (the added columns); while the rows are written, the batches go out
        // as the next ones are handed over: the writer holds a batch, never the whole sheet
        List<Long> whileWriting = writtenWhenHandedOver.subList(writtenWhenHandedOver.size() - 20,
                writtenWhenHandedOver.size());
        // (the zip's compressor sends its output on in blocks of some batches)
        assertThat(whileWriting).isSorted();
        assertThat(new java.util.HashSet<>(whileWriting)).as("the file grew all along").hasSizeGreaterThan(8);
        assertThat(whileWriting.get(19)).isGreaterThan(out.count / 2);
    }

    /** Counts the bytes that left for the file. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
