package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every failure code of SPEC §9 in both forms, the transport faults, and the ways to schedule them.
 */
class SimulatorFaultTest {

    private static final String TOKEN = "fault-token";

    private TmapiSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void startSimulator() {
        simulator = new TmapiSimulator(TOKEN).start();
        client = new SimulatorClient(simulator, TOKEN);
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {417, 422, 439, 499, 500, 503})
    void givenFailureCodeAsHttpStatus_whenRequested_thenStatusIsTheCodeAndBodyIsTheDocsFixture(int code)
            throws Exception {
        simulator.failNext("category-items", Fault.httpStatus(code), 1);

        HttpResponse<String> response = client.get("category-items", "cat_id", "1031922");

        assertThat(response.statusCode()).isEqualTo(code);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(SimulatorClient.parse(response.body())).isEqualTo(DocsFixtures.error(code));
        assertThat(simulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.httpStatus()).isEqualTo(code);
            assertThat(request.jsonCode()).isEqualTo(code);
            assertThat(request.fault()).isEqualTo(Fault.httpStatus(code));
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {417, 422, 439, 499, 500, 503})
    void givenFailureCodeInJsonBody_whenRequested_thenHttp200AndBodyIsTheDocsFixture(int code) throws Exception {
        simulator.failNext("shop-items", Fault.jsonCode(code), 1);

        HttpResponse<String> response = client.get("shop-items", "shop_url", "https://a.1688.com");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimulatorClient.parse(response.body())).isEqualTo(DocsFixtures.error(code));
        assertThat(simulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.httpStatus()).isEqualTo(200);
            assertThat(request.jsonCode()).isEqualTo(code);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {417, 422, 439, 499, 500, 503})
    void givenTheErrorFixtures_whenReadFromTheDocs_thenTheirMessagesAreTheSimulatorsMessages(int code) {
        assertThat(DocsFixtures.error(code).get("msg").textValue()).isEqualTo(Fault.docsMessage(code));
    }

    @Test
    void givenTwoScriptedFaults_whenThreeRequestsSent_thenTwoFailAndTheThirdSucceeds() throws Exception {
        simulator.failNext("category-items", Fault.httpStatus(503), 2);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(client.get("category-items", "cat_id", "1031922").statusCode());
        }

        assertThat(statuses).containsExactly(503, 503, 200);
    }

    @Test
    void givenScriptedFaultsInOrder_whenRequested_thenTheyComeInThatOrder() throws Exception {
        simulator.failNext(null, Fault.httpStatus(500), 1);
        simulator.failNext(null, Fault.jsonCode(439), 1);

        HttpResponse<String> first = client.get("image-search", "img_url", "https://cbu01.alicdn.com/img/x/y.jpg");
        HttpResponse<String> second = client.get("shop-items-by-member", "member_id", "jane727");
        HttpResponse<String> third = client.get("category-items-v1", "cat_id", "1");

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(SimulatorClient.parse(second.body()).get("code").intValue()).isEqualTo(439);
        assertThat(SimulatorClient.parse(third.body()).get("code").intValue()).isEqualTo(200);
    }

    @Test
    void givenAFaultForOneEndpoint_whenAnotherIsAsked_thenOnlyThatOneFails() throws Exception {
        simulator.failNext("shop-items", Fault.httpStatus(417), 1);

        assertThat(client.get("category-items", "cat_id", "1").statusCode()).isEqualTo(200);
        assertThat(client.get("shop-items", "shop_url", "https://a.1688.com").statusCode()).isEqualTo(417);
    }

    @Test
    void givenAFaultForOneQueryValue_whenOtherValuesAreAsked_thenOnlyThatValueFails() throws Exception {
        simulator.failNext("category-items", "1031922", Fault.httpStatus(422), 1);

        assertThat(client.get("category-items", "cat_id", "1031910").statusCode()).isEqualTo(200);
        assertThat(client.get("category-items", "cat_id", "1031922").statusCode()).isEqualTo(422);
        assertThat(client.get("category-items", "cat_id", "1031922").statusCode()).isEqualTo(200);
    }

    @Test
    void givenAStandingFault_whenRequestedRepeatedly_thenEveryRequestFailsUntilFaultsAreCleared() throws Exception {
        simulator.failAlways("image-search", Fault.httpStatus(500));

        for (int i = 0; i < 4; i++) {
            assertThat(client.get("image-search", "img_url", "https://cbu01.alicdn.com/img/x/y.jpg").statusCode()).isEqualTo(500);
        }
        assertThat(client.get("category-items", "cat_id", "1").statusCode()).isEqualTo(200);
        simulator.clearFaults();
        assertThat(client.get("image-search", "img_url", "https://cbu01.alicdn.com/img/x/y.jpg").statusCode()).isEqualTo(200);
    }

    @Test
    void givenAStandingFaultForOneValue_whenOtherValuesAreAsked_thenTheySucceed() throws Exception {
        simulator.failAlways("shop-items-by-member", "broken-seller", Fault.jsonCode(417));

        HttpResponse<String> broken = client.get("shop-items-by-member", "member_id", "broken-seller");
        HttpResponse<String> fine = client.get("shop-items-by-member", "member_id", "jane727");

        assertThat(SimulatorClient.parse(broken.body()).get("code").intValue()).isEqualTo(417);
        assertThat(SimulatorClient.parse(fine.body()).get("code").intValue()).isEqualTo(200);
    }

    @Test
    void givenAScriptedAndAStandingFault_whenRequested_thenTheScriptedOneComesFirst() throws Exception {
        simulator.failAlways(null, Fault.httpStatus(500));
        simulator.failNext(null, Fault.httpStatus(503), 1);

        assertThat(client.get("category-items", "cat_id", "1").statusCode()).isEqualTo(503);
        assertThat(client.get("category-items", "cat_id", "1").statusCode()).isEqualTo(500);
    }

    @Test
    void givenAStandingFault_whenTheTokenIsWrong_thenTheAnswerIs401() throws Exception {
        simulator.failAlways(null, Fault.httpStatus(503));

        HttpResponse<String> response = new SimulatorClient(simulator, "wrong").get("category-items", "cat_id", "1");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void givenMalformedJson_whenRequested_thenHttp200JsonThatDoesNotParse() throws Exception {
        String whole = client.get("category-items", "cat_id", "1031922").body();
        simulator.failNext("category-items", Fault.malformedJson(), 1);

        HttpResponse<String> response = client.get("category-items", "cat_id", "1031922");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(whole).startsWith(response.body());
        assertThat(response.body()).hasSizeLessThan(whole.length()).startsWith("{\"code\":200");
        assertThatThrownBy(() -> SimulatorClient.JSON.readTree(response.body()))
                .isInstanceOf(JsonProcessingException.class);
        assertThat(simulator.requests().get(1).jsonCode()).isNull();
    }

    @Test
    void givenAnHtmlErrorPage_whenRequested_thenHttp502WithHtml() throws Exception {
        simulator.failNext(null, Fault.htmlPage(), 1);

        HttpResponse<String> response = client.get("shop-items", "shop_url", "https://a.1688.com");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).startsWith("<html>").contains("502 Bad Gateway");
    }

    @Test
    void givenAnHtmlPageWithStatus200_whenRequested_thenHtmlWhereJsonWasExpected() throws Exception {
        simulator.failNext(null, Fault.htmlPage(200), 1);

        HttpResponse<String> response = client.get("shop-items", "shop_url", "https://a.1688.com");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("<html>");
        assertThatThrownBy(() -> SimulatorClient.JSON.readTree(response.body()))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void givenAnEmptyBody_whenRequested_thenHttp200JsonWithNotOneByteOfBody() throws Exception {
        simulator.failNext("category-items", Fault.emptyBody(), 1);

        HttpResponse<String> response = client.get("category-items", "cat_id", "1031922");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Length")).hasValue("0");
        assertThat(response.body()).isEmpty();
        assertThat(simulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.httpStatus()).isEqualTo(200);
            assertThat(request.jsonCode()).isNull();
            assertThat(request.fault()).isEqualTo(Fault.emptyBody());
        });
        assertThat(client.get("category-items", "cat_id", "1031922").body()).as("one-shot").startsWith("{\"code\":200");
    }

    @Test
    void givenAConnectionDrop_whenReadOnTheWire_thenNotOneByteComesBack() throws Exception {
        simulator.failNext("category-items", Fault.connectionDrop(), 1);

        byte[] answer;
        try (Socket socket = new Socket("127.0.0.1", simulator.port())) {
            socket.getOutputStream().write(("GET /1688/category/items/v2?apiToken=" + TOKEN + "&cat_id=1 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            answer = socket.getInputStream().readAllBytes();
        }

        assertThat(answer).isEmpty();
        assertThat(simulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.httpStatus()).isNull();
            assertThat(request.jsonCode()).isNull();
            assertThat(request.fault()).isEqualTo(Fault.connectionDrop());
        });
    }

    @Test
    void givenConnectionsDropped_whenTheJdkClientAsks_thenItFailsAndAfterClearingItSucceeds() throws Exception {
        simulator.failAlways("category-items", Fault.connectionDrop());

        assertThatThrownBy(() -> client.get("category-items", "cat_id", "1")).isInstanceOf(IOException.class);
        simulator.clearFaults();

        assertThat(client.get("category-items", "cat_id", "1").statusCode()).isEqualTo(200);
        assertThat(simulator.requests()).last().satisfies(request -> assertThat(request.httpStatus()).isEqualTo(200));
        assertThat(simulator.requests()).first().satisfies(request -> assertThat(request.httpStatus()).isNull());
    }

    @Test
    void givenRandomFaultsWithASeed_whenTheSameRequestsAreSentTwice_thenTheSameOnesFail() throws Exception {
        List<Integer> first = codesOfTwentyRequests(simulator, client);
        assertThat(first).containsOnly(200);

        List<Integer> withFaults;
        List<Integer> again;
        simulator.setRandomFaults(0.5, 42L, List.of(Fault.jsonCode(503), Fault.jsonCode(417)));
        withFaults = codesOfTwentyRequests(simulator, client);
        try (TmapiSimulator other = new TmapiSimulator(TOKEN).start()) {
            other.setRandomFaults(0.5, 42L, List.of(Fault.jsonCode(503), Fault.jsonCode(417)));
            again = codesOfTwentyRequests(other, new SimulatorClient(other, TOKEN));
        }

        assertThat(withFaults).contains(200, 503, 417).isEqualTo(again);
        assertThat(withFaults.stream().filter(code -> code == 200).count()).isBetween(4L, 16L);
    }

    @Test
    void givenRandomFaultsAtRateZero_whenRequested_thenNothingFails() throws Exception {
        simulator.setRandomFaults(0.5, 7L, Fault.all());
        simulator.setRandomFaults(0, 7L, List.of());

        assertThat(codesOfTwentyRequests(simulator, client)).containsOnly(200);
    }

    @Test
    void givenAnUndocumentedCode_whenAFaultIsMade_thenItIsRefused() {
        assertThatThrownBy(() -> Fault.httpStatus(404)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.failNext("no-such-endpoint", Fault.httpStatus(500), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> codesOfTwentyRequests(TmapiSimulator simulator, SimulatorClient client)
            throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            codes.add(SimulatorClient.parse(client.get("category-items", "cat_id", "1").body()).get("code").intValue());
        }
        return codes;
    }
}
