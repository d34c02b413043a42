package org.tmapiroutes.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;

/**
 * Workbooks made to hurt a reader, or merely broken: each is refused without running out of memory or reading any file
 * it points to, with a sentence saying what is wrong and what to do, never a library's class name.
 */
class HostileWorkbooksTest {

    private static final SpreadsheetRows.Limits SMALL = new SpreadsheetRows.Limits(2 * 1024 * 1024, 1_000, 10_000);

    /** A real workbook (the library's) whose first sheet's XML is replaced by the given writer's output. */
    private static byte[] withSheet(SheetWriter sheet) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(
                SpreadsheetRowsTest.workbook())).get(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipArchiveEntry entry : Collections.list(in.getEntries())) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    sheet.write(zip);
                } else {
                    try (InputStream part = in.getInputStream(entry)) {
                        part.transferTo(zip);
                    }
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface SheetWriter {
        void write(OutputStream out) throws IOException;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final String SHEET_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final String SHEET_OPEN = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<sheetData>";
    private static final String SHEET_CLOSE = "</sheetData></worksheet>";

    private static String inlineRow(int row, String text) {
        return "<row r=\"" + row + "\"><c r=\"A" + row + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c></row>";
    }

    @Test
    void givenAZipBomb_whenRead_thenRefusedBeforeItIsUnpackedWhole() throws Exception {
        // 64 MB of blanks inside the sheet, a few tens of kilobytes packed
        byte[] bomb = withSheet(out -> {
            write(out, SHEET_START + SHEET_OPEN + inlineRow(1, "cat_id"));
            byte[] blanks = new byte[1024 * 1024];
            java.util.Arrays.fill(blanks, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                out.write(blanks);
            }
            write(out, SHEET_CLOSE);
        });
        assertThat(bomb.length).isLessThan(1024 * 1024);

        assertThatThrownBy(() -> SpreadsheetRows.read(bomb, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook unpacks to more than 2 MB (inbox.max-workbook-mb), more than a list of"
                        + " queries needs; split it, or raise inbox.max-workbook-mb");
    }

    @Test
    void givenAnExternalEntity_whenRead_thenRefusedAndTheFileItNamesIsNeverRead() throws Exception {
        byte[] xxe = withSheet(out -> write(out, SHEET_START + "<!DOCTYPE worksheet [<!ENTITY secret SYSTEM"
                + " \"file:///etc/passwd\">]>" + SHEET_OPEN + inlineRow(1, "cat_id") + inlineRow(2, "&secret;")
                + SHEET_CLOSE));

        assertThatThrownBy(() -> SpreadsheetRows.read(xxe, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage(SpreadsheetRows.DECLARATIONS);
    }

    @Test
    void givenABillionLaughs_whenRead_thenRefusedWithoutExpandingIt() throws Exception {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            String previous = "&lol" + (i - 1) + ";";
            entities.append("<!ENTITY lol").append(i).append(" \"").append(previous.repeat(10)).append("\">");
        }
        byte[] laughs = withSheet(out -> write(out, SHEET_START + "<!DOCTYPE worksheet [" + entities + "]>"
                + SHEET_OPEN + inlineRow(1, "cat_id") + inlineRow(2, "&lol9;") + SHEET_CLOSE));

        assertThatThrownBy(() -> SpreadsheetRows.read(laughs, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage(SpreadsheetRows.DECLARATIONS);
    }

    private static byte[] rows(int count) throws IOException {
        return withSheet(out -> {
            write(out, SHEET_START + SHEET_OPEN);
            for (int r = 1; r <= count; r++) {
                write(out, inlineRow(r, String.valueOf(1000 + r)));
            }
            write(out, SHEET_CLOSE);
        });
    }

    private static byte[] cells(int count) throws IOException {
        return withSheet(out -> {
            write(out, SHEET_START + SHEET_OPEN + "<row r=\"1\">");
            for (int c = 0; c < count; c++) {
                write(out, "<c t=\"inlineStr\"><is><t>x</t></is></c>");
            }
            write(out, "</row>" + SHEET_CLOSE);
        });
    }

    @Test
    void givenExactlyAsManyRowsAndCellsAsAllowed_whenRead_thenEveryOneIsRead() throws Exception {
        assertThat(SpreadsheetRows.read(rows(1_000), SMALL)).hasSize(1_000);
        assertThat(SpreadsheetRows.read(cells(10_000), SMALL).get(0)).hasSize(10_000);
    }

    @Test
    void givenTooManyRows_whenRead_thenRefusedNamingTheLimit() throws Exception {
        byte[] many = rows(1_001);

        assertThatThrownBy(() -> SpreadsheetRows.read(many, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook's first sheet has more than 1,000 rows (inbox.max-rows); split it into"
                        + " several files, or raise inbox.max-rows");
    }

    @Test
    void givenTooManyCells_whenRead_thenRefusedNamingTheLimit() throws Exception {
        byte[] wide = cells(10_001);

        assertThatThrownBy(() -> SpreadsheetRows.read(wide, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook's first sheet has more than 10,000 cells (inbox.max-cells); keep only the"
                        + " columns of the queries, or raise inbox.max-cells");
    }

    @Test
    void givenAPasswordProtectedWorkbook_whenRead_thenTheUserIsToldToRemoveThePassword() {
        // what Excel writes for a workbook with a password: an OLE2 container holding EncryptionInfo and the package
        ByteArrayOutputStream container = new ByteArrayOutputStream();
        container.writeBytes(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1});
        container.writeBytes(new byte[504]);
        container.writeBytes("EncryptionInfo".getBytes(StandardCharsets.UTF_16LE));
        container.writeBytes(new byte[64]);
        container.writeBytes("EncryptedPackage".getBytes(StandardCharsets.UTF_16LE));

        assertThatThrownBy(() -> SpreadsheetRows.read(container.toByteArray(), SMALL))
                .isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook is protected with a password, so it cannot be read; open it in Excel, remove"
                        + " the password (File > Info > Protect Workbook > Encrypt with Password), save and drop it"
                        + " again");
    }

    @Test
    void givenABrokenWorkbook_whenRead_thenTheReasonNamesNoLibrary() throws Exception {
        byte[] broken = withSheet(out -> write(out, SHEET_START + SHEET_OPEN + "<row r=\"1\"><c t=\"inlineStr\">"));

        assertThatThrownBy(() -> SpreadsheetRows.read(broken, SMALL)).isInstanceOf(SpreadsheetRows.Unreadable.class)
                .hasMessage("the workbook is damaged (its first sheet ends early or is not what Excel writes); open"
                        + " it in Excel and save it again as an Excel Workbook (.xlsx)");
    }
}
