package org.tmapiroutes.app;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.FailedToCreateRouteException;

/**
 * Finds, for a route file that did not load, the line of the file the problem is on, and the product conditions
 * ({@code where} of an inbox template, {@code expression} of {@code items-where-action}) a file holds, so they can be
 * checked when the file is saved rather than at the first product.
 */
final class ReloadProblems {

    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    /** The step in Camel's "at: >>> To[outbx:csv-sink] <<<", to find its line in the file. */
    private static final Pattern FAILED_STEP = Pattern.compile(">>> \\w+\\[([^\\]]+)] <<<");
    private static final Pattern LOCATION_LINE = Pattern.compile(":(\\d+)\\)?$");
    private static final Pattern WHERE_VALUE = Pattern.compile("name:\\s*where\\s*\\n\\s*value:\\s*\"(.*)\"\\s*$",
            Pattern.MULTILINE);
    private static final Pattern EXPRESSION_VALUE = Pattern.compile("^\\s*expression:\\s*\"(.*)\"\\s*$",
            Pattern.MULTILINE);

    /** A product condition of a route file and the line it is on. */
    record Condition(String expression, int line) {
    }

    private ReloadProblems() {
    }

    static List<Condition> conditions(String content) {
        List<Condition> found = new ArrayList<>();
        for (Pattern pattern : List.of(WHERE_VALUE, EXPRESSION_VALUE)) {
            Matcher m = pattern.matcher(content);
            while (m.find()) {
                int line = content.substring(0, m.start(1)).split("\n", -1).length;
                String expression = m.group(1).replace("\\\"", "\"");
                if (expression.startsWith("RAW(") && expression.endsWith(")")) {
                    expression = expression.substring(4, expression.length() - 1);
                }
                found.add(new Condition(expression, line));
            }
        }
        return found;
    }

    /**
     * The line of the file the error is about: the line a YAML error names, else the line of the step Camel could not
     * create (found by its text), else the line of the route, else "?".
     */
    static String lineOf(Throwable e, String content) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = LINE.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        String[] lines = content.split("\n", -1);
        for (Throwable t = e; t != null; t = t.getCause()) {
            // an expression error quotes the expression on a line of its own: find it in the file
            String[] quoted = String.valueOf(t.getMessage()).split("\n");
            for (int q = 1; q < quoted.length; q++) {
                String text = quoted[q].strip();
                for (int i = 0; text.length() > 8 && i < lines.length; i++) {
                    if (lines[i].contains(text)) {
                        return String.valueOf(i + 1);
                    }
                }
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException failed) {
                Matcher step = FAILED_STEP.matcher(failed.getMessage());
                if (step.find()) {
                    for (int i = 0; i < lines.length; i++) {
                        if (lines[i].contains(step.group(1))) {
                            return String.valueOf(i + 1);
                        }
                    }
                }
                Matcher route = LOCATION_LINE.matcher(String.valueOf(failed.getLocation()));
                if (route.find()) {
                    return route.group(1);
                }
            }
        }
        return "?";
    }

    static boolean holdsExpression(String content, String line) {
        if (!line.matches("\\d+")) {
            return false;
        }
        String[] lines = content.split("\n", -1);
        int index = Integer.parseInt(line) - 1;
        return index < lines.length && lines[index].contains("${");
    }

    /** Whether a Simple expression failed to parse somewhere in the chain (then the product fields are worth showing). */
    static boolean isExpressionError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (type.contains("Simple") || type.contains("Expression") || String.valueOf(t.getMessage()).contains("simple{")) {
                return true;
            }
        }
        return false;
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
