package org.tmapiroutes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.tmapiroutes.item.WatchHistory.Point;

/** The price chart of the item-watch mail: a small PNG of each changed SKU's recorded prices, and its words. */
class PriceChartTest {

    private static final TimeZone SHANGHAI = TimeZone.getTimeZone("Asia/Shanghai");

    @Test
    void givenTwoSkusOverTenRuns_whenCharted_thenASmallPngWithOneLineEachAndWordsForReadersWithoutPictures()
            throws Exception {
        List<Point> points = new ArrayList<>();
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int run = 0; run < 10; run++) {
            Instant at = start.plus(Duration.ofHours(6L * run));
            points.add(new Point("1", "5674557541674", at, new BigDecimal("10.00").add(BigDecimal.valueOf(run * 7L, 2)),
                    100L));
            points.add(new Point("1", "5674557541667", at, new BigDecimal("12.50"), 30L));
        }
        Map<String, String> labels = Map.of("5674557541674", "颜色:白色;尺码:L", "5674557541667", "blue / S");

        byte[] png = PriceChart.png(points, labels, SHANGHAI);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(480);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(png.length).as("small enough for a mail").isLessThan(40_000);
        assertThat(distinctColours(image)).as("two coloured lines on white").isGreaterThan(4);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "price-chart-example.png"), png);
        assertThat(PriceChart.alternative(points, labels)).isEqualTo("Price history: 颜色:白色;尺码:L: 10.00 to 10.63 over 10"
                + " checks; blue / S: 12.50 to 12.50 over 10 checks");
    }

    @Test
    void givenLabelsAServerFontMayLack_whenCharted_thenTheLegendSaysThemInAscii() {
        assertThat(PriceChart.ascii("颜色:白色;尺码:L", "5674557541674")).isEqualTo("SKU ~541674");
        assertThat(PriceChart.ascii("blue / S", "5674557541674")).isEqualTo("blue / S");
        assertThat(PriceChart.ascii(null, "")).isEqualTo("price");
    }

    @Test
    void givenNoPriceToDraw_whenCharted_thenNoChart() {
        assertThat(PriceChart.png(List.of(new Point("1", "a", Instant.now(), null, 0L)), Map.of(), SHANGHAI)).isNull();
        assertThat(PriceChart.png(List.of(), Map.of(), SHANGHAI)).isNull();
    }

    private static long distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
