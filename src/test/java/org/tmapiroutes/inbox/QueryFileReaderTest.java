package org.tmapiroutes.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.tmapiroutes.inbox.QueryFileReader.QueryFile;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

class QueryFileReaderTest {

    private final QueryFileReader reader = new QueryFileReader(new QueryValidator(QueryDefaults.DOCUMENTED));

    private QueryFile read(TmapiEndpoint endpoint, String name, String text) {
        return reader.read(endpoint, name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenCsvWithBomAndSpaces_whenRead_thenQueriesTrimmedWithDefaults() {
        QueryFile file = read(TmapiEndpoint.CATEGORY_ITEMS, "best.csv",
                "\uFEFFcat_id,sort,price_end,max_pages\n 1031922 , SALES ,5,2\n201164002,,,\n");

        assertThat(file.problems()).isEmpty();
        assertThat(file.queries()).hasSize(2);
        TmapiQuery first = file.queries().get(0);
        assertThat(first.parameters()).containsEntry("cat_id", "1031922").containsEntry("sort", "sales")
                .containsEntry("price_end", "5").containsEntry("page_size", "20").containsEntry("language", "en");
        assertThat(first.maxPages()).isEqualTo(2);
        assertThat(first.lineNumber()).isEqualTo(2);
        assertThat(file.queries().get(1).maxPages()).isEqualTo(5);
        assertThat(file.queries().get(1).parameters()).doesNotContainKey("sort");
    }

    @Test
    void givenBadValuesOnSeveralLines_whenRead_thenEveryBadLineNamedWithItsReason() {
        QueryFile file = read(TmapiEndpoint.CATEGORY_ITEMS, "bad.csv",
                "cat_id,sort,free_shipping\n1031922,cheapest,true\n\nabc,sales,yes\n1031922,sales,TRUE\n");

        assertThat(file.queries()).isEmpty();
        assertThat(file.problems()).extracting(Object::toString).containsExactly(
                "line 2: sort 'cheapest' is not allowed; allowed values: default, sales, price_up, price_down",
                "line 4: cat_id 'abc' is not an integer",
                "line 4: free_shipping 'yes' is not a boolean; allowed values: true, false");
    }

    @Test
    void givenTypoInHeader_whenRead_thenUnknownColumnRejectedOnLine1() {
        QueryFile file = read(TmapiEndpoint.CATEGORY_ITEMS, "typo.csv", "cat_id,prce_end\n1031922,5\n");

        assertThat(file.valid()).isFalse();
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).startsWith("unknown column 'prce_end'").contains("price_end");
        });
    }

    @Test
    void givenNoRequiredColumn_whenRead_thenRejected() {
        QueryFile file = read(TmapiEndpoint.SHOP_ITEMS, "shops.csv", "sort\nsales\n");

        assertThat(file.problems()).extracting(Object::toString)
                .containsExactly("line 1: no 'shop_url' column; shop-items requires it");
    }

    @Test
    void givenEmptyFile_whenRead_thenNoQueryProblem() {
        assertThat(read(TmapiEndpoint.CATEGORY_ITEMS, "empty.csv", "").problems()).extracting(Object::toString)
                .containsExactly("line 1: the file holds no header row; the first line names the columns, e.g. cat_id");
        assertThat(read(TmapiEndpoint.CATEGORY_ITEMS, "empty.txt", "# only a comment\n\n").problems())
                .extracting(Object::toString).containsExactly("line 1: the file holds no query");
        assertThat(read(TmapiEndpoint.CATEGORY_ITEMS, "header-only.csv", "cat_id\n").problems())
                .extracting(Object::toString).containsExactly("line 1: the file holds no query");
    }

    @Test
    void givenBrokenQuoting_whenRead_thenBrokenCsvWithLine() {
        QueryFile file = read(TmapiEndpoint.CATEGORY_ITEMS, "broken.csv", "cat_id,sort\n1031922,sales\n\"1031922\"x,sales\n");

        assertThat(file.queries()).isEmpty();
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).startsWith("this line cannot be read as CSV: a quoted value is followed by more text");
        });
    }

    @Test
    void givenTxtWithCommentsAndBlankLines_whenRead_thenOneQueryPerValueWithFileLineNumbers() {
        QueryFile file = read(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, "sellers.txt", "# sellers\n\n jane727 \nb2b-1234\n");

        assertThat(file.queries()).extracting(TmapiQuery::value).containsExactly("jane727", "b2b-1234");
        assertThat(file.queries()).extracting(TmapiQuery::lineNumber).containsExactly(3, 4);
    }

    @Test
    void givenTxtWithBadValue_whenRead_thenLineNamed() {
        QueryFile file = read(TmapiEndpoint.CATEGORY_ITEMS_V1, "cats.txt", "1031922\n10319x22\n");

        assertThat(file.problems()).extracting(Object::toString).containsExactly("line 2: cat_id '10319x22' is not an integer");
    }

    @Test
    void givenRowWithMoreValuesThanHeader_whenRead_thenRejected() {
        QueryFile file = read(TmapiEndpoint.CATEGORY_ITEMS, "wide.csv", "cat_id\n1031922,sales\n");

        assertThat(file.problems()).extracting(Object::toString)
                .containsExactly("line 2: holds 2 values but the header names 1 columns");
    }

    @Test
    void givenFailedCsvColumns_whenRead_thenAcceptedForReplay() {
        QueryFile file = read(TmapiEndpoint.CATEGORY_ITEMS, "best-failed.csv",
                "cat_id,sort,error_code,error_message\n1031922,sales,417,\"Failed to retrieve data, please try again\"\n");

        assertThat(file.problems()).isEmpty();
        assertThat(file.queries()).singleElement().satisfies(q -> {
            assertThat(q.parameters()).doesNotContainKeys("error_code", "error_message");
            assertThat(q.inputRow()).containsOnlyKeys("cat_id", "sort");
        });
    }

    @Test
    void givenOtherFileType_whenRead_thenRejectedWithReason() {
        assertThat(read(TmapiEndpoint.CATEGORY_ITEMS, "ids.xls", "x").problems()).extracting(Object::toString)
                .containsExactly("line 1: 'ids.xls' is neither a .csv, an .xlsx nor a .txt file; only those are read");
        assertThat(read(TmapiEndpoint.CATEGORY_ITEMS, "ids.xlsx", "x").problems()).extracting(Object::toString)
                .containsExactly("line 1: the file is not an Excel workbook (.xlsx); open it in Excel and save it as an"
                        + " Excel Workbook (.xlsx), or as CSV (.csv) or Text (.txt), and drop it in again");
    }

    @Test
    void givenNotUtf8_whenRead_thenRejectedWithReason() {
        QueryFile file = reader.read(TmapiEndpoint.CATEGORY_ITEMS, "gbk.txt", new byte[] {(byte) 0xC0, (byte) 0xFF});

        assertThat(file.problems()).singleElement().satisfies(p -> assertThat(p.reason()).contains("neither UTF-8, UTF-16 nor GB18030"));
    }

    @Test
    void givenMultiLineQuotedValue_whenRead_thenLaterLinesKeepTheFileNumbering() {
        QueryFile file = read(TmapiEndpoint.SHOP_ITEMS, "shops.csv",
                "shop_url,cat\n\"https://a.1688.com\",\"x\ny\"\nhttps://b.1688.com,\n,\n");

        assertThat(file.problems()).extracting(Object::toString)
                .containsExactly("line 5: shop_url is required and is empty");
    }

    @Test
    void givenGlobalKeywordSearchFiles_whenRead_thenATxtListsKeywordsAndACsvMayGiveCatIdInstead() {
        QueryFile keywords = read(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "k.txt", "# bags\ntote bag\n托特包\n");
        QueryFile mixed = read(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "m.csv", "keyword,cat_id\nbag,\n,1031922\n");
        QueryFile categories = read(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "c.csv", "cat_id,sort\n1031922,sales\n");
        QueryFile neither = read(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "n.csv", "sort\nsales\n");
        QueryFile emptyRow = read(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "e.csv", "keyword,cat_id,sort\n,,sales\n");

        assertThat(keywords.queries()).extracting(TmapiQuery::value).containsExactly("tote bag", "托特包");
        assertThat(mixed.queries()).extracting(TmapiQuery::describe)
                .containsExactly("keyword-search-global keyword=bag", "keyword-search-global cat_id=1031922");
        assertThat(categories.queries()).singleElement().extracting(TmapiQuery::value).isEqualTo("1031922");
        assertThat(neither.problems()).extracting(Object::toString)
                .contains("line 1: no 'keyword' or 'cat_id' column; keyword-search-global requires one of them");
        assertThat(emptyRow.problems()).extracting(Object::toString)
                .containsExactly("line 2: keyword or cat_id: one of them is required, both are empty");
    }
}
