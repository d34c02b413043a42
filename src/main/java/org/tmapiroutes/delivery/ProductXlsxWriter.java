package org.tmapiroutes.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.item.SourcingRecords;

/**
 * Writes products as an Excel workbook (.xlsx) with the columns of the CSV: one sheet, the header row frozen with an
 * auto filter, ids and other text as text, numbers as numbers, booleans as booleans, and links as links. It streams:
 * rows leave for the output every {@value #ROWS_PER_FLUSH} rows, so memory does not grow with the rows.
 *
 * <p>Links are {@code HYPERLINK} formulas rather than the sheet's list of hyperlinks: that list comes after all rows in
 * the file, so a streaming writer would have to hold one entry per link in memory until the end. Text cells are
 * written as inline strings (no shared-string table to hold) and need no formula guard: in a workbook a text cell is
 * never run as a formula.
 */
public final class ProductXlsxWriter {

    static final int ROWS_PER_FLUSH = 200;
    /** The sheet's name. */
    public static final String SHEET = "products";
    /** The columns whose values are links. */
    static final Set<String> LINK_COLUMNS = Set.of("product_url", "image_url", "shop_url", "sku_image_url",
            "detail_img", "factory_url", "shop_logo");
    /** Excel's HYPERLINK takes a link of 255 characters at most; a longer one is written as text. */
    private static final int MAX_LINK = 255;
    private static final Pattern WEB_LINK = Pattern.compile("(?i)https?://[^\\s\"<>]+");

    /**
     * @param alwaysAdded added columns the sheet has even when no row holds them, like the CSV's
     */
    public void write(List<ProductRow> rows, List<String> alwaysAdded, OutputStream out) throws IOException {
        List<String> header = ProductCsvWriter.header(rows, alwaysAdded);
        writeSheet(rows, SourcingRecords.columns(rows), header, out);
    }

    /**
     * The sheet of products read as they go (e.g. from the state store), under this header row: these columns (§7's,
     * or a §15 endpoint's), then the added ones.
     */
    void writeSheet(Iterable<ProductRow> rows, List<ProductRow.Column> columns, List<String> header, OutputStream out)
            throws IOException {
        List<String> extras = header.subList(columns.size(), header.size());
        Workbook workbook = new Workbook(out, "tmapi-routes", "1.0");
        Worksheet sheet = workbook.newWorksheet(SHEET);
        for (int c = 0; c < header.size(); c++) {
            sheet.inlineString(0, c, header.get(c));
            sheet.width(c, width(header.get(c)));
        }
        sheet.range(0, 0, 0, header.size() - 1).style().bold().set();
        sheet.freezePane(0, 1);
        int r = 0;
        for (ProductRow row : rows) {
            r++;
            int c = 0;
            for (ProductRow.Column column : columns) {
                Object value = column.value().apply(row);
                if (column.kind() == ProductRow.Kind.TEXT) {
                    text(sheet, r, c, column.name(), value);
                } else {
                    typed(sheet, r, c, value);
                }
                c++;
            }
            for (String extra : extras) {
                Object value = row.getExtras().get(extra);
                if (value instanceof Number || value instanceof Boolean) {
                    typed(sheet, r, c, value);
                } else {
                    text(sheet, r, c, extra, value);
                }
                c++;
            }
            if (r % ROWS_PER_FLUSH == 0) {
                sheet.flush();
            }
        }
        sheet.setAutoFilter(0, 0, r, header.size() - 1);
        sheet.finish();
        workbook.finish();
    }

    private static void text(Worksheet sheet, int r, int c, String column, Object value) {
        if (value == null) {
            return;
        }
        String text = value.toString();
        if (LINK_COLUMNS.contains(column) && text.length() <= MAX_LINK && WEB_LINK.matcher(text).matches()) {
            // a web link holds no quote (WEB_LINK); fastexcel writes a formula as it is, the XML escaping is ours
            sheet.formula(r, c, xml("HYPERLINK(\"" + text + "\",\"" + text + "\")"));
            sheet.style(r, c).fontColor("FF0563C1").underlined().set();
        } else {
            sheet.inlineString(r, c, text);
        }
    }

    private static void typed(Worksheet sheet, int r, int c, Object value) {
        if (value instanceof BigDecimal decimal) {
            sheet.value(r, c, decimal);
        } else if (value instanceof Number number) {
            sheet.value(r, c, number);
        } else if (value instanceof Boolean flag) {
            sheet.value(r, c, flag);
        } else if (value != null) {
            sheet.inlineString(r, c, value.toString());
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Column widths that fit what the columns usually hold. */
    private static double width(String column) {
        return switch (column) {
            case "title", "title_origin" -> 48;
            case "product_url", "image_url", "shop_url", "query" -> 36;
            case "shop_name" -> 28;
            case "created_time", "fetched_at", "category_path" -> 22;
            case "item_id", "seller_login_id", "source" -> 16;
            default -> Math.max(10, column.length() + 2);
        };
    }
}
