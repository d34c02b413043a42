package org.tmapiroutes.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.item.SourcingRecords;

/**
 * Writes products as the SPEC §7 CSV: UTF-8 with BOM, the §7 columns in order then any added columns, RFC 4180
 * quoting, plain numbers, {@code true}/{@code false}, and text cells neutralised against spreadsheet formulas.
 */
public final class ProductCsvWriter {

    private static final char BOM = '\uFEFF';
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.MINIMAL).get();

    /** The header row: the §7 columns, then the columns transforms added, in the order they first appear. */
    public static List<String> header(List<ProductRow> rows) {
        return header(rows, List.of());
    }

    /** The header row with the added columns every file of a flow has, whether or not a row holds them. */
    static List<String> header(List<ProductRow> rows, List<String> alwaysAdded) {
        List<String> header = new ArrayList<>();
        SourcingRecords.columns(rows).forEach(c -> header.add(c.name()));
        header.addAll(extraColumns(rows, alwaysAdded));
        return header;
    }

    public byte[] toBytes(List<ProductRow> rows) {
        return toBytesWithColumns(rows, List.of());
    }

    /**
     * @param alwaysAdded added columns the file has even when no row holds them (e.g. {@code old_price}), so that
     *                    every file of a flow has the same header; they come first among the added columns
     */
    public byte[] toBytesWithColumns(List<ProductRow> rows, List<String> alwaysAdded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + rows.size() * 512);
        write(rows, alwaysAdded, out);
        return out.toByteArray();
    }

    public void write(List<ProductRow> rows, OutputStream out) {
        write(rows, List.of(), out);
    }

    /** Writes the CSV to the stream as it goes, the always-added columns first among the added ones. */
    void write(List<ProductRow> rows, List<String> alwaysAdded, OutputStream out) {
        write(rows, SourcingRecords.columns(rows), extraColumns(rows, alwaysAdded), out);
    }

    /**
     * Writes the CSV of products read as it goes (e.g. from the state store), with these columns (§7's, or a §15
     * endpoint's) and these added columns.
     */
    void write(Iterable<ProductRow> rows, List<ProductRow.Column> columns, Set<String> extras, OutputStream out) {
        try {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(BOM);
            CSVPrinter printer = new CSVPrinter(writer, FORMAT);
            List<String> header = new ArrayList<>();
            columns.forEach(c -> header.add(c.name()));
            header.addAll(extras);
            printer.printRecord(header);
            List<String> cells = new ArrayList<>(columns.size() + extras.size());
            for (ProductRow row : rows) {
                cells.clear();
                for (ProductRow.Column column : columns) {
                    Object value = column.value().apply(row);
                    cells.add(column.kind() == ProductRow.Kind.TEXT ? text(value) : plain(value));
                }
                for (String extra : extras) {
                    Object value = row.getExtras().get(extra);
                    cells.add(value instanceof Number || value instanceof Boolean ? plain(value) : text(value));
                }
                printer.printRecord(cells);
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Any table of text in the same form (BOM, quoting, formula guard), e.g. the {@code -failed.csv} of a job: a
     * header row, then the rows.
     */
    public byte[] table(List<String> header, List<List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        table(header, rows, out);
        return out.toByteArray();
    }

    /** Like {@link #table(List, List)}, the rows written to the stream as they are read. */
    public void table(List<String> header, Iterable<List<String>> rows, OutputStream out) {
        try {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(BOM);
            CSVPrinter printer = new CSVPrinter(writer, FORMAT);
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row.stream().map(ProductCsvWriter::text).toList());
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> extraColumns(List<ProductRow> rows, List<String> alwaysAdded) {
        // a route calling toBytes by name may get the two-argument form, without added columns
        Set<String> names = new LinkedHashSet<>(alwaysAdded == null ? List.of() : alwaysAdded);
        rows.forEach(r -> names.addAll(r.getExtras().keySet()));
        return names;
    }

    /** Numbers as plain decimals ({@code 0.60}, {@code 100000}), booleans as {@code true}/{@code false}. */
    static String plain(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /** A text cell that a spreadsheet would run as a formula gets a leading {@code '}. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
