package org.tmapiroutes.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The outbox file formats of {@code output.format}: the §7 CSV, the same columns as an Excel workbook, or both. */
public enum OutputFormat {
    CSV("csv"),
    XLSX("xlsx");

    private final String extension;

    OutputFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension, with its dot: {@code .csv}, {@code .xlsx}. */
    public String extension() {
        return "." + extension;
    }

    /**
     * The formats of an {@code output.format} value: {@code csv}, {@code xlsx} or {@code csv,xlsx} (any order, case and
     * spacing); empty means csv.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static List<OutputFormat> parse(String value) {
        List<OutputFormat> formats = new ArrayList<>();
        String text = value == null ? "" : value.strip();
        for (String part : text.split("[,;\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            OutputFormat format = switch (part.toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "xlsx" -> XLSX;
                default -> throw new IllegalArgumentException("output.format '" + text
                        + "' is not allowed; allowed values: csv, xlsx, csv,xlsx");
            };
            if (!formats.contains(format)) {
                formats.add(format);
            }
        }
        return formats.isEmpty() ? List.of(CSV) : List.copyOf(formats);
    }
}
