package org.tmapiroutes.item;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.tmapiroutes.files.InputText;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The items a buyer watches ({@code watch.items-file}), as read at the start of a watch run: a header row, then one
 * item per line, its {@code item_id} (or product link), optional {@code target_price} and {@code note}. A bad line is
 * a problem named by its line; the others are watched. The product only reads the file: it never moves or rewrites it.
 *
 * @param items    the watched items, in the file's order, each once
 * @param problems what is wrong with the file, each in one line naming its line
 */
public record WatchList(List<Entry> items, List<String> problems) {

    /** The columns the file may have. */
    static final List<String> COLUMNS = List.of("item_id", "target_price", "note");

    /**
     * One watched item.
     *
     * @param line        its line in the file
     * @param query       its item-detail query
     * @param targetPrice the price the buyer waits for, or {@code null}
     * @param note        the buyer's note, or {@code null}
     */
    public record Entry(int line, TmapiQuery query, BigDecimal targetPrice, String note) {

        public String itemId() {
            return query.parameters().get("item_id");
        }
    }

    /** The watch list cannot be read at all: no file, or bytes that are no text. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the watch list.
     *
     * @param validator checks each item id or link as an inbox file's {@code item_id} is checked
     * @throws Unreadable when the file is missing or is no text
     */
    public static WatchList read(Path file, QueryValidator validator) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unreadable("the watch list " + file + " (watch.items-file) does not exist; write a header row "
                    + String.join(",", COLUMNS) + " and one item id or product link per line");
        } catch (IOException e) {
            throw new UncheckedIOException("the watch list " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            return parse(InputText.decode(bytes).text(), validator);
        } catch (InputText.Unreadable e) {
            throw new Unreadable("the watch list " + file + " is not text a spreadsheet or editor saves (line "
                    + e.line() + ": " + e.getMessage() + "); save it as CSV (UTF-8)");
        }
    }

    /** The watch list of a file's text. */
    static WatchList parse(String text, QueryValidator validator) {
        List<String> problems = new ArrayList<>();
        List<Entry> items = new ArrayList<>();
        List<CSVRecord> records;
        try {
            records = CSVFormat.RFC4180.builder().setDelimiter(delimiter(text)).setIgnoreEmptyLines(true)
                    .setCommentMarker('#').setTrim(true).get().parse(new StringReader(text)).getRecords();
        } catch (IOException | UncheckedIOException e) {
            return new WatchList(List.of(), List.of("the watch list is not a CSV file: " + e.getMessage()));
        }
        if (records.isEmpty()) {
            return new WatchList(List.of(), List.of());
        }
        Map<String, Integer> columns = header(text, records.get(0), problems);
        if (columns == null) {
            return new WatchList(List.of(), List.copyOf(problems));
        }
        boolean headed = !columns.isEmpty();
        if (!headed) {
            columns = Map.of("item_id", 0, "target_price", 1, "note", 2);
            problems.add("line " + lineOf(text, records.get(0)) + ": no header row (" + String.join(",", COLUMNS)
                    + "); the lines are read in that order");
        }
        Map<String, Long> seen = new LinkedHashMap<>();
        for (CSVRecord record : headed ? records.subList(1, records.size()) : records) {
            int line = lineOf(text, record);
            String id = cell(record, columns.get("item_id"));
            if (id.isEmpty()) {
                if (!String.join("", record.toList()).isBlank()) {
                    problems.add("line " + line + ": item_id is empty; this line is not watched");
                }
                continue;
            }
            QueryValidator.Outcome outcome = validator.validate(TmapiEndpoint.ITEM_DETAIL, Map.of("item_id", id), line);
            if (!outcome.valid()) {
                problems.add("line " + line + ": " + String.join("; ", outcome.problems()) + "; this line is not watched");
                continue;
            }
            String itemId = outcome.query().parameters().get("item_id");
            Long earlier = seen.putIfAbsent(itemId, (long) line);
            if (earlier != null) {
                problems.add("line " + line + ": item " + itemId + " is watched already (line " + earlier
                        + "); this line is left out");
                continue;
            }
            BigDecimal target = target(cell(record, columns.get("target_price")), line, problems);
            String note = cell(record, columns.get("note"));
            items.add(new Entry(line, outcome.query(), target, note.isEmpty() ? null : note));
        }
        return new WatchList(List.copyOf(items), List.copyOf(problems));
    }

    /**
     * The column of each known name; empty when the first line is no header (it holds an item id or link); {@code null}
     * when it is a header without an {@code item_id} column (nothing can be watched).
     */
    private static Map<String, Integer> header(String text, CSVRecord first, List<String> problems) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            String name = first.get(i).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
            if (COLUMNS.contains(name)) {
                columns.putIfAbsent(name, i);
            } else if (!name.isEmpty()) {
                unknown.add(first.get(i).strip());
            }
        }
        if (!columns.containsKey("item_id")) {
            String firstCell = first.size() == 0 ? "" : first.get(0).strip();
            if (firstCell.matches("\\d+") || firstCell.toLowerCase(Locale.ROOT).contains("1688.com")) {
                return Map.of();
            }
            problems.add("line " + lineOf(text, first) + ": the header has no item_id column (it has " + String.join(", ", first.toList())
                    + "); write " + String.join(",", COLUMNS));
            return null;
        }
        for (String name : unknown) {
            problems.add("line " + lineOf(text, first) + ": column '" + name + "' is not one the watch list reads (" + String.join(", ", COLUMNS)
                    + "); it is left out");
        }
        return columns;
    }

    private static BigDecimal target(String text, int line, List<String> problems) {
        if (text.isEmpty()) {
            return null;
        }
        String plain = text.replace("¥", "").replace("￥", "").strip();
        try {
            BigDecimal target = new BigDecimal(plain);
            if (target.signum() > 0) {
                return target;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        problems.add("line " + line + ": target_price '" + text + "' is not a price above 0 (write it as 12.50); the"
                + " item is watched without a target price");
        return null;
    }

    private static String cell(CSVRecord record, Integer column) {
        return column == null || column >= record.size() ? "" : record.get(column).strip();
    }

    /** The file's line where the record starts (a quoted note may span lines, comment lines are skipped). */
    private static int lineOf(String text, CSVRecord record) {
        int at = (int) Math.min(record.getCharacterPosition(), text.length());
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        // the position is where the parser went on, before the blank and comment lines it skipped
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            String skipped = text.substring(at, end < 0 ? text.length() : end).strip();
            if (!skipped.isEmpty() && !skipped.startsWith("#")) {
                break;
            }
            line++;
            at = end < 0 ? text.length() : end + 1;
        }
        return line;
    }

    /** A comma, unless the header has none but a semicolon or a tab (as spreadsheets in some locales save). */
    private static char delimiter(String text) {
        String first = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse("");
        if (first.indexOf(',') < 0) {
            if (first.indexOf(';') >= 0) {
                return ';';
            }
            if (first.indexOf('\t') >= 0) {
                return '\t';
            }
        }
        return ',';
    }
}
