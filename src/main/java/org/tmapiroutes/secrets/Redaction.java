package org.tmapiroutes.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one scrubber of secrets: every text the product writes that may carry what a server said back (failure reasons,
 * dead letters, {@code -failed.csv} and {@code .error.txt} files, mails, the state store's failure texts) passes
 * {@link #scrub(String)}, which replaces each secret known to the process with {@value #MASK} in every form a server
 * may echo it in: as it is, URL-encoded (upper or lower case hex, {@code +} or {@code %20} for a blank) and
 * JSON-escaped. A secret becomes known when the program reads it ({@link #register(String)}), before any text is
 * written. Process-wide, like the secrets themselves.
 */
public final class Redaction {

    /** What a secret is replaced with, the same as the log layout's mask. */
    public static final String MASK = "****";
    /** Shorter values are not taken for secrets (a short password such as "push" would blank that word in every text; the README asks for longer ones). */
    private static final int SHORTEST = 6;
    private static final Pattern PERCENT_HEX = Pattern.compile("%[0-9A-F]{2}");

    /** Every form of every secret, as one alternation, longest first; null while no secret is known. */
    private static volatile Pattern forms;
    private static final Set<String> KNOWN = new LinkedHashSet<>();

    private Redaction() {
    }

    /** A secret the program has read: from now on it is scrubbed from every written text. Blank values are ignored. */
    public static synchronized void register(String secret) {
        if (secret == null || secret.strip().length() < SHORTEST) {
            return;
        }
        String raw = secret.strip();
        String encoded = URLEncoder.encode(raw, StandardCharsets.UTF_8);
        String lowerHex = lowerHex(encoded);
        KNOWN.add(raw);
        KNOWN.add(encoded);
        KNOWN.add(encoded.replace("+", "%20"));
        KNOWN.add(lowerHex);
        KNOWN.add(lowerHex.replace("+", "%20"));
        KNOWN.add(raw.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
        List<String> longestFirst = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        StringBuilder alternation = new StringBuilder();
        for (String form : longestFirst) {
            alternation.append(alternation.isEmpty() ? "" : "|").append(Pattern.quote(form));
        }
        forms = Pattern.compile(alternation.toString());
    }

    /** The text with every known secret, in any of its forms, replaced by {@value #MASK}; null stays null. */
    public static String scrub(String text) {
        Pattern known = forms;
        if (text == null || known == null) {
            return text;
        }
        return known.matcher(text).replaceAll(MASK);
    }

    /** Forgets every secret: for tests that start several programs with different secrets in one JVM. */
    public static synchronized void forgetAll() {
        KNOWN.clear();
        forms = null;
    }

    private static String lowerHex(String encoded) {
        Matcher hex = PERCENT_HEX.matcher(encoded);
        return hex.replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
    }
}
