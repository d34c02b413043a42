package org.tmapiroutes.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/** Excel workbooks written by the library, read back as the inbox reads them. */
class SpreadsheetRowsTest {

    /** A workbook as Excel saves one a person typed: numbers as numbers, a gap, trailing empty cells left out. */
    static byte[] workbook() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook book = new Workbook(out, "test", "1.0");
        Worksheet sheet = book.newWorksheet("queries");
        sheet.value(0, 0, "cat_id");
        sheet.value(0, 1, "sort");
        sheet.value(0, 2, "price_end");
        sheet.value(0, 3, "free_shipping");
        sheet.value(1, 0, 1031922);
        sheet.value(1, 1, "sales");
        sheet.value(1, 2, new BigDecimal("12.50"));
        sheet.value(1, 3, true);
        // row 3 left empty
        sheet.value(3, 0, 201164002.0);
        sheet.value(4, 0, "1031910");
        sheet.value(4, 1, "price_up\nsecond line");
        Worksheet second = book.newWorksheet("notes");
        second.value(0, 0, "not read");
        book.finish();
        return out.toByteArray();
    }

    @Test
    void givenAWorkbook_whenRead_thenTheFirstSheetRowByRowAsAPersonSeesIt() throws Exception {
        List<List<String>> rows = SpreadsheetRows.read(workbook());

        assertThat(rows).containsExactly(
                List.of("cat_id", "sort", "price_end", "free_shipping"),
                List.of("1031922", "sales", "12.50", "true"),
                List.of(),
                List.of("201164002"),
                List.of("1031910", "price_up\nsecond line"));
    }

    @Test
    void givenAWorkbook_whenTurnedIntoCsvText_thenLineNIsRowNAndEveryRowAsWideAsTheHeader() throws Exception {
        String text = SpreadsheetRows.csvText(workbook(), SpreadsheetRows.Limits.DEFAULT);

        assertThat(text.split("\n", -1)).containsExactly("cat_id,sort,price_end,free_shipping",
                "1031922,sales,12.50,true", "", "201164002,,,", "1031910,price_up second line,,", "");
    }

    @Test
    void givenAFileThatIsNoWorkbook_whenRead_thenAReasonAUserUnderstands() {
        assertThatThrownBy(() -> SpreadsheetRows.read("cat_id\n1\n".getBytes()))
                .isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessageStartingWith("the file is not an Excel workbook (.xlsx); open it in Excel and save it as");
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        assertThatThrownBy(() -> SpreadsheetRows.read(ole2)).hasMessageContaining("Excel 97-2003");
        assertThatThrownBy(() -> SpreadsheetRows.read(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(SpreadsheetRows.Unreadable.class).hasMessageStartingWith("the workbook is damaged");
    }

    @Test
    void givenAWorkbookInTheInbox_whenReadAsQueries_thenTheCsvRulesWithTheSheetsRowNumbers() throws Exception {
        QueryFileReader reader = new QueryFileReader(new QueryValidator(QueryDefaults.DOCUMENTED));

        QueryFileReader.QueryFile good = reader.read(TmapiEndpoint.CATEGORY_ITEMS, "cats.xlsx", workbook());

        assertThat(good.problems()).extracting(Object::toString)
                .containsExactly("line 5: sort 'price_up second line' is not allowed; allowed values: default, sales, "
                        + "price_up, price_down");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook book = new Workbook(out, "test", "1.0");
        Worksheet sheet = book.newWorksheet("q");
        sheet.value(0, 0, "cat_id");
        sheet.value(0, 1, "prce_end");
        sheet.value(1, 0, 1031922);
        sheet.value(2, 0, 5);
        sheet.value(2, 1, 5);
        book.finish();
        assertThat(reader.read(TmapiEndpoint.CATEGORY_ITEMS, "typo.xlsx", out.toByteArray()).problems())
                .extracting(Object::toString).singleElement().asString()
                .startsWith("line 1: unknown column 'prce_end'");

        QueryFileReader.QueryFile valid = reader.read(TmapiEndpoint.CATEGORY_ITEMS, "ok.xlsx", valid());
        assertThat(valid.problems()).isEmpty();
        assertThat(valid.queries()).extracting(q -> q.lineNumber() + ":" + q.value() + ":" + q.parameters().get("sort")
                + ":" + q.parameters().get("free_shipping")).containsExactly("2:1031922:sales:true", "4:201164002:null:null");
    }

    private static byte[] valid() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook book = new Workbook(out, "test", "1.0");
        Worksheet sheet = book.newWorksheet("q");
        sheet.value(0, 0, "cat_id");
        sheet.value(0, 1, "sort");
        sheet.value(0, 2, "free_shipping");
        sheet.value(1, 0, 1031922);
        sheet.value(1, 1, "SALES");
        sheet.value(1, 2, true);
        sheet.value(3, 0, 201164002L);
        book.finish();
        return out.toByteArray();
    }
}
