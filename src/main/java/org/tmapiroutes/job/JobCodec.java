package org.tmapiroutes.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.PageCursor;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/** How a job's queries, page cursors (in the state store) and products (in its unfinished output) are kept: as JSON. */
public final class JobCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            // a product's unknown values are left out: a page of 500 products stays small
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private JobCodec() {
    }

    public static String query(TmapiQuery query) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpoint", query.endpoint().id());
        json.put("parameters", query.parameters());
        json.put("maxPages", query.maxPages());
        json.put("maxItems", query.maxItems());
        json.put("line", query.lineNumber());
        json.put("input", query.inputRow());
        return write(json);
    }

    @SuppressWarnings("unchecked")
    static TmapiQuery query(String text) {
        Map<String, Object> json = read(text, MAP);
        Object maxItems = json.get("maxItems");
        return new TmapiQuery(TmapiEndpoint.require((String) json.get("endpoint")),
                (Map<String, String>) json.get("parameters"), ((Number) json.get("maxPages")).intValue(),
                maxItems == null ? null : ((Number) maxItems).intValue(), ((Number) json.get("line")).intValue(),
                (Map<String, String>) json.get("input"));
    }

    static String cursor(PageCursor cursor) {
        return write(cursor.state());
    }

    /** The query's cursor where its last recorded page left it, or a new one before its first page. */
    static PageCursor cursor(TmapiQuery query, String text) {
        return text == null ? new PageCursor(query) : PageCursor.resume(query, read(text, MAP));
    }

    static String row(ProductRow row) {
        return write(row);
    }

    static ProductRow row(String text) {
        try {
            return JSON.readValue(text, ProductRow.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
