package org.tmapiroutes.inbox;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.tmapiroutes.files.InputText;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * Reads a dropped inbox file ({@code .csv} with a header of TMAPI parameter names, or {@code .txt} with one required
 * value per line) into queries, validating the whole file so that one bad line rejects it before any API call. Files
 * are read as spreadsheets and editors save them: UTF-8, UTF-16 or GB18030 ({@link InputText}), comma, semicolon or
 * tab as the separator, CRLF, empty trailing columns.
 */
public final class QueryFileReader {

    /** A problem with one line of the input file (the file's own numbering, header = line 1). */
    public record LineProblem(int line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    /**
     * What a file held: its queries when every line is valid, else every problem found.
     *
     * @param readAs how the file was read, for the log: its encoding, and the separator of a CSV
     */
    public record QueryFile(List<TmapiQuery> queries, List<LineProblem> problems, String readAs) {
        public boolean valid() {
            return problems.isEmpty();
        }

        QueryFile readAs(String how) {
            return new QueryFile(queries, problems, how);
        }
    }

    private final QueryValidator validator;
    private final SpreadsheetRows.Limits workbookLimits;

    /** Reading workbooks within the default limits. */
    public QueryFileReader(QueryValidator validator) {
        this(validator, SpreadsheetRows.Limits.DEFAULT);
    }

    public QueryFileReader(QueryValidator validator, SpreadsheetRows.Limits workbookLimits) {
        this.validator = validator;
        this.workbookLimits = workbookLimits;
    }

    public QueryFile read(TmapiEndpoint endpoint, String fileName, byte[] content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean sheet = lower.endsWith(".xlsx");
        boolean csv = lower.endsWith(".csv") || sheet;
        if (!csv && !lower.endsWith(".txt")) {
            return rejected(1, "'" + fileName + "' is neither a .csv, an .xlsx nor a .txt file; only those are read");
        }
        InputText input;
        try {
            // an .xlsx: its first sheet as CSV text, row N on line N, read by the CSV rules below
            input = sheet ? new InputText(SpreadsheetRows.csvText(content, workbookLimits), "Excel workbook, first sheet")
                    : InputText.decode(content);
        } catch (SpreadsheetRows.Unreadable e) {
            return rejected(1, e.getMessage());
        } catch (InputText.Unreadable e) {
            return rejected(e.line(), e.getMessage());
        }
        QueryFile file;
        if (sheet) {
            file = readCsv(endpoint, input.text(), ',').readAs(input.encoding());
        } else if (csv) {
            char separator = separatorOf(input.text());
            file = readCsv(endpoint, input.text(), separator).readAs(input.encoding() + ", separator "
                    + (separator == '\t' ? "tab" : "'" + separator + "'"));
        } else {
            file = readText(endpoint, input.text()).readAs(input.encoding());
        }
        if (file.valid() && file.queries().isEmpty()) {
            return rejected(1, "the file holds no query").readAs(file.readAs());
        }
        return file;
    }

    private QueryFile readText(TmapiEndpoint endpoint, String text) {
        String required = endpoint.requiredParameter().name();
        List<TmapiQuery> queries = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String value = lines[i].strip();
            if (value.isEmpty() || value.startsWith("#")) {
                continue;
            }
            // a first line that names the column, as a spreadsheet saved as text writes it
            if (first && value.equalsIgnoreCase(required)) {
                first = false;
                continue;
            }
            first = false;
            Map<String, String> row = new LinkedHashMap<>();
            row.put(required, value);
            collect(validator.validate(endpoint, row, i + 1), i + 1, queries, problems);
        }
        return new QueryFile(queries, problems, null);
    }

    /** The separator of a CSV: the one of comma, semicolon and tab that its header line holds most of. */
    static char separatorOf(String text) {
        String header = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        char best = ',';
        long most = 0;
        for (char candidate : new char[] {',', ';', '\t'}) {
            long count = header.chars().filter(c -> c == candidate).count();
            if (count > most) {
                most = count;
                best = candidate;
            }
        }
        return best;
    }

