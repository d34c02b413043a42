package org.tmapiroutes.inbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Workbooks made to hurt a reader, or merely broken, as files a user might drop: the fixtures of the reader's own tests
 * and of the tests through the running application.
 */
public final class HostileWorkbooks {

    private static final String SHEET_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final String SHEET_OPEN = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<sheetData>";
    private static final String SHEET_CLOSE = "</sheetData></worksheet>";

    private HostileWorkbooks() {
    }

    @FunctionalInterface
    private interface SheetWriter {
        void write(OutputStream out) throws IOException;
    }

    /** A real workbook (the library's) whose first sheet's XML is replaced by the given writer's output. */
    private static byte[] withSheet(SheetWriter sheet) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String inlineRow(int row, String text) {
        return "<row r=\"" + row + "\"><c r=\"A" + row + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c></row>";
    }

    /** 64 MB of blanks inside the sheet, a few tens of kilobytes packed. */
    public static byte[] zipBomb() {
        return withSheet(out -> {
            write(out, SHEET_START + SHEET_OPEN + inlineRow(1, "cat_id"));
            byte[] blanks = new byte[1024 * 1024];
            Arrays.fill(blanks, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                out.write(blanks);
            }
            write(out, SHEET_CLOSE);
        });
    }

    /** A cell whose text is an external entity naming a file of the machine that reads it. */
    public static byte[] externalEntity() {
        return withSheet(out -> write(out, SHEET_START + "<!DOCTYPE worksheet [<!ENTITY secret SYSTEM"
                + " \"file:///etc/passwd\">]>" + SHEET_OPEN + inlineRow(1, "cat_id") + inlineRow(2, "&secret;")
                + SHEET_CLOSE));
    }

    /** Ten entities, each ten of the one before: a cell of a billion "lol"s once expanded. */
    public static byte[] billionLaughs() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            String previous = "&lol" + (i - 1) + ";";
            entities.append("<!ENTITY lol").append(i).append(" \"").append(previous.repeat(10)).append("\">");
        }
        return withSheet(out -> write(out, SHEET_START + "<!DOCTYPE worksheet [" + entities + "]>"
                + SHEET_OPEN + inlineRow(1, "cat_id") + inlineRow(2, "&lol9;") + SHEET_CLOSE));
    }

    /** What Excel writes for a workbook with a password: an OLE2 container holding EncryptionInfo and the package. */
    public static byte[] passwordProtected() {
        ByteArrayOutputStream container = new ByteArrayOutputStream();
        container.writeBytes(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1});
        container.writeBytes(new byte[504]);
        container.writeBytes("EncryptionInfo".getBytes(StandardCharsets.UTF_16LE));
        container.writeBytes(new byte[64]);
        container.writeBytes("EncryptedPackage".getBytes(StandardCharsets.UTF_16LE));
        return container.toByteArray();
    }

    /** A list of queries typed as text and saved under a workbook's name. */
    public static byte[] notAWorkbook() {
        return "cat_id\n1031922\n".getBytes(StandardCharsets.UTF_8);
    }

    /** A first sheet whose XML ends in the middle of a cell. */
    public static byte[] broken() {
        return withSheet(out -> write(out, SHEET_START + SHEET_OPEN + "<row r=\"1\"><c t=\"inlineStr\">"));
    }

    /** A first sheet of this many rows, one category id each. */
    public static byte[] rows(int count) {
        return withSheet(out -> {
            write(out, SHEET_START + SHEET_OPEN);
            for (int r = 1; r <= count; r++) {
                write(out, inlineRow(r, String.valueOf(1000 + r)));
            }
            write(out, SHEET_CLOSE);
        });
    }

    /** A first sheet of one row this many cells wide. */
    public static byte[] cells(int count) {
        return withSheet(out -> {
            write(out, SHEET_START + SHEET_OPEN + "<row r=\"1\">");
            for (int c = 0; c < count; c++) {
                write(out, "<c t=\"inlineStr\"><is><t>x</t></is></c>");
            }
            write(out, "</row>" + SHEET_CLOSE);
        });
    }
}
