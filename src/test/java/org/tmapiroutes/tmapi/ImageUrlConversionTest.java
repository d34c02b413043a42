package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which pictures the image search takes as they are, and how long a conversion is kept. */
class ImageUrlConversionTest {

    private static final Instant NOON = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path state;

    @ParameterizedTest
    @ValueSource(strings = {"https://cbu01.alicdn.com/img/ibank/O1CN01.jpg", "https://img.alicdn.com/x.jpg",
            "https://CBU01-overseas.1688.com/img/x.jpg", "http://img.taobao.com/x.jpg", "https://img.tmall.com/x.png",
            "https://sc04.alibaba.com/kf/x.jpg", "https://1688.com/x.jpg", "/search/imgextra/1692942898123_q7ftzxs9.jpg",
            "  /search/imgextra5/1589508648580602236.jpg "})
    void givenAnAlibabaPictureOrAConvertedPath_whenChecked_thenSearchedAsItIs(String imgUrl) {
        assertThat(ImageUrlConversion.needsConversion(imgUrl)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://images.example.com/mug.jpg", "https://alicdn.com.evil.example/x.jpg",
            "https://notalicdn.com/x.jpg", "http://127.0.0.1/x.jpg", "https://x/y.jpg", "https://shop.example/a b.jpg",
            "ftp://x.example/y.jpg", "mug.jpg"})
    void givenAPictureElsewhere_whenChecked_thenConvertedFirst(String imgUrl) {
        assertThat(ImageUrlConversion.needsConversion(imgUrl)).isTrue();
    }

    @Test
    void givenAConversionKept_whenLookedUpWithin24HoursAfterARestartAndLater_thenFoundThenGone() throws Exception {
        Path file = state.resolve("image-conversions.json");
        new FileImageConversions(file).keep("https://x.example/m.jpg", "/search/imgextra/1_a.jpg", NOON);

        FileImageConversions reread = new FileImageConversions(file);

        assertThat(reread.find("https://x.example/m.jpg", NOON.plus(Duration.ofHours(23).plusMinutes(59))))
                .contains("/search/imgextra/1_a.jpg");
        assertThat(reread.find("https://x.example/m.jpg", NOON.plus(Duration.ofHours(24)))).isEmpty();
        assertThat(reread.find("https://x.example/other.jpg", NOON)).isEmpty();
        reread.keep("https://x.example/new.jpg", "/search/imgextra/2_b.jpg", NOON.plus(Duration.ofHours(30)));
        assertThat(Files.readString(file)).as("expired conversions are dropped").doesNotContain("1_a.jpg")
                .contains("2_b.jpg");
        assertThat(state.resolve(".writing-image-conversions.json")).doesNotExist();
    }

    @Test
    void givenAnUnreadableFile_whenLookedUp_thenSetAsideAndStartedAfresh() throws Exception {
        Path file = state.resolve("image-conversions.json");
        Files.writeString(file, "{not json");

        FileImageConversions conversions = new FileImageConversions(file);

        assertThat(conversions.find("https://x.example/m.jpg", NOON)).isEmpty();
        try (var files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("image-conversions.json.corrupt-"));
        }
    }
}
