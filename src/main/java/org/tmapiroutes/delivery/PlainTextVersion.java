package org.tmapiroutes.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text/plain version of a mail, made from its HTML, for mail clients and readers that show no HTML: headings and
 * paragraphs on lines of their own, table cells separated by {@code |}, links written out after their text.
 *
 * <p>Derived rather than rendered from a second template: the HTML template stays the one file a user edits, and the
 * two versions of a mail can never tell different stories.
 */
public final class PlainTextVersion {

    private static final Pattern LINK = Pattern.compile("(?is)<a\\b[^>]*?href\\s*=\\s*\"([^\"]*)\"[^>]*>(.*?)</a>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]+);");

    private PlainTextVersion() {
    }

    public static String of(String html) {
        String text = html
                .replaceAll("(?is)<!DOCTYPE[^>]*>", "")
                .replaceAll("(?s)<!--.*?-->", "")
                .replaceAll("(?is)<head\\b.*?</head>", "")
                .replaceAll("(?is)<(style|script)\\b.*?</\\1>", "")
                // as in HTML, line breaks in the source are spaces
                .replaceAll("\\s+", " ");
        text = writeOutLinks(text)
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</h[1-6]>", "\n\n")
                .replaceAll("(?i)</t[dh]>\\s*<t[dh]\\b[^>]*>", " | ")
                .replaceAll("(?i)<li\\b[^>]*>", "\n- ")
                .replaceAll("(?i)</tr>", "\n")
                .replaceAll("(?i)</?(p|div|h[1-6]|table|ul|ol)\\b[^>]*>", "\n");
        text = decodeEntities(TAG.matcher(text).replaceAll(""));
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            // cells left empty (a row's picture) leave no separators behind
            String tidy = line.replaceAll("\\s+", " ").replaceAll("(\\s*\\|\\s*)+", " | ").strip()
                    .replaceAll("^\\|\\s*|\\s*\\|$", "");
            out.append(tidy).append('\n');
        }
        return out.toString().replaceAll("\n{3,}", "\n\n").strip() + "\n";
    }

    /** {@code <a href="https://x">title</a>} becomes {@code title <https://x>}. */
    private static String writeOutLinks(String html) {
        Matcher link = LINK.matcher(html);
        StringBuilder out = new StringBuilder();
        while (link.find()) {
            String url = decodeEntities(link.group(1)).strip();
            String label = decodeEntities(TAG.matcher(link.group(2)).replaceAll("")).strip();
            String written = label.isEmpty() || label.equals(url) ? url : label + " <" + url + ">";
            // re-escaped, as the entities of the rest of the text are decoded later
            link.appendReplacement(out, Matcher.quoteReplacement(written.replace("&", "&amp;").replace("<", "&lt;")
                    .replace(">", "&gt;")));
        }
        link.appendTail(out);
        return out.toString();
    }

    private static String decodeEntities(String text) {
        Matcher numeric = NUMERIC_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (numeric.find()) {
            int code = Integer.parseInt(numeric.group(2), numeric.group(1).isEmpty() ? 10 : 16);
            numeric.appendReplacement(out, Matcher.quoteReplacement(new String(Character.toChars(code))));
        }
        numeric.appendTail(out);
        return out.toString().replace("&nbsp;", " ").replace("&middot;", "·").replace("&rarr;", "→")
                .replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
