package org.tmapiroutes.tmapi;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a dropped inbox file ({@code .csv} with a header of TMAPI parameter names, or {@code .txt} with one required
 * value per line) into queries, validating the whole file so that one bad line rejects it before any API call.
 */
public final class QueryFileReader {

    /** A problem with one line of the input file (the file's own numbering, header = line 1). */
    public record LineProblem(int line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    /** What a file held: its queries when every line is valid, else every problem found. */
    public record QueryFile(List<TmapiQuery> queries, List<LineProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final QueryValidator validator;

    public QueryFileReader(QueryValidator validator) {
        this.validator = validator;
    }

    public QueryFile read(TmapiEndpoint endpoint, String fileName, byte[] content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean sheet = lower.endsWith(".xlsx");
        boolean csv = lower.endsWith(".csv") || sheet;
        if (!csv && !lower.endsWith(".txt")) {
            return rejected(1, "'" + fileName + "' is neither a .csv, an .xlsx nor a .txt file; only those are read");
        }
        String text;
        try {
            // an .xlsx: its first sheet as CSV text, row N on line N, read by the CSV rules below
            text = sheet ? SpreadsheetRows.csvText(content) : decodeUtf8(content);
        } catch (SpreadsheetRows.Unreadable e) {
            return rejected(1, e.getMessage());
        } catch (CharacterCodingException e) {
            return rejected(1, "the file is not UTF-8 text; save it as UTF-8 (Excel: 'CSV UTF-8')");
        }
        QueryFile file = csv ? readCsv(endpoint, text) : readText(endpoint, text);
        if (file.valid() && file.queries().isEmpty()) {
            return rejected(1, "the file holds no query");
        }
        return file;
    }

    private QueryFile readText(TmapiEndpoint endpoint, String text) {
        String required = endpoint.requiredParameter().name();
        List<TmapiQuery> queries = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String value = lines[i].strip();
            if (value.isEmpty() || value.startsWith("#")) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put(required, value);
            collect(validator.validate(endpoint, row, i + 1), i + 1, queries, problems);
        }
        return new QueryFile(queries, problems);
    }

    private QueryFile readCsv(TmapiEndpoint endpoint, String text) {
        List<TmapiQuery> queries = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
                .get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames().stream().map(String::strip).toList();
            if (header.isEmpty() || header.stream().allMatch(String::isEmpty)) {
                return rejected(1, "the file holds no header row; the first line names the columns, e.g. "
                        + endpoint.requiredParameter().name());
            }
            boolean headerOk = checkHeader(endpoint, header, problems);
            LineIndex lines = new LineIndex(text);
            for (CSVRecord record : parser) {
                int line = lines.lineAt(startOfContent(text, record.getCharacterPosition()));
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (record.size() != header.size()) {
                    problems.add(new LineProblem(line, "holds " + record.size() + " values but the header names "
                            + header.size() + " columns"));
                    continue;
                }
                if (!headerOk) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    row.put(header.get(c), record.get(c));
                }
                collect(validator.validate(endpoint, row, line), line, queries, problems);
            }
        } catch (UncheckedIOException | IOException | IllegalArgumentException | IllegalStateException e) {
            String message = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            problems.add(new LineProblem(lineOf(message), "broken CSV: " + message));
        }
        return new QueryFile(problems.isEmpty() ? queries : List.of(), problems);
    }

    private static boolean checkHeader(TmapiEndpoint endpoint, List<String> header, List<LineProblem> problems) {
        boolean ok = true;
        for (String column : header) {
            if (!QueryValidator.isKnownColumn(endpoint, column)) {
                problems.add(new LineProblem(1, "unknown column '" + column + "'; " + endpoint.id() + " takes: "
                        + String.join(", ", QueryValidator.knownColumns(endpoint))));
                ok = false;
            }
        }
        if (!endpoint.hasQueryColumn(header)) {
            problems.add(new LineProblem(1, "no " + endpoint.queryParametersText() + " column; " + endpoint.id()
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
        return new QueryFile(List.of(), List.of(new LineProblem(line, reason)));
    }

    private static String decodeUtf8(byte[] content) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content))
                .toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
