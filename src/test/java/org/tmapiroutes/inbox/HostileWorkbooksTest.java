package org.tmapiroutes.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Workbooks made to hurt a reader, or merely broken: each is refused without running out of memory or reading any file
 * it points to, with a sentence saying what is wrong and what to do, never a library's class name.
 */
class HostileWorkbooksTest {

    private static final SpreadsheetRows.Limits SMALL = new SpreadsheetRows.Limits(2 * 1024 * 1024, 1_000, 10_000);

    @Test
    void givenAZipBomb_whenRead_thenRefusedBeforeItIsUnpackedWhole() throws Exception {
        byte[] bomb = HostileWorkbooks.zipBomb();
        assertThat(bomb.length).isLessThan(1024 * 1024);

        assertThatThrownBy(() -> SpreadsheetRows.read(bomb, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook unpacks to more than 2 MB (inbox.max-workbook-mb), more than a list of"
                        + " queries needs; split it, or raise inbox.max-workbook-mb");
    }

    @Test
    void givenAnExternalEntity_whenRead_thenRefusedAndTheFileItNamesIsNeverRead() throws Exception {
        byte[] xxe = HostileWorkbooks.externalEntity();

        assertThatThrownBy(() -> SpreadsheetRows.read(xxe, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage(SpreadsheetRows.DECLARATIONS);
    }

    @Test
    void givenABillionLaughs_whenRead_thenRefusedWithoutExpandingIt() throws Exception {
        byte[] laughs = HostileWorkbooks.billionLaughs();

        assertThatThrownBy(() -> SpreadsheetRows.read(laughs, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage(SpreadsheetRows.DECLARATIONS);
    }

    @Test
    void givenExactlyAsManyRowsAndCellsAsAllowed_whenRead_thenEveryOneIsRead() throws Exception {
        assertThat(SpreadsheetRows.read(HostileWorkbooks.rows(1_000), SMALL)).hasSize(1_000);
        assertThat(SpreadsheetRows.read(HostileWorkbooks.cells(10_000), SMALL).get(0)).hasSize(10_000);
    }

    @Test
    void givenTooManyRows_whenRead_thenRefusedNamingTheLimit() throws Exception {
        byte[] many = HostileWorkbooks.rows(1_001);

        assertThatThrownBy(() -> SpreadsheetRows.read(many, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook's first sheet has more than 1,000 rows (inbox.max-rows); split it into"
                        + " several files, or raise inbox.max-rows");
    }

    @Test
    void givenTooManyCells_whenRead_thenRefusedNamingTheLimit() throws Exception {
        byte[] wide = HostileWorkbooks.cells(10_001);

        assertThatThrownBy(() -> SpreadsheetRows.read(wide, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook's first sheet has more than 10,000 cells (inbox.max-cells); keep only the"
                        + " columns of the queries, or raise inbox.max-cells");
    }

    @Test
    void givenAPasswordProtectedWorkbook_whenRead_thenTheUserIsToldToRemoveThePassword() {
        assertThatThrownBy(() -> SpreadsheetRows.read(HostileWorkbooks.passwordProtected(), SMALL))
                .isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook is protected with a password, so it cannot be read; open it in Excel, remove"
                        + " the password (File > Info > Protect Workbook > Encrypt with Password), save and drop it"
                        + " again");
    }

    @Test
    void givenABrokenWorkbook_whenRead_thenTheReasonNamesNoLibrary() throws Exception {
        byte[] broken = HostileWorkbooks.broken();

        assertThatThrownBy(() -> SpreadsheetRows.read(broken, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook is damaged (its first sheet ends early or is not what Excel writes); open"
                        + " it in Excel and save it again as an Excel Workbook (.xlsx)");
    }

    @Test
    void givenTextSavedUnderAWorkbooksName_whenRead_thenTheUserIsToldHowToSaveIt() {
        assertThatThrownBy(() -> SpreadsheetRows.read(HostileWorkbooks.notAWorkbook(), SMALL))
                .isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the file is not an Excel workbook (.xlsx); open it in Excel and save it as an Excel"
                        + " Workbook (.xlsx), or as CSV (.csv) or Text (.txt), and drop it in again");
    }
}
