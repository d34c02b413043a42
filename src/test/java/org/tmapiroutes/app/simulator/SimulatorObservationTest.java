package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a test can see of the requests the simulator answered, and that the apiToken is never part of it.
 */
class SimulatorObservationTest {

    private static final String TOKEN = "s3cr3t-Token-value";

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

    @Test
    void givenRequestsWithRightAndWrongTokens_whenRecorded_thenNoTokenValueIsKept() throws Exception {
        client.get("category-items", "cat_id", "1031922", "sort", "sales");
        new SimulatorClient(simulator, "wrong-" + TOKEN).get("category-items", "cat_id", "1031922");

        List<RecordedRequest> requests = simulator.requests();

        assertThat(requests).hasSize(2);
        assertThat(requests.toString()).doesNotContain(TOKEN);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.query()).doesNotContainKey("apiToken");
            assertThat(request.query().values()).noneMatch(value -> value.contains(TOKEN));
            assertThat(request.tokenPresent()).isTrue();
        });
        assertThat(requests).extracting(RecordedRequest::tokenValid).containsExactly(true, false);
    }

    @Test
    void givenAnEncodedQuery_whenRecorded_thenParametersAreDecodedInRequestOrder() throws Exception {
        client.get("image-search", "img_url", "https://cbu01.alicdn.com/a b/中文.jpg", "page", "2", "language", "zh");

        RecordedRequest request = simulator.requests().get(0);

        assertThat(request.endpointId()).isEqualTo("image-search");
        assertThat(request.path()).isEqualTo("/1688/global/search/image/v2");
        assertThat(request.query()).containsExactly(
                entry("img_url", "https://cbu01.alicdn.com/a b/中文.jpg"),
                entry("page", "2"),
                entry("language", "zh"));
        assertThat(request.parameter("page")).isEqualTo("2");
        assertThat(request.httpStatus()).isEqualTo(200);
        assertThat(request.jsonCode()).isEqualTo(200);
        assertThat(request.start()).isBeforeOrEqualTo(request.end());
    }

    @Test
    void givenRequestsToSeveralEndpoints_whenCounted_thenPerEndpointCountsAddUp() throws Exception {
        client.get("category-items", "cat_id", "1");
        client.get("category-items", "cat_id", "2");
        client.get("shop-items-by-member", "member_id", "jane727");
        client.getPath("/unknown");

        assertThat(simulator.requestCount()).isEqualTo(4);
        assertThat(simulator.requestCount("category-items")).isEqualTo(2);
        assertThat(simulator.requestCount("shop-items-by-member")).isEqualTo(1);
        assertThat(simulator.requestCount("image-search")).isZero();
    }

    @Test
    void givenTheRecordedRequests_whenATestTriesToChangeThem_thenTheyAreImmutable() throws Exception {
        client.get("category-items", "cat_id", "1");

        List<RecordedRequest> requests = simulator.requests();

        assertThatThrownBy(() -> requests.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> requests.get(0).query().put("apiToken", TOKEN))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenAStartedSimulator_whenAsked_thenItListensOnLoopbackAtItsPort() {
        assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port());
        assertThat(simulator.port()).isPositive();
        assertThatThrownBy(simulator::start).isInstanceOf(IllegalStateException.class);
    }
}
