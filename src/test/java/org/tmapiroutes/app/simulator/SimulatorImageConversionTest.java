package org.tmapiroutes.app.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator's image URL conversion tool answers like the docs, its image search takes only Alibaba's pictures and
 * converted paths, and it accepts the token in the {@code apikey} header as well as in the query.
 */
class SimulatorImageConversionTest {

    private static final String TOKEN = "conversion-token";
    private static final String PICTURE = "https://images.example.com/catalog/red-mug.jpg";

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

    private HttpResponse<String> convert(String url) throws Exception {
        return client.post(TmapiSimulator.CONVERT_PATH, "{\"url\":\"" + url
                + "\",\"search_api_endpoint\":\"/global/search/image/v2\"}");
    }

    @Test
    void givenAPictureOutsideAlibaba_whenConverted_thenTheDocsShapeAndAPathTheImageSearchTakes() throws Exception {
        HttpResponse<String> response = convert(PICTURE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = SimulatorClient.parse(response.body());
        assertThat(JsonShapeDifferences.between(DocsFixtures.response200("image-convert"), body)).isEmpty();
        String path = body.at("/data/image_url").textValue();
        assertThat(path).matches("/search/imgextra/\\d{13}_[a-z0-9]{8}\\.jpg");
        assertThat(SimulatorClient.parse(convert(PICTURE).body()).at("/data/image_url").textValue())
                .as("the same picture, the same path").isEqualTo(path);
        assertThat(SimulatorClient.parse(convert(PICTURE + "?v=2").body()).at("/data/image_url").textValue())
                .isNotEqualTo(path);
        assertThat(client.json("image-search", "img_url", path).at("/data/items")).hasSize(20);
        assertThat(simulator.requestCount(TmapiSimulator.IMAGE_CONVERT)).isEqualTo(3);
        assertThat(simulator.requests().get(0).query()).containsEntry("url", PICTURE)
                .containsEntry("search_api_endpoint", "/global/search/image/v2");
    }

    @Test
    void givenAPictureOutsideAlibaba_whenSearchedWithoutConversion_thenHttp422WithTheDocsBody() throws Exception {
        HttpResponse<String> response = client.get("image-search", "img_url", PICTURE);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(SimulatorClient.parse(response.body())).isEqualTo(DocsFixtures.error(422));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://cbu01.alicdn.com/img/ibank/O1CN01.jpg", "https://img.alicdn.com/x.jpg",
            "https://cbu01-overseas.1688.com/img/x.jpg", "http://img.taobao.com/x.jpg", "https://img.tmall.com/x.png",
            "https://sc04.alibaba.com/kf/x.jpg", "/search/imgextra5/1589508648580602236.jpg"})
    void givenAnAlibabaPictureOrAConvertedPath_whenSearched_thenProducts(String imgUrl) throws Exception {
        assertThat(client.json("image-search", "img_url", imgUrl).at("/data/items")).hasSize(20);
    }

    @Test
    void givenBrokenConvertCalls_whenPosted_thenRefusedLikeTheApi() throws Exception {
        assertThat(client.post(TmapiSimulator.CONVERT_PATH, "{\"search_api_endpoint\":\"/search/image\"}").statusCode())
                .as("no url").isEqualTo(422);
        assertThat(client.post(TmapiSimulator.CONVERT_PATH, "{\"url\":\"" + PICTURE
                + "\",\"search_api_endpoint\":\"/search/video\"}").statusCode()).as("unknown endpoint").isEqualTo(422);
        assertThat(client.post(TmapiSimulator.CONVERT_PATH, "not json").statusCode()).isEqualTo(422);
        assertThat(client.getPath(TmapiSimulator.CONVERT_PATH + "?apiToken=" + TOKEN).statusCode()).isEqualTo(405);
        assertThat(new SimulatorClient(simulator, "wrong").post(TmapiSimulator.CONVERT_PATH, "{\"url\":\"" + PICTURE
                + "\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void givenAConvertFault_whenPosted_thenTheFaultAnswers() throws Exception {
        simulator.failNext(TmapiSimulator.IMAGE_CONVERT, Fault.jsonCode(417), 1);

        JsonNode failed = SimulatorClient.parse(convert(PICTURE).body());

        assertThat(failed).isEqualTo(DocsFixtures.error(417));
        assertThat(convert(PICTURE).statusCode()).isEqualTo(200);
    }

    @Test
    void givenTheTokenInTheApikeyHeader_whenRequested_thenAnsweredAndRecordedAsHeader() throws Exception {
        HttpResponse<String> ok = client.getWithHeaderToken("keyword-search", TOKEN, "keyword", "马克杯");
        HttpResponse<String> wrong = client.getWithHeaderToken("keyword-search", "not-it", "keyword", "马克杯");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(simulator.requests()).extracting(RecordedRequest::tokenIn)
                .containsExactly(RecordedRequest.HEADER, RecordedRequest.HEADER);
        assertThat(simulator.requests()).extracting(RecordedRequest::tokenValid).containsExactly(true, false);
    }
}
