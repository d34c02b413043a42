package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    private static JsonNode items(int n) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < n; i++) {
            array.addObject().put("item_id", i);
        }
        return array;
    }

    private static TmapiQuery query(int maxPages, Integer maxItems) {
        return new TmapiQuery(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", "1", "page_size", "20"), maxPages,
                maxItems, 2, Map.of("cat_id", "1"));
    }

    @Test
    void givenHasNextPage_whenWalking_thenFollowsItUntilFalse() {
        PageCursor cursor = new PageCursor(query(10, null));
        assertThat(cursor.nextRequestParameters()).containsEntry("page", "1");
        cursor.accept(new TmapiPage(1, 20, true, 45L, items(20)));
        assertThat(cursor.hasNext()).isTrue();
        assertThat(cursor.nextRequestParameters()).containsEntry("page", "2");
        cursor.accept(new TmapiPage(2, 20, true, 45L, items(20)));
        assertThat(cursor.progress(20)).isEqualTo("category-items cat_id=1 page 2/3, 20 items");
        cursor.accept(new TmapiPage(3, 20, false, 45L, items(5)));
        assertThat(cursor.hasNext()).isFalse();
        assertThat(cursor.itemsKept()).isEqualTo(45);
    }

    @Test
    void givenOnlyTotalCountAsItIsForShops_whenWalking_thenStopsAtTheLastPage() {
        PageCursor cursor = new PageCursor(query(10, null));
        cursor.accept(new TmapiPage(1, 20, null, 40L, items(20)));
        assertThat(cursor.hasNext()).isTrue();
        cursor.accept(new TmapiPage(2, 20, null, 40L, items(20)));
        assertThat(cursor.hasNext()).as("2 × 20 is not < 40").isFalse();
    }

    @Test
    void givenTotalCountButShortPage_whenWalking_thenStops() {
        PageCursor cursor = new PageCursor(query(10, null));
        cursor.accept(new TmapiPage(1, 20, null, 2465L, items(12)));
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void givenEmptyPage_whenHasNextPageStillTrue_thenStops() {
        PageCursor cursor = new PageCursor(query(10, null));
        cursor.accept(new TmapiPage(1, 20, true, null, items(0)));
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void givenMaxPages_whenReached_thenStops() {
        PageCursor cursor = new PageCursor(query(2, null));
        cursor.accept(new TmapiPage(1, 20, true, 2000L, items(20)));
        assertThat(cursor.progress(20)).endsWith("page 1/2, 20 items");
        cursor.accept(new TmapiPage(2, 20, true, 2000L, items(20)));
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void givenMaxItems_whenReachedMidPage_thenLastPageCutShort() {
        PageCursor cursor = new PageCursor(query(10, 25));
        assertThat(cursor.accept(new TmapiPage(1, 20, true, 2000L, items(20)))).isEqualTo(20);
        assertThat(cursor.accept(new TmapiPage(2, 20, true, 2000L, items(20)))).isEqualTo(5);
        assertThat(cursor.hasNext()).isFalse();
        assertThat(cursor.itemsKept()).isEqualTo(25);
    }

    @Test
    void givenGlobalKeywordSearchWithHasNextPageOnly_whenWalking_thenFollowsItAndCountsPagesUpToTheLimit() {
        TmapiQuery query = new TmapiQuery(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, Map.of("keyword", "bag",
                "page_size", "20"), 3, null, 2, Map.of("keyword", "bag"));
        PageCursor cursor = new PageCursor(query);

        cursor.accept(new TmapiPage(1, 20, true, null, items(20)));
        assertThat(cursor.progress(20)).isEqualTo("keyword-search-global keyword=bag page 1/3, 20 items");
        cursor.accept(new TmapiPage(2, 20, false, null, items(20)));

        assertThat(cursor.hasNext()).as("has_next_page false, though the page was full").isFalse();
        assertThat(cursor.progress(20)).isEqualTo("keyword-search-global keyword=bag page 2/2, 20 items");
    }

    @Test
    void givenKeywordSearchWhoseTotalCountComesOnlyWithTheFirstPage_whenWalking_thenHasNextPageDecides() {
        TmapiQuery query = new TmapiQuery(TmapiEndpoint.KEYWORD_SEARCH, Map.of("keyword", "马克杯", "page_size", "20"),
                10, null, 2, Map.of("keyword", "马克杯"));
        PageCursor cursor = new PageCursor(query);

        cursor.accept(new TmapiPage(1, 20, true, 60L, items(20)));
        assertThat(cursor.progress(20)).endsWith("page 1/3, 20 items");
        cursor.accept(new TmapiPage(2, 20, true, null, items(20)));
        assertThat(cursor.hasNext()).isTrue();
        cursor.accept(new TmapiPage(3, 20, false, null, items(20)));

        assertThat(cursor.hasNext()).isFalse();
        assertThat(cursor.itemsKept()).isEqualTo(60);
    }

    @Test
    void givenAConvertedPicture_whenTheNextRequestIsBuilt_thenItSendsThePathAndTheQueryKeepsTheUsersUrl() {
        TmapiQuery query = new TmapiQuery(TmapiEndpoint.IMAGE_SEARCH, Map.of("img_url", "https://x.example/m.jpg"),
                2, null, 2, Map.of("img_url", "https://x.example/m.jpg"));
        PageCursor cursor = new PageCursor(query);

        cursor.send("img_url", "/search/imgextra/1_a.jpg");

        assertThat(cursor.nextRequestParameters()).containsEntry("img_url", "/search/imgextra/1_a.jpg");
        assertThat(cursor.query().value()).isEqualTo("https://x.example/m.jpg");
    }
}
