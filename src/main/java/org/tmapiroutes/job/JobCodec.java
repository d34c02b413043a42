package org.tmapiroutes.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
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
    // made once: a page's products are written and read without looking up ProductRow's serializers again
    private static final ObjectWriter ROW_WRITER = JSON.writerFor(ProductRow.class).withRootValueSeparator("\n");
    private static final ObjectReader ROW_READER = JSON.readerFor(ProductRow.class);

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

    /** Products as JSON lines in UTF-8, a line a product, each ended by a line feed. */
    static byte[] rows(List<ProductRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 800);
        try (SequenceWriter lines = ROW_WRITER.writeValues(out)) {
            lines.writeAll(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!rows.isEmpty()) {
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The products of JSON lines, read one at a time as they are asked for; closing it closes {@code in}. */
    static MappingIterator<ProductRow> rows(InputStream in) throws IOException {
        return ROW_READER.readValues(in);
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
