package org.tmapiroutes.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The encodings files are saved in, each read back to the same text and named as a user knows it. */
class InputTextTest {

    private static final String TEXT = "cat_id,keyword\n1031922,太阳镜 女\n";

    private static byte[] withBom(int[] bom, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b : bom) {
            out.write(b);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void givenEachEncodingAProgramSaves_whenDecoded_thenTheSameTextAndItsName() throws Exception {
        assertThat(InputText.decode(TEXT.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new InputText(TEXT, "UTF-8"));
        assertThat(InputText.decode(withBom(new int[] {0xEF, 0xBB, 0xBF}, TEXT.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new InputText(TEXT, "UTF-8 with BOM"));
        assertThat(InputText.decode(withBom(new int[] {0xFF, 0xFE}, TEXT.getBytes(StandardCharsets.UTF_16LE))))
                .isEqualTo(new InputText(TEXT, "UTF-16LE with BOM"));
        assertThat(InputText.decode(withBom(new int[] {0xFE, 0xFF}, TEXT.getBytes(StandardCharsets.UTF_16BE))))
                .isEqualTo(new InputText(TEXT, "UTF-16BE with BOM"));
        assertThat(InputText.decode(TEXT.getBytes(Charset.forName("GBK"))))
                .isEqualTo(new InputText(TEXT, "GB18030"));
    }

    @Test
    void givenBytesNoneOfThemReads_whenDecoded_thenTheLineOfTheFirstBadByteIsNamed() {
        byte[] bytes = "cat_id\n1\n2\n".getBytes(StandardCharsets.US_ASCII);
        bytes[bytes.length - 2] = (byte) 0xFF;

        assertThatThrownBy(() -> InputText.decode(bytes)).isInstanceOf(InputText.Unreadable.class)
                .satisfies(e -> assertThat(((InputText.Unreadable) e).line()).isEqualTo(3))
                .hasMessageContaining("neither UTF-8, UTF-16 nor GB18030");
    }
}
