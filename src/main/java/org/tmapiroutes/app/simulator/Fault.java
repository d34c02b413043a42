package org.tmapiroutes.app.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One way the simulated TMAPI can fail a request: a documented failure code in one of its two forms, or a transport
 * fault.
 *
 * <p>TMAPI reports a failure either as the HTTP status itself ({@link Kind#HTTP_STATUS}) or as HTTP 200 carrying the
 * code in the JSON body ({@link Kind#JSON_CODE}); in both forms the body is
 * {@code {"code":<code>,"msg":"<docs message>","data":null}}. The transport kinds imitate what a proxy or a broken
 * connection does to a response.
 *
 * @param kind what the simulator does instead of answering normally
 * @param code the failure code for {@link Kind#HTTP_STATUS} and {@link Kind#JSON_CODE}, the HTTP status for
 *             {@link Kind#HTML_PAGE}, 0 for the other kinds
 */
public record Fault(Kind kind, int code) {

    /** How the fault shows on the wire. */
    public enum Kind {
        /** HTTP status = the failure code, JSON error body. */
        HTTP_STATUS,
        /** HTTP 200, JSON error body carrying the failure code. */
        JSON_CODE,
        /** HTTP 200, {@code application/json}, but the body is the normal answer cut off half-way. */
        MALFORMED_JSON,
        /** An HTML error page, as a proxy in front of the API would send. */
        HTML_PAGE,
        /** HTTP 200, {@code application/json}, {@code Content-Length: 0}: a server that answered with nothing. */
        EMPTY_BODY,
        /** The connection is closed without any response. */
        CONNECTION_DROP,
        /**
         * HTTP 200 whose headers promise the whole answer ({@code Content-Length}), then half of it, then the
         * connection is closed: a server or proxy that died mid-answer.
         */
        CUT_OFF,
        /** HTTP 200 headers, then not a byte more, the connection held open: a stalled upstream behind a proxy. */
        SILENT_AFTER_HEADERS,
        /**
         * HTTP 200 headers, then one blank every half second for as long as the client listens: a server that keeps
         * the connection busy without ever answering, which no per-read timeout ends.
         */
        TRICKLE,
        /**
         * HTTP 500 whose JSON message repeats the request as the server saw it: its path and raw query string, the
         * {@code apikey} header and the token decoded, as proxies and some servers do in their error messages.
         */
        ECHO
    }

    /** The failure codes of SPEC §9, in ascending order. */
    public static final List<Integer> CODES = List.of(417, 422, 439, 499, 500, 503);

    // The texts of the docs' response tabs, word for word.
    private static final Map<Integer, String> DOCS_MESSAGES = Map.of(
            417, "Failed to retrieve data, please try again or contact customer service.",
            422, "Parameter error.",
            439, "Subscription expired or insufficient balance.",
            499, "Please try again or set your request timeout to 60 seconds.",
            500, "Unexpected error, please contact customer service.",
            503, "API request concurrency limit exceeded, please reduce concurrency.");

    public Fault {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        switch (kind) {
            case HTTP_STATUS, JSON_CODE -> {
                if (!DOCS_MESSAGES.containsKey(code)) {
                    throw new IllegalArgumentException("Not a documented TMAPI failure code: " + code
                            + "; use one of " + CODES);
                }
            }
            case HTML_PAGE -> {
                if (code < 200 || code > 599) {
                    throw new IllegalArgumentException("Not an HTTP status: " + code);
                }
            }
            case MALFORMED_JSON, EMPTY_BODY, CONNECTION_DROP, CUT_OFF, SILENT_AFTER_HEADERS, TRICKLE, ECHO -> {
                if (code != 0) {
                    throw new IllegalArgumentException(kind + " carries no code");
                }
            }
        }
    }

    /** The failure code as the HTTP status, with the JSON error body. */
    public static Fault httpStatus(int code) {
        return new Fault(Kind.HTTP_STATUS, code);
    }

    /** HTTP 200 with the failure code in the JSON error body. */
    public static Fault jsonCode(int code) {
        return new Fault(Kind.JSON_CODE, code);
    }

    /** HTTP 200 whose JSON body is cut off half-way. */
    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED_JSON, 0);
    }

    /** An HTML "502 Bad Gateway" page with HTTP status 502, what a reverse proxy sends when the API is down. */
    public static Fault htmlPage() {
        return htmlPage(502);
    }

    /** An HTML error page with the given HTTP status; 200 imitates a captive portal or a misconfigured proxy. */
    public static Fault htmlPage(int httpStatus) {
        return new Fault(Kind.HTML_PAGE, httpStatus);
    }

    /** HTTP 200 with an empty body where the JSON answer should be. */
    public static Fault emptyBody() {
        return new Fault(Kind.EMPTY_BODY, 0);
    }

    /**
     * The connection is closed before any response byte is sent. HTTP clients commonly retry an idempotent GET once
     * on such a connection (the JDK client and Apache HttpClient do), so a one-shot drop may never reach the caller:
     * script two or more, or a standing one, to make a call fail.
     */
    public static Fault connectionDrop() {
        return new Fault(Kind.CONNECTION_DROP, 0);
    }

    /** HTTP 200 promising the whole answer and sending half of it before the connection closes. */
    public static Fault cutOff() {
        return new Fault(Kind.CUT_OFF, 0);
    }

    /** HTTP 200 headers and then silence, the connection held open. */
    public static Fault silentAfterHeaders() {
        return new Fault(Kind.SILENT_AFTER_HEADERS, 0);
    }

    /** HTTP 200 headers and then a blank every half second, never an answer. */
    public static Fault trickle() {
        return new Fault(Kind.TRICKLE, 0);
    }

    /** HTTP 500 whose message echoes the request, token and all. */
    public static Fault echo() {
        return new Fault(Kind.ECHO, 0);
    }

    /** The docs' message for a failure code of {@link #CODES}. */
    public static String docsMessage(int code) {
        String message = DOCS_MESSAGES.get(code);
        if (message == null) {
            throw new IllegalArgumentException("Not a documented TMAPI failure code: " + code);
        }
        return message;
    }

    /** Every failure code in both forms, then every transport fault: the set random faults draw from by default. */
    public static List<Fault> all() {
        List<Fault> faults = new ArrayList<>();
        for (int code : CODES) {
            faults.add(httpStatus(code));
            faults.add(jsonCode(code));
        }
        faults.add(malformedJson());
        faults.add(htmlPage());
        faults.add(connectionDrop());
        return List.copyOf(faults);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case HTTP_STATUS -> "HTTP " + code;
            case JSON_CODE -> "HTTP 200 with code " + code;
            case MALFORMED_JSON -> "malformed JSON";
            case HTML_PAGE -> "HTML page, HTTP " + code;
            case EMPTY_BODY -> "empty body";
            case CONNECTION_DROP -> "connection dropped";
            case CUT_OFF -> "answer cut off";
            case SILENT_AFTER_HEADERS -> "silence after the headers";
            case TRICKLE -> "a blank every half second";
            case ECHO -> "HTTP 500 echoing the request";
        };
    }
}