    private QueryFile readCsv(TmapiEndpoint endpoint, String text, char separator) {
        List<TmapiQuery> queries = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        LineIndex lines = new LineIndex(text);
        int unclosed = unclosedQuoteLine(text, separator);
        if (unclosed > 0) {
            return rejected(unclosed, "a quote (\") opened on this line is never closed; close it, or remove it");
        }
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(separator)
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            List<String> header = null;
            boolean headerOk = false;
            for (CSVRecord record : parser) {
                int line = lines.lineAt(startOfContent(text, record.getCharacterPosition()));
                List<String> cells = new ArrayList<>();
                record.forEach(cell -> cells.add(cell.strip()));
                if (cells.size() == 1 && cells.get(0).isEmpty()) {
                    continue;
                }
                if (header == null) {
                    header = withoutTrailingEmpty(cells);
                    headerOk = checkHeader(endpoint, header, line, problems);
                    continue;
                }
                List<String> values = withoutTrailingEmpty(cells);
                if (values.size() > header.size()) {
                    problems.add(new LineProblem(line, "holds " + values.size() + " values but the header names "
                            + header.size() + " columns"));
                    continue;
                }
                if (!headerOk) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    row.put(header.get(c), c < values.size() ? values.get(c) : "");
                }
                collect(validator.validate(endpoint, row, line), line, queries, problems);
            }
            if (header == null) {
                return rejected(1, "the file holds no header row; the first line names the columns, e.g. "
                        + endpoint.requiredParameter().name());
            }
        } catch (UncheckedIOException | IOException | IllegalArgumentException | IllegalStateException e) {
            String message = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            problems.add(new LineProblem(lineOf(message), "this line cannot be read as CSV: a quoted value is "
                    + "followed by more text before the next " + (separator == '\t' ? "tab" : "'" + separator + "'")
                    + "; put the whole value in quotes"));
        }
        return new QueryFile(problems.isEmpty() ? queries : List.of(), problems, null);
    }

    /** Spreadsheets write the empty cells after the last value too ({@code cat_id,sort,,}): those count for nothing. */
    private static List<String> withoutTrailingEmpty(List<String> cells) {
        int end = cells.size();
        while (end > 0 && cells.get(end - 1).isEmpty()) {
            end--;
        }
        return cells.subList(0, end);
    }

    /** The line of a quote that opens a value and is never closed, or 0 when every quote is closed. */
    private static int unclosedQuoteLine(String text, char separator) {
        boolean quoted = false;
        boolean fieldStart = true;
        int line = 1;
        int openedOn = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
            } else if (c == '"' && fieldStart) {
                quoted = true;
                openedOn = line;
            }
            if (c == '\n') {
                line++;
            }
            if (!quoted) {
                fieldStart = c == separator || c == '\n' || c == '\r' || (fieldStart && c == ' ');
            }
        }
        return quoted ? openedOn : 0;
    }

    private static boolean checkHeader(TmapiEndpoint endpoint, List<String> header, int line,
            List<LineProblem> problems) {
        boolean ok = true;
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String column = header.get(c);
            if (column.isEmpty()) {
                problems.add(new LineProblem(line, "column " + (c + 1) + " has no name; name it (e.g. "
                        + endpoint.requiredParameter().name() + ") or remove the column"));
                ok = false;
            } else if (seen.containsKey(column)) {
                problems.add(new LineProblem(line, "the column " + QueryValidator.quote(column) + " appears twice "
                        + "(columns " + (seen.get(column) + 1) + " and " + (c + 1) + "); keep one of them"));
                ok = false;
            } else if (!QueryValidator.isKnownColumn(endpoint, column)) {
                problems.add(new LineProblem(line, "unknown column " + QueryValidator.quote(column) + "; "
                        + endpoint.id() + " takes: " + String.join(", ", QueryValidator.knownColumns(endpoint))));
                ok = false;
            }
            seen.putIfAbsent(column, c);
        }
        if (endpoint.needsQueryValue() && !endpoint.hasQueryColumn(header)) {
            problems.add(new LineProblem(line, "no " + endpoint.queryParametersText() + " column; " + endpoint.id()
                    + " requires " + (endpoint.requiresOneOf() ? "one of them" : "it")));
            ok = false;
        }
        return ok;
    }

    /** Maps a character position of the text to its line number, so errors name the file's own lines. */
    private static final class LineIndex {
        private final List<Integer> starts = new ArrayList<>();

        LineIndex(String text) {
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                    starts.add(i + 1);
                }
            }
        }

        int lineAt(long position) {
            int found = Collections.binarySearch(starts, (int) position);
            return found >= 0 ? found + 1 : -found - 1;
        }
    }

    /** The parser counts skipped blank lines into a record's position; a line number names the record's own line. */
    private static long startOfContent(String text, long position) {
        int p = (int) position;
        while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
            p++;
        }
        return p;
    }

    private static int lineOf(String parserMessage) {
        if (parserMessage != null) {
            Matcher m = Pattern.compile("line:? (\\d+)").matcher(parserMessage);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 1;
    }

    private static void collect(QueryValidator.Outcome outcome, int line, List<TmapiQuery> queries,
            List<LineProblem> problems) {
        if (outcome.valid()) {
            queries.add(outcome.query());
        } else {
            outcome.problems().forEach(p -> problems.add(new LineProblem(line, p)));
        }
    }

    private static QueryFile rejected(int line, String reason) {
        return new QueryFile(List.of(), List.of(new LineProblem(line, reason)), null);
    }
}
