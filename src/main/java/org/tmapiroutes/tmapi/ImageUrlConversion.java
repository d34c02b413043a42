package org.tmapiroutes.tmapi;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the image search take any picture: an {@code img_url} that is not hosted by Alibaba and not already a converted
 * path ({@code /search/…}) is first converted with {@code POST /1688/tools/image/convert_url}, and the converted path
 * is searched while the query (and so the {@code query} column) keeps the user's URL. A conversion is a TMAPI call
 * like a page: the same limiter, the same error policy (routes/tmapi-pages.camel.yaml calls it before the first page).
 * It is kept for 24 hours in {@link ImageConversions}, and queries asking for the same picture at once wait for one
 * conversion rather than each making their own.
 */
public final class ImageUrlConversion {

    /** The convert tool's path below the base URL. */
    public static final String PATH = "/1688/tools/image/convert_url";
    /** The image search the conversion is for ({@code search_api_endpoint}): image-search's path below /1688. */
    public static final String SEARCH_API_ENDPOINT =
            TmapiEndpoint.IMAGE_SEARCH.path().substring("/1688".length());
    /** How long a conversion is used before the picture is converted again. */
    public static final Duration KEPT = Duration.ofHours(24);
    /** The hosts (and their subdomains) whose pictures the image search takes as they are. */
    public static final List<String> ALIBABA_HOSTS = List.of("alicdn.com", "1688.com", "alibaba.com", "taobao.com",
            "tmall.com");
    /** The id under which conversions are counted in the metrics. */
    public static final String METRICS_ID = "image-convert";

    static final String IMG_URL = "img_url";

    private static final Logger LOG = LoggerFactory.getLogger(ImageUrlConversion.class);
    private static final Logger PROGRESS = LoggerFactory.getLogger("org.tmapiroutes.progress");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One picture being converted: the queries that want it take turns, so the first one's result serves the rest. */
    private static final class Turn {
        final Semaphore semaphore = new Semaphore(1);
        int users;
    }

    private final ImageConversions kept;
    private final TmapiRequest request;
    private final TmapiLimiter limiter;
    private final TmapiPause pause;
    private final TmapiMetrics metrics;
    private final Clock clock;
    private final Map<String, Turn> turns = new HashMap<>();

    public ImageUrlConversion(ImageConversions kept, TmapiRequest request, TmapiLimiter limiter, TmapiPause pause,
            TmapiMetrics metrics, Clock clock) {
        this.kept = kept;
        this.request = request;
        this.limiter = limiter;
        this.pause = pause;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Whether the image search cannot take the picture as it is: not a converted path ({@code /search/…}) and not on
     * an Alibaba host. A value whose host cannot be read is converted too: TMAPI says whether it is a picture.
     */
    public static boolean needsConversion(String imgUrl) {
        if (imgUrl == null || imgUrl.isBlank() || imgUrl.strip().startsWith("/search/")) {
            return false;
        }
        String host;
        try {
            host = URI.create(imgUrl.strip().replace(" ", "%20")).getHost();
        } catch (IllegalArgumentException notAUri) {
            return true;
        }
        if (host == null) {
            return true;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        return ALIBABA_HOSTS.stream().noneMatch(h -> lower.equals(h) || lower.endsWith("." + h));
    }

    /**
     * Before the first page of a query: whether its picture must be converted now. A picture converted within 24
     * hours is searched by the kept path at once; while another query converts the same picture, this one waits for
     * its turn and then finds it kept. When this returns {@code true} the exchange holds the picture's turn until
     * {@link #done}.
     */
    public boolean required(@ExchangeProperty(QueryFetch.PROPERTY) QueryFetch fetch) throws InterruptedException {
        PageCursor cursor = fetch.cursor();
        TmapiQuery query = cursor.query();
        String picture = query.parameters().get(IMG_URL);
        if (query.endpoint() != TmapiEndpoint.IMAGE_SEARCH || !needsConversion(picture)
                || !picture.equals(cursor.sentValue(IMG_URL))) {
            return false;
        }
        awaitTurn(picture);
        fetch.conversionTurn(picture);
        Optional<String> known = kept.find(picture, clock.instant());
        if (known.isPresent()) {
            cursor.send(IMG_URL, known.get());
            LOG.debug("{}: the picture was converted within {} h, searching {}", query.describe(), KEPT.toHours(),
                    known.get());
            done(fetch);
            return false;
        }
        return true;
    }

    /** The convert call: {@code POST /1688/tools/image/convert_url} with the picture and the image search it is for. */
    public void prepare(Exchange exchange) throws Exception {
        String picture = QueryFetch.of(exchange).query().parameters().get(IMG_URL);
        request.preparePost(exchange, PATH, JSON.writeValueAsString(
                Map.of("url", picture, "search_api_endpoint", SEARCH_API_ENDPOINT)));
    }

    /**
     * TMAPI's answer: the converted path is kept and searched from now on; a failure code (either form) fails the
     * query like a page would, for the error policy to retry or give up on.
     */
    public void read(Exchange exchange) {
        TmapiRequest.forget(exchange);
        QueryFetch fetch = QueryFetch.of(exchange);
        PageCursor cursor = fetch.cursor();
        String endpointId = cursor.query().endpoint().id();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        JsonNode answer;
        try {
            answer = TmapiPage.answer(endpointId, status == null ? 0 : status,
                    exchange.getMessage().getBody(byte[].class));
        } catch (TmapiFailureException failure) {
            metrics.request(METRICS_ID, failure.getCode());
            fetch.pauseStarted(limiter.failed(failure.getCode(), pause.window()));
            throw new TmapiFailureException(endpointId, failure.getCode(),
                    "the picture could not be converted for the image search (" + PATH + "): " + failure.getReason(),
                    failure.getCause());
        }
        JsonNode path = answer.path("data").path("image_url");
        if (!path.isTextual() || path.asText().isBlank()) {
            metrics.request(METRICS_ID, TmapiFailureException.TRANSPORT);
            throw new TmapiFailureException(endpointId, TmapiFailureException.TRANSPORT,
                    "the answer of " + PATH + " has no 'data.image_url'");
        }
        metrics.request(METRICS_ID, "200");
        limiter.succeeded();
        fetch.answered();
        String picture = cursor.query().parameters().get(IMG_URL);
        kept.keep(picture, path.asText(), clock.instant());
        cursor.send(IMG_URL, path.asText());
        exchange.getMessage().setBody(cursor.query());
        PROGRESS.info("{}: picture converted to {} (kept {} h)", cursor.query().describe(), path.asText(),
                KEPT.toHours());
    }

    /** Gives the picture's turn to the next query that waits for it; always called once {@link #required} said yes. */
    public void done(@ExchangeProperty(QueryFetch.PROPERTY) QueryFetch fetch) {
        String picture = fetch.releaseConversionTurn();
        if (picture == null) {
            return;
        }
        synchronized (turns) {
            Turn turn = turns.get(picture);
            turn.semaphore.release();
            if (--turn.users == 0) {
                turns.remove(picture);
            }
        }
    }

    private void awaitTurn(String picture) throws InterruptedException {
        Turn turn;
        synchronized (turns) {
            turn = turns.computeIfAbsent(picture, p -> new Turn());
            turn.users++;
        }
        try {
            turn.semaphore.acquire();
        } catch (InterruptedException e) {
            synchronized (turns) {
                if (--turn.users == 0) {
                    turns.remove(picture);
                }
            }
            throw e;
        }
    }
}
