package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tmapiroutes.app.RunningBundle.read;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmapiroutes.app.simulator.Fault;

/**
 * Every failure code, in both forms TMAPI uses (HTTP status, and HTTP 200 with a JSON code), retried as its clause in
 * routes/tmapi-errors.camel.yaml says, then dead-lettered and listed in the job's -failed.csv.
 */
class FailureCodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static RunningBundle bundle;
    static int fileCounter;

    @BeforeAll
    static void start() {
        bundle = RunningBundle.start(dataDir, Path.of("routes"), Map.of("tmapi.timeout-seconds", "2",
                "tmapi.max-response-mb", "1"));
    }

    @AfterAll
    static void stop() {
        bundle.close();
    }

    @BeforeEach
    void reset() {
        bundle.simulator.clearFaults();
        bundle.simulator.setItemCustomizer(null);
        bundle.simulator.setLatency(java.time.Duration.ZERO);
        bundle.simulator.resetCounters();
    }

    /** The reason TMAPI's docs give a code, which the dead letter and the -failed.csv repeat. */
    private static String docs(int code) {
        return Fault.docsMessage(code);
    }

    private static final String TIMEOUT = "timeout: no complete answer within 2 s (tmapi.timeout-seconds)";

    static Stream<Arguments> codesAndForms() {
        return Stream.of(
                Arguments.of(Fault.httpStatus(417), "417", 4, docs(417)),
                Arguments.of(Fault.jsonCode(417), "417", 4, docs(417)),
                Arguments.of(Fault.httpStatus(422), "422", 1, docs(422)),
                Arguments.of(Fault.jsonCode(422), "422", 1, docs(422)),
                Arguments.of(Fault.httpStatus(499), "499", 3, docs(499)),
                Arguments.of(Fault.jsonCode(499), "499", 3, docs(499)),
                Arguments.of(Fault.httpStatus(500), "500", 3, docs(500)),
                Arguments.of(Fault.jsonCode(500), "500", 3, docs(500)),
                Arguments.of(Fault.httpStatus(503), "503", 7, docs(503)),
                Arguments.of(Fault.jsonCode(503), "503", 7, docs(503)),
                Arguments.of(Fault.malformedJson(), "transport", 3,
                        "malformed answer: unexpected end of JSON at character "),
                Arguments.of(Fault.htmlPage(), "transport", 3, "HTTP status 502, and the answer is not JSON"
                        + " (starts with: <html> <head><title>502 Bad Gateway</title>"),
                Arguments.of(Fault.connectionDrop(), "transport", 3,
                        "no answer: the server closed the connection without answering"),
                // what the world adds: an answer cut off after its headers promised it whole, headers and then
                // silence, headers and then a blank every half second (a per-read timeout never ends that one),
                // HTTP 200 with a page for people where the JSON should be (a captive portal), HTTP 200 with nothing
                Arguments.of(Fault.cutOff(), "transport", 3, "answer cut off: the connection closed after "),
                Arguments.of(Fault.silentAfterHeaders(), "transport", 3, TIMEOUT),
                Arguments.of(Fault.trickle(), "transport", 3, TIMEOUT),
                Arguments.of(Fault.htmlPage(200), "transport", 3,
                        "the answer is not JSON (starts with: <html> <head><title>系统维护中</title>"),
                Arguments.of(Fault.emptyBody(), "transport", 3, "the answer is not JSON (empty body)"));
    }

    /** The rows of a job's -failed.csv, by column name. */
    private static List<CSVRecord> failedRows(String name) throws Exception {
        return csv(dataDir.resolve("errors/category-items/" + name + "-failed.csv"));
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        String text = read(file);
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text)).getRecords();
    }

    @ParameterizedTest
    @MethodSource("codesAndForms")
    void givenFailureThatNeverClears_whenFileDropped_thenRetriedAsConfiguredDeadLetteredAndListedAsFailed(Fault fault,
            String code, int attempts, String reason) throws Exception {
        String name = "fails-" + (++fileCounter);
        bundle.simulator.failAlways("category-items", "222", fault);

        bundle.drop("category-items", name + ".csv", "cat_id,sort\n111,sales\n222,price_up\n");

        Path archived = bundle.awaitArchived("category-items", name + ".csv");
        assertThat(archived.getParent().getFileName()).hasToString(".error");
        long requestsFor222 = bundle.simulator.requests().stream().filter(r -> "222".equals(r.parameter("cat_id"))).count();
        assertThat(requestsFor222).as("first attempt + retries").isEqualTo(attempts);
        assertThat(bundle.simulator.requests().stream().filter(r -> "111".equals(r.parameter("cat_id"))))
                .as("the other query: its 3 pages once each").hasSize(3);
        Path products = await().atMost(RunningBundle.PATIENCE).until(() -> bundle.outboxFiles("category-items")
                .stream().filter(p -> p.getFileName().toString().startsWith(name + "-")).findFirst(),
                Optional::isPresent).orElseThrow();
        assertThat(csv(products)).as("the other query's products, delivered").isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("query")).isEqualTo("111"));

        List<Path> letters = RunningBundle.list(dataDir.resolve("errors/category-items")).stream()
                .filter(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}-" + code + "-" + name + "(-\\d+)?\\.json"))
                .toList();
        assertThat(letters).hasSize(1);
        JsonNode letter = JSON.readTree(read(letters.get(0)));
        assertThat(letter.get("endpoint").asText()).isEqualTo("category-items");
        assertThat(letter.get("code").asText()).isEqualTo(code);
        assertThat(letter.get("attempts").asInt()).isEqualTo(attempts);
        assertThat(letter.get("parameters").get("cat_id").asText()).isEqualTo("222");
        assertThat(letter.get("parameters").get("sort").asText()).isEqualTo("price_up");
        assertThat(letter.get("parameters").has("apiToken")).isFalse();
        assertThat(letter.get("message").asText()).as("the reason, in the user's words").startsWith(reason)
                .doesNotContain("Exception");
        assertThat(letter.get("first_attempt").asText()).isLessThanOrEqualTo(letter.get("last_attempt").asText());
        assertThat(failedRows(name)).singleElement().satisfies(row -> {
            assertThat(row.get("cat_id")).isEqualTo("222");
            assertThat(row.get("sort")).isEqualTo("price_up");
            assertThat(row.get("error_code")).isEqualTo(code);
            assertThat(row.get("error_message")).isEqualTo(letter.get("message").asText());
        });
    }

    @Test
    void givenABaseUrlWhereNothingListens_whenAFileIsDropped_thenTheFailureNamesTheServerAskedAndNothingMore(
            @TempDir Path otherData) throws Exception {
        String server = "http://127.0.0.1:" + RunningBundle.freePort();
        try (CapturedLog log = CapturedLog.info();
                RunningBundle unreachable = RunningBundle.start(otherData, Path.of("routes"),
                        Map.of("tmapi.base-url", server + "/gateway/v1"))) {
            unreachable.drop("category-items", "nobody.txt", "444\n");

            assertThat(unreachable.awaitArchived("category-items", "nobody.txt").getParent().getFileName())
                    .hasToString(".error");
            String failed = read(otherData.resolve("errors/category-items/nobody-failed.csv"));
            assertThat(failed).contains("444,").contains(",transport,").contains(server)
                    .doesNotContain("/gateway").doesNotContain(RunningBundle.TOKEN);
            Path letter = RunningBundle.list(otherData.resolve("errors/category-items")).stream()
                    .filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            assertThat(JSON.readTree(read(letter)).get("message").asText()).contains(server)
                    .doesNotContain("/gateway");
            assertThat(log.text()).contains("category-items cat_id=444 page 1: code transport, ")
                    .contains("Connect to " + server + " failed").doesNotContain("/gateway")
                    .doesNotContain(RunningBundle.TOKEN);
            assertThat(unreachable.simulator.requestCount()).as("the simulator is not the server asked").isZero();
        }
    }

    @Test
    void given417TwiceThenOk_whenFileDropped_thenOnlyThatPageRepeatedAllRowsWrittenAndOneLinePerRetry() {
        bundle.simulator.failNext("category-items", "333", Fault.httpStatus(417), 2);

        try (CapturedLog log = CapturedLog.info()) {
            bundle.drop("category-items", "flaky.txt", "333\n");

            assertThat(bundle.awaitArchived("category-items", "flaky.txt").getParent().getFileName())
                    .hasToString(".done");
            // this query's requests: another test's late ones may be counted too on the shared bundle
            assertThat(bundle.simulator.requests()).filteredOn(r -> "333".equals(r.parameter("cat_id")))
                    .extracting(r -> r.parameter("page")).containsExactly("1", "1", "1", "2", "3");
            List<String> retries = log.text().lines().filter(l -> l.contains("cat_id=333")
                    && (l.contains("asked again") || l.contains("Failed delivery"))).toList();
            assertThat(retries).as("one line per retry, saying which of how many").hasSize(2);
            assertThat(retries.get(0)).contains("category-items cat_id=333 page 1: code 417, ")
                    .endsWith("asked again (retry 1 of 3)");
            assertThat(retries.get(1)).endsWith("asked again (retry 2 of 3)");
            assertThat(log.text()).doesNotContain("Failed delivery for (MessageId");
        }
    }

    @Test
    void givenSlowAnswer_whenLongerThanTheTimeout_thenTransportFailureRetriedAndDeadLettered() throws Exception {
        bundle.simulator.setLatency(java.time.Duration.ofMillis(2500));

        bundle.drop("category-items-v1", "slow.txt", "444\n");

        bundle.awaitArchived("category-items-v1", "slow.txt");
        Path letter = RunningBundle.list(dataDir.resolve("errors/category-items-v1")).stream()
                .filter(p -> p.toString().endsWith("-transport-slow.json")).findFirst().orElseThrow();
        JsonNode json = JSON.readTree(read(letter));
        assertThat(json.get("message").asText()).containsIgnoringCase("timeout");
        assertThat(json.get("attempts").asInt()).isEqualTo(3);
    }

    /** The dead letter of the one query of the file, once the file is archived. */
    private static JsonNode deadLetterOf(String flow, String name) throws Exception {
        bundle.awaitArchived(flow, name + ".txt");
        Path letter = RunningBundle.list(dataDir.resolve("errors/" + flow)).stream()
                .filter(p -> p.toString().endsWith("-transport-" + name + ".json")).findFirst().orElseThrow();
        return JSON.readTree(read(letter));
    }

    @Test
    void givenAnAnswerCutOffInItsJson_whenFileDropped_thenTheReasonSaysWhereTheJsonEnds() throws Exception {
        bundle.simulator.failAlways("category-items", "555", Fault.malformedJson());

        bundle.drop("category-items", "cut.txt", "555\n");

        JsonNode letter = deadLetterOf("category-items", "cut");
        assertThat(letter.get("message").asText()).startsWith("malformed answer: unexpected end of JSON at character ");
        assertThat(letter.get("attempts").asInt()).isEqualTo(3);
        assertThat(read(dataDir.resolve("errors/category-items/cut-failed.csv"))).contains("malformed answer");
    }

    @Test
    void givenAnAnswerLongerThanTheLimit_whenFileDropped_thenItIsNotReadWholeAndTheQueryFailsAfterItsRetries()
            throws Exception {
        // about 2 MB a page, where tmapi.max-response-mb is 1
        String padding = "x".repeat(100_000);
        bundle.simulator.setItemCustomizer((endpoint, value, index, item) -> {
            if ("666".equals(value)) {
                item.put("title", padding);
            }
        });

        bundle.drop("category-items", "huge.txt", "666\n");

        JsonNode letter = deadLetterOf("category-items", "huge");
        String reason = "the answer is longer than 1 MB (tmapi.max-response-mb), so it was not read";
        assertThat(letter.get("message").asText()).isEqualTo(reason);
        assertThat(bundle.simulator.requests()).filteredOn(r -> "666".equals(r.parameter("cat_id"))).hasSize(3);
        assertThat(failedRows("huge")).singleElement().satisfies(row -> {
            assertThat(row.get("cat_id")).isEqualTo("666");
            assertThat(row.get("error_code")).isEqualTo("transport");
            assertThat(row.get("error_message")).isEqualTo(reason);
        });
    }
}
