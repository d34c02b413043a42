package org.tmapiroutes.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.FailedToCreateRouteException;

/**
 * Finds, for a route file that Camel could not load or start, the line of the file the problem is on, from what
 * Camel's exception says (what is checked before loading is {@link RouteFileCheck}'s).
 */
final class ReloadProblems {

    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    /** The step in Camel's "at: >>> To[outbx:csv-sink] <<<", to find its line in the file. */
    private static final Pattern FAILED_STEP = Pattern.compile(">>> \\w+\\[([^\\]]+)] <<<");
    private static final Pattern LOCATION_LINE = Pattern.compile(":(\\d+)\\)?$");

    private ReloadProblems() {
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

    /** Whether a Simple expression failed to parse somewhere in the chain (then the product fields help). */
    static boolean isExpressionError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (type.contains("Simple") || type.contains("Expression")
                    || String.valueOf(t.getMessage()).contains("simple{")) {
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
