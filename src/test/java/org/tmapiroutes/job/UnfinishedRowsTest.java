package org.tmapiroutes.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.item.ProductRow;

/**
 * A job's fetched products survive a stop: read back as they were appended, only up to the last recorded page, and a
 * job's file left by the previous version reads the same after an upgrade.
 */
class UnfinishedRowsTest {

    /** Two products as the previous version kept them, a JSON line each, and a third it was writing when stopped. */
    private static final String PREVIOUS_VERSION_LINES = """
            {"source":"category-items","query":"123","itemId":"991188728585","title":"2817桃心太阳镜爱心太阳眼镜","productUrl":"https://detail.1688.com/offer/991188728585.html","price":0.60,"salePrice":0.60,"currency":"CNY","moq":1,"sales":100000,"sales90d":100000,"repurchaseRate":0.60,"shopName":"台州市路桥喜字电子商务商行","province":"浙江","city":"台州市","freeShipping":false,"shipIn48h":false,"superFactory":false,"powerfulSeller":false,"shopYears":1,"shopScore":4.0,"categoryPath":"54/80","fetchedAt":"2026-12-07T22:30:06Z","fields":{},"extras":{}}
            {"source":"category-items","query":"123","itemId":"991188728586","title":"a 😀 b","price":12.5,"currency":"CNY","fetchedAt":"2026-12-07T22:30:06Z","fields":{},"extras":{"margin":"3.10"}}
            """;

    @TempDir
    Path dataDir;

    @Test
    void givenTwoPagesAppended_whenRead_thenEveryProductComesBackAsItWasInPageOrder() {
        UnfinishedRows unfinished = new UnfinishedRows(dataDir);
        List<ProductRow> first = List.of(row("1", "女装 新款 \"连衣裙\"\n二行", "0.60"), row("2", "emoji 😀 and a lone \uD83D", "12"));
        List<ProductRow> second = List.of(row("3", "third", "7.125"));

        long end = unfinished.append(7, 0, 0, first);
        end = unfinished.append(7, 0, end, second);

        List<ProductRow> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(read(unfinished, 7, 0, end)).usingRecursiveFieldByFieldElementComparator().isEqualTo(all);
        assertThat(unfinished.count(7, 0, end)).isEqualTo(3);
        assertThat(read(unfinished, 7, 1, 0)).as("a query with no recorded page").isEmpty();
    }

    @Test
    void givenAPageAppendedButNeverRecorded_whenTheNextPageIsAppended_thenItTakesThatPagesPlace() throws Exception {
        UnfinishedRows unfinished = new UnfinishedRows(dataDir);
        long recorded = unfinished.append(8, 2, 0, List.of(row("1", "kept", "1")));
        unfinished.append(8, 2, recorded, List.of(row("2", "appended when the program was killed", "2")));

        assertThat(read(unfinished, 8, 2, recorded)).extracting(ProductRow::getItemId).containsExactly("1");
        long end = unfinished.append(8, 2, recorded, List.of(row("3", "fetched again", "3")));

        assertThat(read(unfinished, 8, 2, end)).extracting(ProductRow::getItemId).containsExactly("1", "3");
        assertThat(Files.size(dataDir.resolve("state/jobs/8/2.jsonl"))).isEqualTo(end);
        assertThat(unfinished.count(8, 2, end)).isEqualTo(2);
    }

    @Test
    void givenAJobsFileThePreviousVersionWrote_whenTheJobResumes_thenItsProductsAreReadAndTheNextPagesFollow()
            throws Exception {
        byte[] recordedLines = PREVIOUS_VERSION_LINES.getBytes(StandardCharsets.UTF_8);
        Path file = Files.createDirectories(dataDir.resolve("state/jobs/9")).resolve("0.jsonl");
        Files.writeString(file, PREVIOUS_VERSION_LINES + "{\"source\":\"category-items\",\"query\":\"12");
        UnfinishedRows unfinished = new UnfinishedRows(dataDir);

        List<ProductRow> kept = read(unfinished, 9, 0, recordedLines.length);
        assertThat(kept).extracting(ProductRow::getItemId).containsExactly("991188728585", "991188728586");
        assertThat(kept.get(0).getTitle()).isEqualTo("2817桃心太阳镜爱心太阳眼镜");
        assertThat(kept.get(0).getPrice()).isEqualTo(new BigDecimal("0.60"));
        assertThat(kept.get(0).getSales90d()).isEqualTo(100000L);
        assertThat(kept.get(0).getFreeShipping()).isFalse();
        assertThat(kept.get(1).getTitle()).isEqualTo("a 😀 b");
        assertThat(kept.get(1).getExtras()).containsEntry("margin", "3.10");
        assertThat(unfinished.count(9, 0, recordedLines.length)).isEqualTo(2);

        long end = unfinished.append(9, 0, recordedLines.length, List.of(row("3", "after the upgrade", "5")));

        assertThat(read(unfinished, 9, 0, end)).extracting(ProductRow::getItemId)
                .containsExactly("991188728585", "991188728586", "3");
        assertThat(unfinished.count(9, 0, end)).isEqualTo(3);
    }

    private static List<ProductRow> read(UnfinishedRows unfinished, long jobId, int query, long end) {
        List<ProductRow> rows = new ArrayList<>();
        unfinished.rows(jobId, query, end).forEach(rows::add);
        return rows;
    }

    private static ProductRow row(String itemId, String title, String price) {
        ProductRow row = new ProductRow();
        row.setSource("category-items");
        row.setQuery("123");
        row.setItemId(itemId);
        row.setTitle(title);
        row.setPrice(new BigDecimal(price));
        row.setSales(100000L);
        row.setFreeShipping(true);
        row.setShopYears(3);
        row.setFetchedAt("2026-12-07T22:30:06Z");
        row.getExtras().put("note", "x");
        return row;
    }
}
