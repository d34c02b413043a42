package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The simulator refuses what TMAPI refuses: broken parameters with code 422, a missing or wrong apiToken with 401.
 */
class SimulatorValidationTest {

    private static final String TOKEN = "validation-token";

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

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(delimiter = '|', value = {
            "category-items       | sort        | cheapest",
            "category-items       | cat_id      | abc",
            "category-items       | cat_id      | 12.5",
            "category-items       | cat_id      | '  '",
            "category-items       | page        | two",
            "category-items       | page        | 0",
            "category-items       | page_size   | 0",
            "category-items       | page_size   | -5",
            "category-items       | language    | fr",
            "category-items       | free_shipping | yes",
            "category-items       | price_start | cheap",
            "category-items-v1    | cat_id      | 1031910x",
            "category-items-v1    | super_factory | 1",
            "shop-items           | sort        | time",
            "shop-items           | cat_type    | 2",
            "shop-items-by-member | page_size   | 20.0",
            "shop-items-by-member | sort        | SALES",
            "image-search         | sort        | time_up",
            "image-search         | verified_supplier | maybe",
            "image-search         | img_url     | https://images.example.com/mug.jpg",
            "keyword-search       | moq         | some",
            "keyword-search       | sort        | time_up",
            "keyword-search-global | cat_id     | abc",
            "keyword-search-global | language   | fr"})
    void givenABrokenParameter_whenRequested_thenHttp422WithTheDocsBody(String endpointId, String name, String value)
            throws Exception {
        String required = requiredParameter(endpointId);
        String[] parameters = name.equals(required)
                ? new String[] {name, value}
                : new String[] {required, "1031922", name, value};

        HttpResponse<String> response = client.get(endpointId, parameters);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(SimulatorClient.parse(response.body())).isEqualTo(DocsFixtures.error(422));
        assertThat(simulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.httpStatus()).isEqualTo(422);
            assertThat(request.jsonCode()).isEqualTo(422);
            assertThat(request.fault()).isNull();
        });
    }

    @ParameterizedTest
    @CsvSource({"category-items", "category-items-v1", "shop-items", "shop-items-by-member", "image-search",
            "keyword-search", "keyword-search-global"})
    void givenNoRequiredParameter_whenRequested_thenHttp422(String endpointId) throws Exception {
        HttpResponse<String> missing = client.get(endpointId, "page", "1");
        HttpResponse<String> empty = client.get(endpointId, requiredParameter(endpointId), "");

        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(SimulatorClient.parse(missing.body())).isEqualTo(DocsFixtures.error(422));
    }

    @Test
    void givenDocumentedValuesInAnyCase_whenBooleansSent_thenAccepted() throws Exception {
        HttpResponse<String> response = client.get("image-search", "img_url", "https://cbu01.alicdn.com/img/x/y.jpg",
                "free_shipping", "TRUE", "is_factory", "False", "unknown_parameter", "ignored");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void givenEmptyOptionalParameters_whenRequested_thenTheyCountAsAbsent() throws Exception {
        JsonNode data = client.json("category-items", "cat_id", "1031922", "page", "", "sort", "", "price_end", "")
                .get("data");

        assertThat(data.get("page").intValue()).isEqualTo(1);
        assertThat(data.get("sort").textValue()).isEqualTo("default");
        assertThat(data.get("filters")).isEmpty();
    }

    @Test
    void givenAWrongToken_whenRequested_thenHttp401InvalidApiToken() throws Exception {
        SimulatorClient wrong = new SimulatorClient(simulator, "not-the-token");

        HttpResponse<String> response = wrong.get("category-items", "cat_id", "1031922");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.body()).isEqualTo("{\"code\":401,\"msg\":\"Invalid apiToken\",\"data\":null}");
        assertThat(simulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.tokenPresent()).isTrue();
            assertThat(request.tokenValid()).isFalse();
        });
    }

    @Test
    void givenNoToken_whenRequested_thenHttp401AndRecordedAsAbsent() throws Exception {
        SimulatorClient anonymous = new SimulatorClient(simulator, null);

        HttpResponse<String> response = anonymous.get("shop-items", "shop_url", "https://a.1688.com");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(SimulatorClient.parse(response.body()).get("msg").textValue()).isEqualTo("Invalid apiToken");
        assertThat(simulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.tokenPresent()).isFalse();
            assertThat(request.tokenValid()).isFalse();
        });
    }

    @Test
    void givenAWrongTokenAndBrokenParameters_whenRequested_thenTheTokenIsCheckedFirst() throws Exception {
        SimulatorClient wrong = new SimulatorClient(simulator, "not-the-token");

        assertThat(wrong.get("category-items", "cat_id", "abc").statusCode()).isEqualTo(401);
    }

    @Test
    void givenAPathTmapiDoesNotHave_whenRequested_thenHttp404Json() throws Exception {
        HttpResponse<String> response = client.getPath("/1688/item/detail?apiToken=" + TOKEN);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"code\":404,\"msg\":\"Not Found\",\"data\":null}");
        assertThat(simulator.requests()).singleElement().satisfies(request ->
                assertThat(request.endpointId()).isNull());
    }

    private static String requiredParameter(String endpointId) {
        return TmapiEndpoint.require(endpointId).requiredParameter().name();
    }
}
