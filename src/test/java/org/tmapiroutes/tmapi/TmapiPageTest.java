package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TmapiPageTest {

    private static String fixture(String path) throws IOException {
        try (InputStream in = TmapiPageTest.class.getResourceAsStream("/tmapi/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void givenDocsExamples_whenRead_thenPaginationFieldsOfEachShape() throws IOException {
        TmapiPage v2 = TmapiPage.read("category-items", 200, fixture("category-items/response-200.json"));
        assertThat(v2).extracting(TmapiPage::page, TmapiPage::pageSize, TmapiPage::hasNextPage, TmapiPage::totalCount)
                .containsExactly(1, 20, true, 2000L);
        TmapiPage member = TmapiPage.read("shop-items-by-member", 200, fixture("shop-items-by-member/response-200.json"));
        assertThat(member.totalCount()).as("total_count is the string \"2465\"").isEqualTo(2465L);
        assertThat(member.hasNextPage()).isNull();
        TmapiPage v1 = TmapiPage.read("category-items-v1", 200, fixture("category-items-v1/response-200.json"));
        assertThat(v1.totalCount()).isNull();
        assertThat(v1.itemCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {417, 422, 439, 499, 500, 503})
    void givenFailureCode_whenAnsweredAsHttpStatusOrAsJsonCode_thenSameFailure(int code) {
        String body = "{\"code\":" + code + ",\"msg\":\"" + TmapiPage.DOCUMENTED_MESSAGES.get(String.valueOf(code))
                + "\",\"data\":null}";
        for (int status : new int[] {code, 200}) {
            assertThatThrownBy(() -> TmapiPage.read("shop-items", status, body))
                    .isInstanceOfSatisfying(TmapiFailureException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(String.valueOf(code));
                        assertThat(e.getEndpointId()).isEqualTo("shop-items");
                        assertThat(e.getReason()).isEqualTo(TmapiPage.DOCUMENTED_MESSAGES.get(String.valueOf(code)));
                    });
        }
    }

    @Test
    void givenStatusWithoutJsonBody_whenRead_thenCodeFromStatusWithDocsMessage() {
        assertThatThrownBy(() -> TmapiPage.read("image-search", 503, "<html>busy</html>"))
                .isInstanceOfSatisfying(TmapiFailureException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("503");
                    assertThat(e.getReason()).startsWith("API request concurrency limit exceeded");
                });
    }

    @Test
    void givenUndocumentedStatusWithHtml_whenRead_thenTransportFailure() {
        assertThatThrownBy(() -> TmapiPage.read("image-search", 502, "<html>Bad gateway</html>"))
                .isInstanceOfSatisfying(TmapiFailureException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("transport");
                    assertThat(e.getReason()).startsWith("HTTP status 502");
                });
    }

    @Test
    void givenMalformedOrNonJson_whenRead_thenTransportFailure() {
        assertThatThrownBy(() -> TmapiPage.read("category-items", 200, "{\"code\":200,\"data\":{\"items\":["))
                .isInstanceOfSatisfying(TmapiFailureException.class,
                        e -> assertThat(e.getCode()).isEqualTo(TmapiFailureException.TRANSPORT));
        assertThatThrownBy(() -> TmapiPage.read("category-items", 200, "<html>Bad gateway</html>"))
                .isInstanceOfSatisfying(TmapiFailureException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("transport");
                    assertThat(e.getReason()).contains("not JSON");
                });
        assertThatThrownBy(() -> TmapiPage.read("category-items", 200, "{\"code\":200,\"msg\":\"success\"}"))
                .hasMessageContaining("no 'data.items' list");
    }

    @Test
    void givenSourcingAnswersWithoutTheirRecords_whenRead_thenATransportFailureNamingWhatIsMissing() {
        assertThatThrownBy(() -> TmapiPage.read("item-detail", 200, "{\"code\":200,\"msg\":\"success\",\"data\":[]}"))
                .isInstanceOf(TmapiFailureException.class).hasFieldOrPropertyWithValue("code", "transport")
                .hasMessageContaining("no 'data' object");
        assertThatThrownBy(() -> TmapiPage.read("item-rating", 200, "{\"code\":200,\"data\":{\"items\":[]}}"))
                .isInstanceOf(TmapiFailureException.class).hasMessageContaining("no 'data.list' list");
        assertThatThrownBy(() -> TmapiPage.read("item-desc", 200, "{\"code\":200,\"data\":{\"item_id\":1"))
                .isInstanceOf(TmapiFailureException.class).hasMessageContaining("unexpected end of JSON");
    }

    @Test
    void givenTheFactorySearchExample_whenRead_thenThePageItRepeatsIsNotTaken() {
        TmapiPage page = TmapiPage.read("factory-search", 200, "{\"code\":200,\"data\":{\"page\":2,\"page_size\":3,"
                + "\"total_count\":2000,\"items\":[{},{},{}]}}");

        assertThat(page.page()).isNull();
        assertThat(page.pageSize()).isNull();
        assertThat(page.totalCount()).isEqualTo(2000L);
        assertThat(page.itemCount()).isEqualTo(3);
    }
}
