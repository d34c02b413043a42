package org.tmapiroutes.tmapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One page of a TMAPI answer: what pagination needs to know ({@code page}, {@code page_size}, {@code has_next_page},
 * {@code total_count}) and the raw items. Reading an answer is where both failure forms become a
 * {@link TmapiFailureException}.
 *
 * @param page        the page number the answer says, or {@code null}
 * @param pageSize    the page size the answer says, or {@code null}
 * @param hasNextPage the answer's {@code has_next_page}, or {@code null} where the endpoint has none
 * @param totalCount  the answer's {@code total_count} (a number or a numeric string in the docs), or {@code null}
 * @param items       the {@code data.items} array
 */
public record TmapiPage(Integer page, Integer pageSize, Boolean hasNextPage, Long totalCount, JsonNode items) {

    /** The docs' text for each failure code, used when an answer carries no message of its own. */
    public static final Map<String, String> DOCUMENTED_MESSAGES = Map.of(
            "417", "Failed to retrieve data, please try again or contact customer service.",
            "422", "Parameter error.",
            "439", "Subscription expired or insufficient balance.",
            "499", "Please try again or set your request timeout to 60 seconds.",
            "500", "Unexpected error, please contact customer service.",
            "503", "API request concurrency limit exceeded, please reduce concurrency.");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads an HTTP answer. A non-2xx status or a JSON {@code code} other than 200 raises the same failure code; a
     * body that is not the documented JSON raises a {@code transport} failure.
     */
    public static TmapiPage read(String endpointId, int httpStatus, String body) {
        return read(endpointId, httpStatus, bytes(body));
    }

    /** As {@link #read(String, int, String)}, from the answer's bytes as they came (UTF-8 JSON). */
    public static TmapiPage read(String endpointId, int httpStatus, byte[] body) {
        JsonNode root = answer(endpointId, httpStatus, body);
        JsonNode data = root.path("data");
        TmapiEndpoint.Answer shape = TmapiEndpoint.byId(endpointId).map(TmapiEndpoint::answer)
                .orElse(TmapiEndpoint.Answer.ITEMS);
        if (shape == TmapiEndpoint.Answer.RECORD) {
            if (!data.isObject()) {
                throw new TmapiFailureException(endpointId, TmapiFailureException.TRANSPORT,
                        "the answer has no 'data' object");
            }
            return new TmapiPage(null, null, false, null, JSON.createArrayNode().add(data));
        }
        JsonNode items = data.path(shape.field());
        if (!items.isArray()) {
            throw new TmapiFailureException(endpointId, TmapiFailureException.TRANSPORT,
                    "the answer has no 'data." + shape.field() + "' list");
        }
        if (shape == TmapiEndpoint.Answer.ITEMS_AS_ASKED) {
            // the page and page size the answer repeats are not trusted: the cursor counts what it asked
            return new TmapiPage(null, null, null, longOrNull(data.get("total_count")), items);
        }
        return new TmapiPage(intOrNull(data.get("page")), intOrNull(data.get("page_size")),
                data.has("has_next_page") && data.get("has_next_page").isBoolean() ? data.get("has_next_page").asBoolean() : null,
                longOrNull(data.get("total_count")), items);
    }

    /**
     * Reads any TMAPI answer (a page, a conversion): its JSON when the HTTP status is 2xx and the JSON {@code code}
     * is 200, else the failure both forms map to.
     */
    public static JsonNode answer(String endpointId, int httpStatus, String body) {
        return answer(endpointId, httpStatus, bytes(body));
    }

    /** As {@link #answer(String, int, String)}, from the answer's bytes as they came. */
    public static JsonNode answer(String endpointId, int httpStatus, byte[] bytes) {
        JsonNode root = parse(bytes);
        // the text of an answer that is not the documented JSON, made only to say what it is
        String body = root != null && root.isObject() && httpStatus >= 200 && httpStatus < 300 ? null : text(bytes);
        boolean statusOk = httpStatus >= 200 && httpStatus < 300;
        if (!statusOk) {
            String code;
            if (root != null && root.path("code").canConvertToInt() && root.path("code").asInt() != 200) {
                code = root.path("code").asText();
            } else if (root != null || DOCUMENTED_MESSAGES.containsKey(String.valueOf(httpStatus))) {
                code = String.valueOf(httpStatus);
            } else {
                // not TMAPI answering (a proxy's error page, say): a transport failure, retried like one
                throw new TmapiFailureException(endpointId, TmapiFailureException.TRANSPORT,
                        "HTTP status " + httpStatus + ", and the answer is not JSON (" + describe(body) + ")");
            }
            throw new TmapiFailureException(endpointId, code, messageOf(root, code, "HTTP status " + httpStatus));
        }
        if (root == null || !root.isObject()) {
            throw new TmapiFailureException(endpointId, TmapiFailureException.TRANSPORT, malformed(body)
                    .orElse("the answer is not JSON (" + describe(body) + ")"));
        }
        JsonNode code = root.get("code");
        if (code == null || !code.canConvertToInt()) {
            throw new TmapiFailureException(endpointId, TmapiFailureException.TRANSPORT,
                    "the answer has no numeric 'code' field");
        }
        if (code.asInt() != 200) {
            throw new TmapiFailureException(endpointId, code.asText(), messageOf(root, code.asText(), "code " + code));
        }
        return root;
    }

    public int itemCount() {
        return items.size();
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            // blanks alone are no answer either
            JsonNode root = JSON.readTree(body);
            return root == null || root.isMissingNode() ? null : root;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] bytes(String body) {
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    private static String messageOf(JsonNode root, String code, String fallback) {
        if (root != null && root.path("msg").isTextual() && !root.path("msg").asText().isBlank()) {
            return root.path("msg").asText();
        }
        return DOCUMENTED_MESSAGES.getOrDefault(code, fallback);
    }

    /**
     * What is wrong with an answer that begins as JSON and is not, e.g. {@code malformed answer: unexpected end of
     * JSON at byte 5,120 of 5,120} (cut off); empty when it does not even begin as JSON.
     */
    private static Optional<String> malformed(String body) {
        String start = body == null ? "" : body.stripLeading();
        if (!start.startsWith("{") && !start.startsWith("[")) {
            return Optional.empty();
        }
        try {
            JSON.readTree(body);
            return Optional.of("malformed answer: not a JSON object");
        } catch (JsonProcessingException e) {
            String what = e instanceof JsonEOFException ? "unexpected end of JSON"
                    : "invalid JSON";
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            return Optional.of(String.format(java.util.Locale.ROOT, "malformed answer: %s at character %,d of %,d",
                    what, at < 0 ? body.length() : at, body.length()));
        }
    }

    private static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return "starts with: " + (oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine);
    }

    private static Integer intOrNull(JsonNode node) {
        Long value = longOrNull(node);
        return value == null ? null : value.intValue();
    }

    /** Numbers arrive as JSON numbers or as strings ({@code "total_count": "2465"}). */
    private static Long longOrNull(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
