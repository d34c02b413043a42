package org.tmapiroutes.tmapi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.files.TextFiles;
import org.tmapiroutes.secrets.Redaction;

/**
 * Writes a dead letter for a TMAPI request that failed for good:
 * {@code data/errors/<endpoint-id>/<yyyyMMdd-HHmmss>-<code>-<input or route>.json} with the endpoint, the parameters
 * (never the token), the code and message, how many attempts were made and when the first and last were.
 */
public final class TmapiDeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(TmapiDeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dataDir;

    public TmapiDeadLetters(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Synchronized: queries of one job fail side by side, and each must find its own free name. */
    public synchronized Path write(Exchange exchange) throws JsonProcessingException {
        TmapiFailureException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TmapiFailureException.class);
        QueryFetch fetch = QueryFetch.of(exchange);
        PageCursor cursor = fetch.cursor();
        Instant last = Instant.now();
        Instant first = fetch.firstAttempt();
        int redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);

        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("endpoint", cursor.query().endpoint().id());
        letter.put("path", cursor.query().endpoint().path());
        letter.put("parameters", cursor.nextRequestParameters());
        letter.put("code", failure.getCode());
        letter.put("message", failure.getReason());
        letter.put("attempts", redeliveries + 1);
        letter.put("first_attempt", first.toString());
        letter.put("last_attempt", last.toString());
        letter.put("input", source(exchange));
        letter.put("input_line", cursor.query().lineNumber());

        Path folder = dataDir.resolve("errors").resolve(cursor.query().endpoint().id());
        String name = FileNames.free(FileNames.stamp(LocalDateTime.now()) + "-" + failure.getCode() + "-"
                + FileNames.baseName(FileNames.sanitise(source(exchange))), ".json", folder);
        Path file = TextFiles.writeNew(folder.resolve(name),
                Redaction.scrub(JSON.writeValueAsString(letter)).getBytes(StandardCharsets.UTF_8));
        LOG.debug("Dead letter written: {}", file);
        return file;
    }

    /** The input file the request came from, or the route that asked for it. */
    private static String source(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return file != null ? file : String.valueOf(exchange.getFromRouteId());
    }
}
