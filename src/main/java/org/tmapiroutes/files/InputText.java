package org.tmapiroutes.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a dropped file as the programs people use save it: UTF-8 with or without a BOM, UTF-16 with a BOM
 * ("Unicode text"), or GB18030 (what Chinese Excel and WPS save as "CSV") when the bytes are not UTF-8.
 *
 * @param text     the file's text, without a BOM
 * @param encoding the encoding it was read with, in the words a user knows
 */
public record InputText(String text, String encoding) {

    private static final Charset GB18030 = Charset.forName("GB18030");

    /** A file whose bytes are no text this product reads; names the line of the first bad byte. */
    public static final class Unreadable extends Exception {
        private final int line;

        Unreadable(int line, String reason) {
            super(reason, null, false, false);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** The text of the bytes, in the first encoding of UTF-8 (BOM or not), UTF-16 (BOM) or GB18030 that reads them. */
    public static InputText decode(byte[] bytes) throws Unreadable {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return strict(bytes, 3, StandardCharsets.UTF_8, "UTF-8 with BOM");
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return strict(bytes, 2, StandardCharsets.UTF_16LE, "UTF-16LE with BOM");
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return strict(bytes, 2, StandardCharsets.UTF_16BE, "UTF-16BE with BOM");
        }
        try {
            return strict(bytes, 0, StandardCharsets.UTF_8, "UTF-8");
        } catch (Unreadable notUtf8) {
            try {
                return strict(bytes, 0, GB18030, "GB18030");
            } catch (Unreadable notGb) {
                throw notUtf8;
            }
        }
    }

    private static InputText strict(byte[] bytes, int offset, Charset charset, String name) throws Unreadable {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return new InputText(decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString(), name);
        } catch (CharacterCodingException e) {
            throw new Unreadable(lineOfByte(bytes, firstBadByte(bytes, offset, charset)),
                    "this line holds bytes that are neither UTF-8, UTF-16 nor GB18030 text; save the file as "
                            + "\"CSV UTF-8\" (Excel, WPS) or as UTF-8 text (an editor)");
        }
    }

    /** The offset of the first byte the charset cannot read, found by decoding ever longer prefixes line by line. */
    private static int firstBadByte(byte[] bytes, int offset, Charset charset) {
        int lineStart = offset;
        for (int i = offset; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                CharsetDecoder decoder = charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
                try {
                    decoder.decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
                } catch (CharacterCodingException e) {
                    return lineStart;
                }
                lineStart = i + 1;
            }
        }
        return offset;
    }

    private static int lineOfByte(byte[] bytes, int position) {
        int line = 1;
        for (int i = 0; i < position && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
