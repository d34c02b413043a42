package org.tmapiroutes.inbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.reader.Cell;
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

    /**
     * How much of a workbook is read at most: what it unpacks to ({@code inbox.max-workbook-mb}), the rows and the
     * cells of its first sheet ({@code inbox.max-rows}, {@code inbox.max-cells}).
     */
    public record Limits(long maxUnpackedBytes, int maxRows, long maxCells) {

        /** The defaults of the keys. */
        public static final Limits DEFAULT = new Limits(100L * 1024 * 1024, 100_000, 1_000_000);
    }

    /** Why a workbook holding a document type declaration is refused. */
    static final String DECLARATIONS = "the workbook holds a document type declaration (<!DOCTYPE …>), which Excel"
            + " never writes and which can make a reader fetch other files or expand text without end, so it is not"
            + " read; open it in Excel and save it again as an Excel Workbook (.xlsx)";
    private static final String NOT_A_WORKBOOK = "the file is not an Excel workbook (.xlsx); open it in Excel and"
            + " save it as an Excel Workbook (.xlsx), or as CSV (.csv) or Text (.txt), and drop it in again";
    private static final String DAMAGED = "the workbook is damaged (its first sheet ends early or is not what Excel"
            + " writes); open it in Excel and save it again as an Excel Workbook (.xlsx)";
    private static final String ENCRYPTED = "the workbook is protected with a password, so it cannot be read; open it"
            + " in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password), save and drop"
            + " it again";
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENTITY = "<!ENTITY".getBytes(StandardCharsets.US_ASCII);

    /** A limit reached while the sheet is read: the reading stops there. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private SpreadsheetRows() {
    }

    /** The first sheet's rows, within the default limits. */
    public static List<List<String>> read(byte[] workbook) throws Unreadable {
        return read(workbook, Limits.DEFAULT);
    }

    /**
     * The first sheet's rows; trailing empty cells of a row are left out. The workbook is looked through first, as
     * packed bytes only: refused when it unpacks to more than the limit or holds a document type declaration (the
     * means of external entities and of entity expansion), before any XML of it is parsed.
     */
    public static List<List<String>> read(byte[] workbook, Limits limits) throws Unreadable {
        if (workbook.length < 8 || !ReadableWorkbook.isOOXMLZipHeader(workbook)) {
            if (workbook.length >= 8 && ReadableWorkbook.isOLE2Header(workbook)) {
                throw new Unreadable(encrypted(workbook) ? ENCRYPTED
                        : "the file is an old Excel 97-2003 workbook; save it as an Excel Workbook (.xlsx)");
            }
            throw new Unreadable(NOT_A_WORKBOOK);
        }
        lookThrough(workbook, limits);
        List<List<String>> rows = new ArrayList<>();
        long[] cellCount = {0};
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(workbook));
                Stream<Row> sheet = book.getFirstSheet().openStream()) {
            sheet.forEach(row -> {
                if (row.getRowNum() > limits.maxRows()) {
                    throw new Refused(String.format(Locale.ROOT, "the workbook's first sheet has more than %,d rows"
                            + " (inbox.max-rows); split it into several files, or raise inbox.max-rows",
                            limits.maxRows()));
                }
                cellCount[0] += row.getCellCount();
                if (cellCount[0] > limits.maxCells()) {
                    throw new Refused(String.format(Locale.ROOT, "the workbook's first sheet has more than %,d cells"
                            + " (inbox.max-cells); keep only the columns of the queries, or raise inbox.max-cells",
                            limits.maxCells()));
                }
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
        } catch (Refused e) {
            throw new Unreadable(e.getMessage());
        } catch (IOException | RuntimeException e) {
            // the library's own words name its classes; the user needs to know what to do
            throw new Unreadable(DAMAGED);
        }
        return rows;
    }

    /**
     * Unpacks every part once, counting: refused past the limit of what the workbook may unpack to (a zip bomb is
     * stopped there), or at a document type declaration in any XML part.
     */
    private static void lookThrough(byte[] workbook, Limits limits) throws Unreadable {
        long unpacked = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(workbook)).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                boolean xml = entry.getName().endsWith(".xml") || entry.getName().endsWith(".rels");
                // the end of the previous chunk, so that a declaration split between two chunks is found
                byte[] carry = new byte[0];
                try (InputStream part = zip.getInputStream(entry)) {
                    for (int n = part.read(buffer); n > 0; n = part.read(buffer)) {
                        unpacked += n;
                        if (unpacked > limits.maxUnpackedBytes()) {
                            long mb = limits.maxUnpackedBytes() / (1024 * 1024);
                            throw new Unreadable("the workbook unpacks to more than " + mb + " MB"
                                    + " (inbox.max-workbook-mb), more than a list of queries needs; split it, or raise"
                                    + " inbox.max-workbook-mb");
                        }
                        if (xml) {
                            byte[] window = new byte[carry.length + n];
                            System.arraycopy(carry, 0, window, 0, carry.length);
                            System.arraycopy(buffer, 0, window, carry.length, n);
                            if (contains(window, DOCTYPE) || contains(window, ENTITY)) {
                                throw new Unreadable(DECLARATIONS);
                            }
                            carry = Arrays.copyOfRange(window, Math.max(0, window.length - DOCTYPE.length),
                                    window.length);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(DAMAGED);
        }
    }

    /** An Office file protected with a password: an OLE2 container holding the encrypted package and its key data. */
    private static boolean encrypted(byte[] file) {
        return contains(file, "EncryptionInfo".getBytes(StandardCharsets.UTF_16LE))
                || contains(file, "EncryptedPackage".getBytes(StandardCharsets.UTF_16LE));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * The first sheet as CSV text, line N holding row N, every row as wide as the header row (Excel leaves trailing
     * empty cells out): what the CSV rules then read. A line break inside a cell becomes a space, so that the line
     * numbers stay the sheet's row numbers; no query parameter holds one.
     */
    public static String csvText(byte[] workbook, Limits limits) throws Unreadable {
        List<List<String>> rows = read(workbook, limits);
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
