package org.tmapiroutes.app.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * A local TMAPI server for tests and the {@code --demo} mode: it answers the endpoints of {@link TmapiEndpoint} and
 * the image URL conversion tool ({@code POST /1688/tools/image/convert_url}, counted as {@link #IMAGE_CONVERT}) over
 * real HTTP, shaped exactly like the docs' examples, from a deterministic generated catalog, and fails on request.
 *
 * <p>Each query (an endpoint and the value of its required parameter) has a fixed list of products generated from a
 * seed of the endpoint id and the value, so the same request gives the same bytes in every run and JVM. Pages, sorts
 * and price filters work on that list as on the real API.
 *
 * <p>A request is checked in this order, and the first check that fails decides the answer:
 * <ol>
 *   <li>a path TMAPI does not have: HTTP 404, {@code {"code":404,"msg":"Not Found","data":null}};</li>
 *   <li>a method other than GET (POST for the convert tool): HTTP 405,
 *       {@code {"code":405,"msg":"Method Not Allowed","data":null}};</li>
 *   <li>a missing or wrong token, sent as the {@code apiToken} query parameter or as the {@code apikey} header (the
 *       docs' two ways): HTTP 401, {@code {"code":401,"msg":"Invalid apiToken","data":null}}. The docs do not say
 *       how TMAPI answers this case; this answer is the simulator's choice;</li>
 *   <li>an injected {@link Fault}: scripted ones ({@link #failNext}) first, then standing ones
 *       ({@link #failAlways}), then random ones ({@link #setRandomFaults});</li>
 *   <li>a parameter that breaks the docs (missing or empty required value, unknown enum value, non-integer or
 *       non-positive integer, bad boolean, bad price), an image search for a picture on a web host outside Alibaba,
 *       or a convert call without a {@code url}: HTTP 422 with the docs' 422 message;</li>
 *   <li>otherwise HTTP 200 and the page.</li>
 * </ol>
 *
 * <p>Every failure body is {@code {"code":<code>,"msg":"<message>","data":null}} with
 * {@code Content-Type: application/json; charset=utf-8}. The apiToken is never recorded or logged.
 */
public final class TmapiSimulator implements AutoCloseable {

    /** The id under which convert calls ({@code POST /1688/tools/image/convert_url}) are counted and can fail. */
    public static final String IMAGE_CONVERT = "image-convert";
    /** The image URL conversion tool's path (docs: convert-url.md). */
    public static final String CONVERT_PATH = "/1688/tools/image/convert_url";

    /** Items per query unless set otherwise: 45, so that with 20 a page the last page is partial. */
    public static final int DEFAULT_ITEMS_PER_QUERY = 45;

    private static final Logger LOG = LoggerFactory.getLogger(TmapiSimulator.class);
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String HTML_TYPE = "text/html; charset=utf-8";
    // Enough threads that the product's concurrency limit, not the simulator, is what tests observe.
    private static final int THREADS = 32;
    // Bounded so that a long demo run does not grow without end; counts stay exact.
    private static final int MAX_RECORDED_REQUESTS = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The image search endpoints the convert tool converts for (its {@code search_api_endpoint}). */
    private static final List<String> SEARCH_API_ENDPOINTS = List.of("/search/image", "/global/search/image",
            "/global/search/image/v2");
    private static final List<String> ALIBABA_HOSTS = List.of("alicdn.com", "1688.com", "alibaba.com", "taobao.com",
            "tmall.com");
    private static final java.util.regex.Pattern WEB_ADDRESS =
            java.util.regex.Pattern.compile("(?i)https?://([^/:?#\\s]+).*");

    /** What the simulator sends back for one request; {@code httpStatus == null} drops the connection. */
    private record Answer(Integer httpStatus, String contentType, byte[] body, Integer jsonCode, Fault fault) {
        Answer withFault(Fault injected) {
            return new Answer(httpStatus, contentType, body, jsonCode, injected);
        }
    }

    /** A delay before each answer, between {@code min} and {@code max}. */
    private record Latency(Duration min, Duration max, Random random) {
        static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO, null);

        Duration next() {
            if (min.equals(max)) {
                return min;
            }
            long range = max.toNanos() - min.toNanos();
            synchronized (random) {
                return min.plusNanos((long) (random.nextDouble() * range));
            }
        }
    }

    private final byte[] apiToken;
    private final FaultSchedule faults = new FaultSchedule();
    private final Map<String, Integer> itemsForQuery = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    /** How often a {@link Fault.Kind#TRICKLE} answer sends its blank. */
    private static final Duration TRICKLE_EVERY = Duration.ofMillis(500);
    /** How long an answer that never comes holds its connection at most. */
    private static final Duration HOLD_AT_MOST = Duration.ofMinutes(2);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>();
    private final Map<String, Integer> countsByEndpoint = new HashMap<>();
    private int count;

    private volatile int itemsPerQuery = DEFAULT_ITEMS_PER_QUERY;
    private volatile int catalogVersion = 1;
    private volatile ItemCustomizer itemCustomizer;
    private volatile Latency latency = Latency.NONE;
    private volatile int accountConcurrency;

    private HttpServer server;
    private ExecutorService executor;

    /** A simulator that accepts exactly this apiToken. */
    public TmapiSimulator(String apiToken) {
        if (apiToken == null || apiToken.isEmpty()) {
            throw new IllegalArgumentException("The simulator needs the apiToken it should accept");
        }
        this.apiToken = apiToken.getBytes(StandardCharsets.UTF_8);
    }

    // ---- lifecycle

    /** Starts on a free port of 127.0.0.1. */
    public TmapiSimulator start() {
        return start(0);
    }

    /** Starts on the given port of 127.0.0.1; 0 picks a free one. */
    public synchronized TmapiSimulator start(int port) {
        if (server != null || closing.getCount() == 0) {
            throw new IllegalStateException("A simulator starts once");
        }
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK and
        // every keep-alive request stalls ~40 ms. The JDK reads this once, when its first server is created.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(loopback(), port), 64);
            AtomicInteger threadNumber = new AtomicInteger();
            executor = Executors.newFixedThreadPool(THREADS, task -> {
                Thread thread = new Thread(task, "tmapi-simulator-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            created.setExecutor(executor);
            created.createContext("/", this::handle);
            created.start();
            server = created;
        } catch (IOException e) {
            if (executor != null) {
                executor.shutdownNow();
            }
            throw new IllegalStateException("Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        LOG.info("TMAPI simulator listening on {} (simulated data)", baseUrl());
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, the {@code tmapi.base-url} that points the product at this simulator. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("The simulator is not started");
        }
        return server.getAddress().getPort();
    }

    /** Stops at once: requests waiting out a latency are cut short and open connections are closed. */
    @Override
    public synchronized void close() {
        closing.countDown();
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- catalog

    /** How many items every query has unless {@link #setItemsForQuery} says otherwise; default 45. */
    public void setItemsPerQuery(int items) {
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, was " + items);
        }
        itemsPerQuery = items;
    }

    /** How many items one query has, e.g. 0 for a category without products or 60 for exactly three pages. */
    public void setItemsForQuery(String endpointId, String value, int items) {
        TmapiEndpoint.require(endpointId);
        Objects.requireNonNull(value, "value");
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, was " + items);
        }
        itemsForQuery.put(queryKey(endpointId, value), items);
    }

    /**
     * Moves the catalog to another version, from 1 (the default). Each version above 1 changes the price of about
     * one item in five and lists three new items first, deterministically, so that "what changed since the last run"
     * can be tested. Queries with no items stay empty.
     */
    public void setCatalogVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        catalogVersion = version;
    }

    /** Changes every item before it is sent; {@code null} removes the customizer. */
    public void setItemCustomizer(ItemCustomizer customizer) {
        itemCustomizer = customizer;
    }

    // ---- faults

    /** Fails the next {@code times} requests to the endpoint (every endpoint when {@code null}). */
    public void failNext(String endpointIdOrNull, Fault fault, int times) {
        faults.failNext(checkedEndpointId(endpointIdOrNull), null, fault, times);
    }

    /** Fails the next {@code times} requests to the endpoint whose required parameter equals {@code value}. */
    public void failNext(String endpointId, String value, Fault fault, int times) {
        faults.failNext(knownId(endpointId), Objects.requireNonNull(value, "value"), fault, times);
    }

    /** Fails every request to the endpoint (every endpoint when {@code null}) until {@link #clearFaults()}. */
    public void failAlways(String endpointIdOrNull, Fault fault) {
        faults.failAlways(checkedEndpointId(endpointIdOrNull), null, fault);
    }

    /** Fails every request to the endpoint whose required parameter equals {@code value}. */
    public void failAlways(String endpointId, String value, Fault fault) {
        faults.failAlways(knownId(endpointId), Objects.requireNonNull(value, "value"), fault);
    }

    /**
     * Fails each request that no scripted or standing fault took with probability {@code rate}, with a fault drawn
     * from {@code faults}; the draws repeat for the same seed and the same order of requests. A rate of 0 turns
     * random faults off.
     */
    public void setRandomFaults(double rate, long seed, List<Fault> faults) {
        this.faults.setRandomFaults(rate, seed, faults);
    }

    /** Removes every scripted, standing and random fault. */
    public void clearFaults() {
        faults.clear();
    }

    // ---- latency

    /** Delays every answer by this long; replaces any jitter. */
    public void setLatency(Duration fixed) {
        requireNotNegative(fixed);
        latency = new Latency(fixed, fixed, null);
    }

    /** Delays every answer by a time drawn between {@code min} and {@code max}; replaces any fixed latency. */
    public void setLatencyJitter(Duration min, Duration max, long seed) {
        requireNotNegative(min);
        requireNotNegative(max);
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max latency " + max + " is below min latency " + min);
        }
        latency = new Latency(min, max, new Random(seed));
    }

    // ---- the account

    /**
     * The account's concurrency limit, as TMAPI enforces it: a request that arrives while this many are answered
     * already is refused at once with the docs' 503 ("API request concurrency limit exceeded"); 0 (the default): no
     * limit.
     */
    public void setAccountConcurrency(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("the concurrency limit must be 0 (none) or more, was " + limit);
        }
        accountConcurrency = limit;
    }

    // ---- observation

    /** Requests answered so far, dropped connections included. */
    public int requestCount() {
        synchronized (recorded) {
            return count;
        }
    }

    /** Requests answered so far on one endpoint's path ({@link #IMAGE_CONVERT}: convert calls). */
    public int requestCount(String endpointId) {
        knownId(endpointId);
        synchronized (recorded) {
            return countsByEndpoint.getOrDefault(endpointId, 0);
        }
    }

    /** The requests answered so far, oldest first (the latest 10 000 at most). */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** Requests being handled right now, latency included. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most requests handled at once since the start or the last {@link #resetCounters()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Forgets the recorded requests and counts; the high-water mark restarts from the requests in flight now. */
    public void resetCounters() {
        synchronized (recorded) {
            recorded.clear();
            countsByEndpoint.clear();
            count = 0;
        }
        maxInFlight.set(inFlight.get());
    }

    // ---- request handling

    private void handle(HttpExchange exchange) {
        Instant start = Instant.now();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean overLimit = accountConcurrency > 0 && now > accountConcurrency;
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = decodeQuery(exchange.getRequestURI().getRawQuery());
        String queryToken = query.remove("apiToken");
        String headerToken = exchange.getRequestHeaders().getFirst("apikey");
        String token = queryToken != null ? queryToken : headerToken;
        String tokenIn = queryToken != null ? RecordedRequest.QUERY : headerToken != null ? RecordedRequest.HEADER : null;
        boolean tokenValid = token != null
                && MessageDigest.isEqual(apiToken, token.getBytes(StandardCharsets.UTF_8));
        boolean convert = CONVERT_PATH.equals(path);
        Optional<TmapiEndpoint> endpoint = Arrays.stream(TmapiEndpoint.values())
                .filter(e -> e.path().equals(path)).findFirst();
        String endpointId = convert ? IMAGE_CONVERT : endpoint.map(TmapiEndpoint::id).orElse(null);
        Answer answer;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (overLimit) {
                answer = json(503, docsFailure(503)).withFault(Fault.httpStatus(503));
            } else if (convert) {
                awaitLatency();
                Map<String, String> fields = bodyFields(body);
                answer = convert(exchange.getRequestMethod(), tokenValid, fields);
                fields.forEach(query::putIfAbsent);
            } else {
                awaitLatency();
                if (endpoint.isPresent() && endpoint.get().postsJson()) {
                    bodyFields(body).forEach(query::putIfAbsent);
                }
                answer = answer(exchange.getRequestMethod(), endpoint.orElse(null), tokenValid, query);
            }
            if (answer.fault() != null && answer.fault().kind() == Fault.Kind.ECHO) {
                answer = json(500, ResponseShape.failure(500, Fault.docsMessage(500) + " Request: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + "?"
                        + exchange.getRequestURI().getRawQuery() + " apikey: " + headerToken + " token: " + token))
                        .withFault(answer.fault());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("TMAPI simulator failed on {}", path, e);
            answer = json(500, docsFailure(500));
        } finally {
            inFlight.decrementAndGet();
        }
        // Recorded before the answer goes out, so a test that has the answer also sees the record.
        record(new RecordedRequest(endpointId, path, query, tokenIn, tokenValid, answer.httpStatus(),
                answer.jsonCode(), answer.fault(), start, Instant.now()));
        if (closing.getCount() == 0) {
            // closed while this request waited: it is cut off unanswered, as a server that stopped cuts it off
            exchange.close();
            return;
        }
        send(exchange, answer);
    }

    private Answer answer(String method, TmapiEndpoint endpoint, boolean tokenValid, Map<String, String> query) {
        if (endpoint == null) {
            return json(404, ResponseShape.failure(404, "Not Found"));
        }
        if (!(endpoint.postsJson() ? "POST" : "GET").equals(method)) {
            return json(405, ResponseShape.failure(405, "Method Not Allowed"));
        }
        if (!tokenValid) {
            return json(401, ResponseShape.failure(401, "Invalid apiToken"));
        }
        Fault fault = faults.next(endpoint.id(), endpoint.queryValue(query));
        if (fault != null) {
            return faulty(fault, () -> page(endpoint, query)).withFault(fault);
        }
        return page(endpoint, query);
    }

    /** The image URL conversion tool: a path derived from the picture's URL, always the same for the same URL. */
    private Answer convert(String method, boolean tokenValid, Map<String, String> fields) {
        if (!"POST".equals(method)) {
            return json(405, ResponseShape.failure(405, "Method Not Allowed"));
        }
        if (!tokenValid) {
            return json(401, ResponseShape.failure(401, "Invalid apiToken"));
        }
        String url = fields.get("url");
        Fault fault = faults.next(IMAGE_CONVERT, url);
        Supplier<Answer> normal = () -> {
            String endpoint = fields.getOrDefault("search_api_endpoint", "/search/image");
            if (url == null || !url.matches("(?i)https?://\\S+") || !SEARCH_API_ENDPOINTS.contains(endpoint)) {
                LOG.debug("TMAPI simulator refuses the conversion of {} for {}", url, endpoint);
                return json(422, docsFailure(422));
            }
            return json(200, ResponseShape.converted(convertedPath(url)));
        };
        return fault != null ? faulty(fault, normal).withFault(fault) : normal.get();
    }

    /** {@code /search/imgextra/1692942898123_q7ftzxs9.jpg}: the docs' form, from a hash of the URL. */
    static String convertedPath(String url) {
        long seed = SimulatedCatalog.seed("convert\n" + url);
        Random random = new Random(seed);
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            suffix.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        long millis = 1_600_000_000_000L + Math.floorMod(seed, 200_000_000_000L);
        return "/search/imgextra/" + millis + "_" + suffix + ".jpg";
    }

    /** The text fields of a JSON object body; anything else gives none, which the convert call refuses. */
    private static Map<String, String> bodyFields(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            com.fasterxml.jackson.databind.JsonNode json = MAPPER.readTree(body);
            if (json != null && json.isObject()) {
                json.fields().forEachRemaining(f -> {
                    if (f.getValue().isTextual()) {
                        fields.put(f.getKey(), f.getValue().textValue());
                    }
                });
            }
        } catch (IOException notJson) {
            LOG.debug("TMAPI simulator: a convert call whose body is not JSON");
        }
        return fields;
    }

    /**
     * Whether an image search can use the picture: a converted path ({@code /search/…}) or a picture on an Alibaba
     * host. The docs say "Only images from Alibaba-affiliated platforms can be identified" but not how the API
     * refuses others; the simulator answers like a parameter error (422). Values that are no web address at all are
     * taken as image paths, so that generated test queries need no real picture.
     */
    private static boolean searchable(String imgUrl) {
        java.util.regex.Matcher web = WEB_ADDRESS.matcher(imgUrl);
        if (!web.matches()) {
            return true;
        }
        String host = web.group(1).toLowerCase(java.util.Locale.ROOT);
        return ALIBABA_HOSTS.stream().anyMatch(h -> host.equals(h) || host.endsWith("." + h));
    }

    private Answer page(TmapiEndpoint endpoint, Map<String, String> parameters) {
        PageQuery query;
        try {
            query = PageQuery.parse(endpoint, parameters);
        } catch (PageQuery.InvalidParameter e) {
            LOG.debug("TMAPI simulator refuses {}: {}", endpoint.id(), e.getMessage());
            return json(422, docsFailure(422));
        }
        if (!endpoint.listsProducts()) {
            if (endpoint.postsJson() && SourcingAnswers.itemIdOfLink(query.value()) == null) {
                LOG.debug("TMAPI simulator refuses {}: no item in the link {}", endpoint.id(), query.value());
                return json(422, docsFailure(422));
            }
            ObjectNode answer = SourcingAnswers.answer(query, catalogVersion);
            ItemCustomizer customizer = itemCustomizer;
            if (customizer != null && answer.get("data") instanceof ObjectNode record) {
                customizer.customize(endpoint.id(), query.value(), 0, record);
            }
            return json(200, answer);
        }
        if (endpoint == TmapiEndpoint.IMAGE_SEARCH && !searchable(query.value())) {
            LOG.debug("TMAPI simulator refuses an image search for {}: not an Alibaba picture", query.value());
            return json(422, docsFailure(422));
        }
        int items = itemsForQuery.getOrDefault(queryKey(endpoint.id(), query.value()), itemsPerQuery);
        List<SimulatedProduct> catalog = SimulatedCatalog.products(endpoint, query.value(), items, catalogVersion);
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            if (query.keeps(catalog.get(i))) {
                selected.add(i);
            }
        }
        // List.sort is stable: equal products keep their default order.
        Comparator<SimulatedProduct> order = query.order();
        selected.sort((a, b) -> order.compare(catalog.get(a), catalog.get(b)));

        long from = (long) (query.page() - 1) * query.pageSize();
        long to = Math.min(selected.size(), from + query.pageSize());
        ItemCustomizer customizer = itemCustomizer;
        List<ObjectNode> pageItems = new ArrayList<>();
        for (long i = from; i < to; i++) {
            int index = selected.get((int) i);
            ObjectNode item = ResponseShape.item(query, catalog.get(index));
            if (customizer != null) {
                customizer.customize(endpoint.id(), query.value(), index, item);
            }
            pageItems.add(item);
        }
        boolean hasNextPage = from + query.pageSize() < selected.size();
        return json(200, ResponseShape.page(query, selected.size(), hasNextPage, pageItems));
    }

    private Answer faulty(Fault fault, Supplier<Answer> normal) {
        return switch (fault.kind()) {
            case HTTP_STATUS -> json(fault.code(), docsFailure(fault.code()));
            case JSON_CODE -> json(200, docsFailure(fault.code()));
            case MALFORMED_JSON -> {
                String whole = new String(normal.get().body(), StandardCharsets.UTF_8);
                byte[] truncated = whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.UTF_8);
                yield new Answer(200, JSON_TYPE, truncated, null, fault);
            }
            case HTML_PAGE -> new Answer(fault.code(), HTML_TYPE, htmlErrorPage(fault.code()), null, fault);
            case EMPTY_BODY -> new Answer(200, JSON_TYPE, new byte[0], null, fault);
            case CONNECTION_DROP -> new Answer(null, null, null, null, fault);
            // sent as the answer's headers, and then not as a whole (see send)
            case CUT_OFF, SILENT_AFTER_HEADERS, TRICKLE -> new Answer(200, JSON_TYPE, normal.get().body(), null, fault);
            // its message is made in handle, which has the request to echo
            case ECHO -> json(500, docsFailure(500));
        };
    }

    private void send(HttpExchange exchange, Answer answer) {
        try (exchange) {
            if (answer.httpStatus() == null) {
                // Closing an exchange whose headers were never sent closes the TCP connection: no response at all.
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            Fault.Kind broken = answer.fault() == null ? null : answer.fault().kind();
            if (broken == Fault.Kind.SILENT_AFTER_HEADERS || broken == Fault.Kind.TRICKLE) {
                // chunked: the headers go out at once, the answer never does
                exchange.sendResponseHeaders(answer.httpStatus(), 0);
                OutputStream body = exchange.getResponseBody();
                body.flush();
                // held until the client gives up (a trickle's write then fails), the simulator closes, or 2 minutes
                Instant giveUp = Instant.now().plus(HOLD_AT_MOST);
                do {
                    if (broken == Fault.Kind.TRICKLE) {
                        body.write(' ');
                        body.flush();
                    }
                } while (!closing.await(TRICKLE_EVERY.toMillis(), TimeUnit.MILLISECONDS)
                        && Instant.now().isBefore(giveUp));
                return;
            }
            // -1 sends Content-Length: 0 (0 would mean a chunked answer of unknown length)
            exchange.sendResponseHeaders(answer.httpStatus(), answer.body().length == 0 ? -1 : answer.body().length);
            OutputStream body = exchange.getResponseBody();
            if (broken == Fault.Kind.CUT_OFF) {
                body.write(answer.body(), 0, answer.body().length / 2);
                body.flush();
                // closing the exchange short of the promised length drops the connection
                return;
            }
            try (body) {
                body.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up or the simulator is closing; nobody is left to answer.
            LOG.debug("TMAPI simulator could not answer {}: {}", exchange.getRequestURI().getPath(), e.getMessage());
        }
    }

    private void awaitLatency() {
        Duration delay = latency.next();
        if (delay.isZero()) {
            return;
        }
        try {
            // Waiting on the closing latch rather than sleeping lets close() cut the delay short.
            closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(RecordedRequest request) {
        synchronized (recorded) {
            count++;
            if (request.endpointId() != null) {
                countsByEndpoint.merge(request.endpointId(), 1, Integer::sum);
            }
            recorded.addLast(request);
            if (recorded.size() > MAX_RECORDED_REQUESTS) {
                recorded.removeFirst();
            }
        }
    }

    private static Answer json(int httpStatus, ObjectNode body) {
        try {
            return new Answer(httpStatus, JSON_TYPE, MAPPER.writeValueAsBytes(body), body.get("code").asInt(), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }

    private static ObjectNode docsFailure(int code) {
        return ResponseShape.failure(code, Fault.docsMessage(code));
    }

    private static byte[] htmlErrorPage(int status) {
        String title = switch (status) {
            case 200 -> "系统维护中";
            case 500 -> "500 Internal Server Error";
            case 502 -> "502 Bad Gateway";
            case 503 -> "503 Service Temporarily Unavailable";
            case 504 -> "504 Gateway Time-out";
            default -> status + " Error";
        };
        String page = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        return page.getBytes(StandardCharsets.UTF_8);
    }

    /** Query parameters decoded as UTF-8, in request order; of a repeated parameter the first value counts. */
    private static Map<String, String> decodeQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A broken %-escape is taken literally, as lenient servers do.
            return text;
        }
    }

    private static String queryKey(String endpointId, String value) {
        return endpointId + "\n" + value;
    }

    private static String checkedEndpointId(String endpointIdOrNull) {
        return endpointIdOrNull == null ? null : knownId(endpointIdOrNull);
    }

    /** An endpoint id of the catalog, or {@link #IMAGE_CONVERT}. */
    private static String knownId(String id) {
        return IMAGE_CONVERT.equals(id) ? id : TmapiEndpoint.require(id).id();
    }

    private static void requireNotNegative(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or more, was " + duration);
        }
    }

    private static InetAddress loopback() throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    }
}
