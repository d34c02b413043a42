package org.tmapiroutes.inbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * Turns the first sheet of an Excel workbook (.xlsx) dropped into an inbox into rows of text, row N of the sheet at
 * index N − 1 (empty rows as empty lists), so that the file is checked with the same header rules and the same line
 * numbers as a CSV. Numbers read as a person sees them ({@code 1031922}, not {@code 1031922.0}), booleans as
 * {@code true}/{@code false}, formulas as their last computed value.
 */
public final class SpreadsheetRows {

    /** A workbook that cannot be read, with a reason a user understands. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String reason) {
            super(reason);
        }
    }

    private SpreadsheetRows() {
    }

    /** The first sheet's rows; trailing empty cells of a row are left out. */
    public static List<List<String>> read(byte[] workbook) throws Unreadable {
        if (workbook.length < 8 || !ReadableWorkbook.isOOXMLZipHeader(workbook)) {
            throw new Unreadable(workbook.length >= 8 && ReadableWorkbook.isOLE2Header(workbook)
                    ? "the file is an old Excel 97-2003 workbook; save it as an Excel Workbook (.xlsx)"
                    : "the file is not an Excel workbook (.xlsx)");
        }
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(workbook));
                Stream<Row> sheet = book.getFirstSheet().openStream()) {
            sheet.forEach(row -> {
                while (rows.size() < row.getRowNum() - 1) {
                    rows.add(List.of());
                }
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getCellCount(); c++) {
                    cells.add(text(row.getCell(c)));
                }
                while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                    cells.remove(cells.size() - 1);
                }
                rows.add(cells);
            });
        } catch (IOException | UncheckedIOException | ExcelReaderException e) {
            throw new Unreadable("the Excel workbook cannot be read (" + e.getMessage() + "); save it again as an "
                    + "Excel Workbook (.xlsx)");
        }
        return rows;
    }

    /**
     * The first sheet as CSV text, line N holding row N, every row as wide as the header row (Excel leaves trailing
     * empty cells out): what the CSV rules then read. A line break inside a cell becomes a space, so that the line
     * numbers stay the sheet's row numbers; no query parameter holds one.
     */
    public static String csvText(byte[] workbook) throws Unreadable {
        List<List<String>> rows = read(workbook);
        int width = rows.stream().filter(r -> !r.isEmpty()).findFirst().map(List::size).orElse(0);
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
            for (List<String> row : rows) {
                if (row.isEmpty()) {
                    printer.println();
                    continue;
                }
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(width, row.size()); c++) {
                    cells.add(c < row.size() ? row.get(c).replaceAll("\\R", " ") : "");
                }
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        return switch (cell.getType()) {
            case NUMBER -> plain(cell.asNumber());
            case BOOLEAN -> String.valueOf(cell.asBoolean());
            case STRING -> cell.asString() == null ? "" : cell.asString();
            case FORMULA, ERROR -> cell.getRawValue() == null ? "" : numberOrText(cell.getRawValue());
            default -> "";
        };
    }

    /** {@code 1031922.0} is 1031922, {@code 12.50} stays 12.50 (a price as typed), never {@code 1E+6}. */
    private static String plain(BigDecimal number) {
        if (number == null) {
            return "";
        }
        if (number.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toPlainString() : number.toPlainString();
    }

    private static String numberOrText(String raw) {
        try {
            return plain(new BigDecimal(raw));
        } catch (NumberFormatException notNumber) {
            return raw;
        }
    }
}
