package org.tmapiroutes.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outbox file formats of {@code output.format}: the CSV, the same columns as an Excel workbook, a CSV for Shopify's
 * product import (SPEC §17), or several of them.
 */
public enum OutputFormat {
    CSV("csv", ".csv"),
    XLSX("xlsx", ".xlsx"),
    SHOPIFY("shopify", "-shopify.csv");

    /** The values {@code output.format} takes, in a user's words. */
    public static final String ALLOWED = "csv, xlsx, shopify, or several of them comma-separated (csv,xlsx)";

    private final String name;
    private final String extension;

    OutputFormat(String name, String extension) {
        this.name = name;
        this.extension = extension;
    }

    /** The end of the file's name: {@code .csv}, {@code .xlsx}, {@code -shopify.csv}. */
    public String extension() {
        return extension;
    }

    /**
     * The formats of an {@code output.format} value: {@code csv}, {@code xlsx}, {@code shopify}, or several
     * comma-separated ({@code csv,xlsx}, {@code csv,shopify}; any order, case and spacing); empty means csv.
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
            OutputFormat format = null;
            for (OutputFormat known : values()) {
                if (known.name.equals(part.toLowerCase(Locale.ROOT))) {
                    format = known;
                }
            }
            if (format == null) {
                throw new IllegalArgumentException("output.format '" + text + "' is not allowed; allowed values: "
                        + ALLOWED);
            }
            if (!formats.contains(format)) {
                formats.add(format);
            }
        }
        return formats.isEmpty() ? List.of(CSV) : List.copyOf(formats);
    }
}
