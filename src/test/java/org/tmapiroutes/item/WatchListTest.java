package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;

/** The watch list as users write it: by hand, from Excel or WPS, with mistakes; bad lines named, the others watched. */
class WatchListTest {

    private static final QueryValidator VALIDATOR = new QueryValidator(QueryDefaults.DOCUMENTED);

    @TempDir
    Path folder;

    private WatchList read(String text) {
        return WatchList.parse(text, VALIDATOR);
    }

    @Test
    void givenIdsLinksTargetsAndNotes_whenRead_thenEachItemOnceWithItsTargetAndNote() {
        WatchList list = read("item_id,target_price,note\n"
                + "610947572360,12.50,\"mugs, blue\"\n"
                + "https://detail.1688.com/offer/652702302959.html?spm=a26352,,\n"
                + "\n"
                + "# paused: 700000000001\n"
                + "m.1688.com/offer/700000000002.html,¥9,\n");
        assertThat(list.problems()).isEmpty();
        assertThat(list.items()).extracting(WatchList.Entry::itemId)
                .containsExactly("610947572360", "652702302959", "700000000002");
        assertThat(list.items().get(0).targetPrice()).isEqualByComparingTo("12.50");
        assertThat(list.items().get(0).note()).isEqualTo("mugs, blue");
        assertThat(list.items().get(1).targetPrice()).isNull();
        assertThat(list.items().get(1).note()).isNull();
        assertThat(list.items().get(2).targetPrice()).isEqualByComparingTo(new BigDecimal("9"));
        assertThat(list.items()).extracting(WatchList.Entry::line).containsExactly(2, 3, 6);
    }

    @Test
    void givenBadLines_whenRead_thenEachIsNamedByItsLineAndTheGoodOnesAreWatched() {
        WatchList list = read("item_id,target_price,note\n"
                + "610947572360,,\n"
                + "abc,,\n"
                + "https://detail.1688.com/offer/.html,,\n"
                + ",5,\n"
                + "610947572360,,again\n"
                + "610947572361,12,50,\n"
                + "610947572362,-1,\n"
                + "610947572363,0,\n");
        assertThat(list.items()).extracting(WatchList.Entry::itemId)
                .containsExactly("610947572360", "610947572361", "610947572362", "610947572363");
        assertThat(list.problems()).containsExactly(
                "line 3: item_id 'abc' is not an item id; use the item's number, or its link such as "
                        + "https://detail.1688.com/offer/652702302959.html; this line is not watched",
                "line 4: item_id 'https://detail.1688.com/offer/.html' is not an item id; use the item's number, or"
                        + " its link such as https://detail.1688.com/offer/652702302959.html; this line is not watched",
                "line 5: item_id is empty; this line is not watched",
                "line 6: item 610947572360 is watched already (line 2); this line is left out",
                "line 8: target_price '-1' is not a price above 0 (write it as 12.50); the item is watched without a"
                        + " target price",
                "line 9: target_price '0' is not a price above 0 (write it as 12.50); the item is watched without a"
                        + " target price");
        assertThat(list.items().get(1).targetPrice()).as("'12,50' split by the comma: 12, with 50 as the note")
                .isEqualByComparingTo("12");
    }

    @Test
    void givenAMisspeltHeader_whenRead_thenTheUnknownColumnIsNamedAndNotSilentlyIgnored() {
        WatchList list = read("Item_ID,target_prise,Note\n610947572360,9.00,x\n");
        assertThat(list.items()).singleElement().satisfies(e -> {
            assertThat(e.targetPrice()).as("not read from a misspelt column").isNull();
            assertThat(e.note()).isEqualTo("x");
        });
        assertThat(list.problems()).containsExactly("line 1: column 'target_prise' is not one the watch list reads"
                + " (item_id, target_price, note); it is left out");
    }

    @Test
    void givenAHeaderWithoutItemId_whenRead_thenNothingIsWatchedAndOneLineSaysWhy() {
        WatchList list = read("id,price\n610947572360,9\n");
        assertThat(list.items()).isEmpty();
        assertThat(list.problems()).containsExactly(
                "line 1: the header has no item_id column (it has id, price); write item_id,target_price,note");
    }

    @Test
    void givenNoHeaderRow_whenTheFirstLineIsAnItem_thenTheLinesAreReadInTheDocumentedOrderAndThatIsSaid() {
        WatchList list = read("610947572360,9.50\n610947572361\n");
        assertThat(list.items()).extracting(WatchList.Entry::itemId).containsExactly("610947572360", "610947572361");
        assertThat(list.items().get(0).targetPrice()).isEqualByComparingTo("9.50");
        assertThat(list.problems()).singleElement().asString().startsWith("line 1: no header row");
    }

    @Test
    void givenFilesSavedBySpreadsheets_whenRead_thenBomSemicolonsAndGb18030AreRead(@TempDir Path dir) throws Exception {
        Path excelEurope = dir.resolve("eu.csv");
        Files.write(excelEurope, ("\uFEFFitem_id;target_price;note\r\n610947572360;9,50;rot\r\n")
                .getBytes(StandardCharsets.UTF_8));
        WatchList eu = WatchList.read(excelEurope, VALIDATOR);
        assertThat(eu.items()).singleElement().satisfies(e -> assertThat(e.note()).isEqualTo("rot"));
        assertThat(eu.problems()).as("a decimal comma is not read as a price").singleElement().asString()
                .contains("target_price '9,50' is not a price above 0");

        Path wps = dir.resolve("wps.csv");
        Files.write(wps, "item_id,note\n610947572360,蓝色杯子\n".getBytes(Charset.forName("GB18030")));
        assertThat(WatchList.read(wps, VALIDATOR).items()).singleElement()
                .satisfies(e -> assertThat(e.note()).isEqualTo("蓝色杯子"));
    }

    @Test
    void givenAFileThatIsMissingOrNotText_whenRead_thenItIsUnreadableInTheUsersWords() throws Exception {
        Path missing = folder.resolve("items.csv");
        assertThatThrownBy(() -> WatchList.read(missing, VALIDATOR)).isInstanceOf(WatchList.Unreadable.class)
                .hasMessage("the watch list " + missing + " (watch.items-file) does not exist; write a header row "
                        + "item_id,target_price,note and one item id or product link per line");
        Path binary = folder.resolve("items.xlsx");
        Files.write(binary, new byte[] {0x50, 0x4b, 0x03, 0x04, (byte) 0xff, (byte) 0xfe, (byte) 0x81, 0x00});
        assertThatThrownBy(() -> WatchList.read(binary, VALIDATOR)).isInstanceOf(WatchList.Unreadable.class)
                .hasMessageContaining("is not text a spreadsheet or editor saves").hasMessageContaining("save it as CSV");
    }

    @Test
    void givenAnEmptyFileOrOnlyAHeader_whenRead_thenNothingIsWatchedAndNothingIsWrong() {
        assertThat(read("")).isEqualTo(new WatchList(java.util.List.of(), java.util.List.of()));
        assertThat(read("item_id,target_price,note\n").items()).isEmpty();
        assertThat(read("item_id,target_price,note\n").problems()).isEmpty();
    }

    @Test
    void givenAQuoteLeftOpen_whenRead_thenTheFileIsNamedAsNoCsvRatherThanAStackTrace() {
        WatchList list = read("item_id,note\n610947572360,\"open\n610947572361,x\n");
        assertThat(list.items()).isEmpty();
        assertThat(list.problems()).singleElement().asString().startsWith("the watch list is not a CSV file");
    }
}
