package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tmapiroutes.store.JdbcImageConversions;
import org.tmapiroutes.store.StateStore;

/** Which pictures the image search takes as they are, and how long a conversion is kept in the state store. */
class ImageUrlConversionTest {

    private static final Instant NOON = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dataDir;

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
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            new JdbcImageConversions(store.dataSource()).keep("https://x.example/m.jpg", "/search/imgextra/1_a.jpg",
                    NOON);
        }

        try (StateStore reopened = StateStore.open("", "", Optional.empty(), dataDir)) {
            JdbcImageConversions conversions = new JdbcImageConversions(reopened.dataSource());

            assertThat(conversions.find("https://x.example/m.jpg", NOON.plus(Duration.ofHours(23).plusMinutes(59))))
                    .contains("/search/imgextra/1_a.jpg");
            assertThat(conversions.find("https://x.example/m.jpg", NOON.plus(Duration.ofHours(24)))).isEmpty();
            assertThat(conversions.find("https://x.example/m.jpg", NOON.minus(Duration.ofMinutes(2))))
                    .as("dated ahead of the clock: not trusted").isEmpty();
            assertThat(conversions.find("https://x.example/other.jpg", NOON)).isEmpty();
            conversions.keep("https://x.example/new.jpg", "/search/imgextra/2_b.jpg", NOON.plus(Duration.ofHours(30)));
            assertThat(kept(reopened)).as("expired conversions are dropped").containsExactly("/search/imgextra/2_b.jpg");
        }
    }

    @Test
    void givenAPictureConvertedAgain_whenKept_thenTheNewPathReplacesTheOldOne() throws Exception {
        try (StateStore store = StateStore.open("", "", Optional.empty(), dataDir)) {
            JdbcImageConversions conversions = new JdbcImageConversions(store.dataSource());
            conversions.keep("https://x.example/m.jpg", "/search/imgextra/1_a.jpg", NOON);

            conversions.keep("https://x.example/m.jpg", "/search/imgextra/1_b.jpg", NOON.plus(Duration.ofHours(1)));

            assertThat(conversions.find("https://x.example/m.jpg", NOON.plus(Duration.ofHours(24).plusMinutes(30))))
                    .contains("/search/imgextra/1_b.jpg");
            assertThat(kept(store)).containsExactly("/search/imgextra/1_b.jpg");
        }
    }

    /** The converted paths the store holds. */
    private static List<String> kept(StateStore store) throws Exception {
        List<String> paths = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection();
                ResultSet rows = connection.createStatement().executeQuery(
                        "select converted_path from tmapi_image_conversion order by converted_path")) {
            while (rows.next()) {
                paths.add(rows.getString(1));
            }
        }
        return paths;
    }
}
