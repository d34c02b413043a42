package org.tmapiroutes.tmapi;

import java.util.Locale;

/**
 * How the TMAPI token travels ({@code tmapi.auth}): as the {@code apiToken} query parameter (the docs' way, the
 * default) or as an {@code apikey} request header (TMAPI's newer docs). Its {@link #toString()} never shows the token.
 */
public final class TmapiAuth {

    /** The two ways the docs show. */
    public enum Mode { QUERY, HEADER }

    /** The query parameter of {@link Mode#QUERY}. */
    public static final String QUERY_PARAMETER = "apiToken";
    /** The request header of {@link Mode#HEADER}. */
    public static final String HEADER = "apikey";

    private final Mode mode;
    private final String token;

    public TmapiAuth(Mode mode, String token) {
        this.mode = mode;
        this.token = token == null ? "" : token;
    }

    /**
     * The mode of a {@code tmapi.auth} value, {@code query} or {@code header} in any case.
     *
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static Mode mode(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "query" -> Mode.QUERY;
            case "header" -> Mode.HEADER;
            default -> throw new IllegalArgumentException("tmapi.auth '" + value.strip()
                    + "' is not allowed; allowed values: query, header");
        };
    }

    public Mode mode() {
        return mode;
    }

    /** The token for the {@code apiToken} query parameter, or {@code null} when it goes in the header. */
    String queryToken() {
        return mode == Mode.QUERY ? token : null;
    }

    /** The value of the {@code apikey} header, or {@code null} when the token goes in the query. */
    public String headerToken() {
        return mode == Mode.HEADER ? token : null;
    }

    @Override
    public String toString() {
        return "TmapiAuth[" + mode.name().toLowerCase(Locale.ROOT) + "]";
    }
}
