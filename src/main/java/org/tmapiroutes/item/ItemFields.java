package org.tmapiroutes.item;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * Checks the product fields a route file names in Simple expressions ({@code ${body.price}}) before it is loaded: a
 * typo such as {@code ${body.prise}} would otherwise only fail on the first product, in the middle of a job.
 */
public final class ItemFields {

    private static final Pattern BODY_FIELD = Pattern.compile("\\$\\{body\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Set<String> KNOWN = new TreeSet<>(ProductSteps.fieldNames());

    static {
        KNOWN.add("extras");
    }

    private ItemFields() {
    }

    /** Every unknown field, as {@code line N: ...}, in file order. */
    public static List<String> unknown(String content) {
        List<String> problems = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = BODY_FIELD.matcher(lines[i]);
            while (m.find()) {
                if (!KNOWN.contains(m.group(1))) {
                    problems.add("line " + (i + 1) + ": '" + m.group(1) + "' in ${body." + m.group(1)
                            + "} is not a product field");
                }
            }
        }
        return problems;
    }

    /** The names a route may use, for the error message. */
    public static String names() {
        return String.join(", ", ProductSteps.fieldNames()) + " (and extras[<added column>])";
    }
}
