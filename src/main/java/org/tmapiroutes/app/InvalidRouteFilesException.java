package org.tmapiroutes.app;

import java.util.List;

/**
 * Stops a start whose route files may not run, carrying the lines that name each file, its line and the reason, as
 * the program prints them before it exits with {@link TmapiRoutesMain#EXIT_CONFIGURATION}.
 */
public final class InvalidRouteFilesException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    InvalidRouteFilesException(List<String> lines) {
        super(String.join(System.lineSeparator(), lines));
        this.lines = List.copyOf(lines);
    }

    /** One line per route file that may not run. */
    public List<String> lines() {
        return lines;
    }
}
