package org.tmapiroutes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiFailureException;
import org.tmapiroutes.tmapi.TmapiQuery;

/** A fetch for its caller alone: every answer of its queries kept in query order, the same list asked twice too. */
class FetchJobTest {

    private static TmapiQuery query(String catId) {
        return new TmapiQuery(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", catId, "page_size", "20"), 1, null, 1,
                Map.of("cat_id", catId));
    }

    private static List<ProductRow> rows(String... itemIds) {
        return java.util.Arrays.stream(itemIds).map(id -> {
            ProductRow row = new ProductRow();
            row.setItemId(id);
            return row;
        }).toList();
    }

    @Test
    void givenTheSameListFetchedTwiceInOneRoute_whenBothAreAnswered_thenBothAnswersAreKeptInOrder() {
        TmapiQuery cups = query("1031922");
        TmapiQuery mugs = query("1031910");
        FetchJob job = new FetchJob("best-sellers", List.of(cups, mugs));
        job.add(List.of(cups, mugs));

        job.succeeded(cups, rows("1", "2"), 1, 2);
        job.failed(mugs, new TmapiFailureException("category-items", "417", "no such category"), 1, 0);
        job.succeeded(cups, rows("3"), 1, 1);
        job.succeeded(mugs, rows("4"), 1, 1);

        assertThat(job.rows()).extracting(ProductRow::getItemId).containsExactly("1", "2", "3", "4");
        assertThat(job.failures()).singleElement().satisfies(f -> assertThat(f.failure().getCode()).isEqualTo("417"));
        assertThat(job.summary()).startsWith("best-sellers: 4 queries, 4 pages, 4 items fetched, 4 kept, 0 written,"
                + " failures: 417×1");
    }
}
