package org.tmapiroutes.delivery;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.tmapiroutes.item.WatchHistory.Point;

/**
 * The small price chart of a changed item in the item-watch mail: each changed SKU's recorded prices over time, drawn
 * with JFreeChart as a PNG the mail carries inline. Labels are plain ASCII (a server often has no Chinese font); the
 * mail's text names the SKUs in full.
 */
public final class PriceChart {

    static final int WIDTH = 480;
    static final int HEIGHT = 200;
    /** More lines than this make a small chart unreadable; the rest are left to the mail's text. */
    static final int MOST_LINES = 5;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd)};

    static {
        // a server has no display: charts are drawn in memory
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PriceChart() {
    }

    /**
     * The chart of the points, one line per SKU (SKUs priced alike all along share one; {@value #MOST_LINES} lines at
     * most), or {@code null} when no SKU has a price to draw.
     *
     * @param labels   each SKU's label by SKU id
     * @param timeZone the zone the dates are written in
     */
    static byte[] png(List<Point> points, Map<String, String> labels, TimeZone timeZone) {
        // each SKU's prices in time order; SKUs priced alike all along share one line
        Map<String, Map<Instant, BigDecimal>> prices = new LinkedHashMap<>();
        for (Point point : points) {
            if (point.price() != null) {
                prices.computeIfAbsent(point.skuId(), id -> new TreeMap<>()).put(point.checkedAt(),
                        point.price().stripTrailingZeros());
            }
        }
        Map<Map<Instant, BigDecimal>, List<String>> alike = new LinkedHashMap<>();
        prices.forEach((sku, history) -> alike.computeIfAbsent(history, h -> new ArrayList<>()).add(sku));
        Map<String, TimeSeries> lines = new LinkedHashMap<>();
        for (Map.Entry<Map<Instant, BigDecimal>, List<String>> line : alike.entrySet()) {
            if (lines.size() == MOST_LINES) {
                break;
            }
            String first = line.getValue().get(0);
            String label = ascii(labels.getOrDefault(first, first), first)
                    + (line.getValue().size() > 1 ? " +" + (line.getValue().size() - 1) : "");
            TimeSeries series = new TimeSeries(label);
            line.getKey().forEach((at, price) -> series.addOrUpdate(new FixedMillisecond(Date.from(at)), price));
            lines.put(first, series);
        }
        if (lines.isEmpty()) {
            return null;
        }
        TimeSeriesCollection data = new TimeSeriesCollection(timeZone);
        lines.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createTimeSeriesChart(null, null, "CNY", data, lines.size() > 1, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        DateAxis time = (DateAxis) plot.getDomainAxis();
        // days; hours too when the history is a few days long; seconds when it is minutes long
        Duration span = Duration.between(points.get(0).checkedAt(), points.get(points.size() - 1).checkedAt());
        SimpleDateFormat format = new SimpleDateFormat(span.toDays() >= 4 ? "MM-dd" : span.toHours() >= 1
                ? "MM-dd HH:mm" : "HH:mm:ss", Locale.ROOT);
        format.setTimeZone(timeZone);
        time.setDateFormatOverride(format);
        time.setTimeZone(timeZone);
        // prices as prices, and a flat line in a band of its own size rather than magnified to noise
        NumberAxis price = (NumberAxis) plot.getRangeAxis();
        price.setNumberFormatOverride(new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        double highest = points.stream().filter(p -> p.price() != null).mapToDouble(p -> p.price().doubleValue())
                .max().orElse(1);
        price.setAutoRangeMinimumSize(Math.max(0.05, highest * 0.1));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < lines.size(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /** The label as plain ASCII, else the SKU's id, shortened. */
    static String ascii(String label, String skuId) {
        if (label != null && !label.isBlank() && label.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return label.length() <= 30 ? label : label.substring(0, 29) + "~";
        }
        if (skuId == null || skuId.isEmpty()) {
            return "price";
        }
        return "SKU " + (skuId.length() <= 8 ? skuId : "~" + skuId.substring(skuId.length() - 6));
    }

    /** The chart's words for a reader who sees no picture: each SKU's first and last price. */
    static String alternative(List<Point> points, Map<String, String> labels) {
        Map<String, List<BigDecimal>> prices = new LinkedHashMap<>();
        for (Point point : points) {
            if (point.price() != null) {
                prices.computeIfAbsent(point.skuId(), id -> new ArrayList<>()).add(point.price());
            }
        }
        List<String> parts = new ArrayList<>();
        prices.forEach((sku, list) -> parts.add(labels.getOrDefault(sku, sku) + ": " + list.get(0).toPlainString()
                + " to " + list.get(list.size() - 1).toPlainString() + " over " + list.size() + " checks"));
        return "Price history: " + String.join("; ", parts);
    }
}
