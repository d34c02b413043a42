package org.tmapiroutes.app;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The configuration file's text as {@link Properties}, or why it cannot be read in the user's words: the line that
 * {@code java.util.Properties} refuses (a backslash and u not followed by four hex digits, as a pasted Windows path
 * or a mistyped escape makes), at start and when the file is saved.
 */
final class PropertiesText {

    /** A backslash-u that is not a whole Unicode escape, and not itself escaped by a backslash before it. */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u(?![0-9a-fA-F]{4})");

    private PropertiesText() {
    }

    /**
     * Why the text cannot be read as properties, naming the file, the line and the line's text; empty when it can.
     */
    static Optional<String> problem(String text, String fileName) {
        try {
            new Properties().load(new StringReader(text));
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                if (BROKEN_ESCAPE.matcher(lines[i]).find()) {
                    return Optional.of(fileName + " line " + (i + 1) + " cannot be read: \"" + lines[i].strip()
                            + "\" holds \\u without four hex digits after it (a Unicode escape such as \\u4E2D); write"
                            + " \\\\ for a backslash");
                }
            }
            return Optional.of(fileName + " cannot be read: " + e.getMessage());
        }
    }
}
