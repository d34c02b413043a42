package org.tmapiroutes.delivery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tmapiroutes.item.ProductRow;

/**
 * What a report says about a set of products: what was asked and when, how many were fetched and kept, the price
 * minimum, median and maximum, and the top items by sales. Its getters are what the email template reads.
 */
public final class ReportSummary implements Report {

    private final String flow;
    private final Map<String, String> asked;
    private final ZonedDateTime when;
    private final int fetched;
    private final List<ProductRow> kept;
    private final List<TopItem> top;

    /** One line of the report's top list, with links that are safe to put in an email. */
    public record TopItem(int rank, String title, String titleOrigin, String imageUrl, String productUrl,
            BigDecimal price, String currency, Long sales90d, Long sales, String shopName) {
    }

    /**
     * @param flow    the flow's name, e.g. {@code category-email-report}
     * @param asked   what was asked, in the user's words (parameter to value), in order
     * @param when    when the report was made, in the report's time zone
     * @param fetched how many products TMAPI returned
     * @param kept    the products kept (after any filter), all of which go into the attached CSV
     * @param topN    how many of the best sellers the report lists
     */
    public ReportSummary(String flow, Map<String, String> asked, ZonedDateTime when, int fetched, List<ProductRow> kept,
            int topN) {
        this.flow = flow;
        this.asked = asked;
        this.when = when;
        this.fetched = fetched;
        this.kept = List.copyOf(kept);
        List<ProductRow> best = kept.stream()
                .sorted(Comparator.comparing(ProductRow::getSales, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(Math.max(0, topN))
                .toList();
        this.top = new java.util.ArrayList<>();
        for (int i = 0; i < best.size(); i++) {
            ProductRow r = best.get(i);
            top.add(new TopItem(i + 1, Objects.toString(r.getTitle(), ""), r.getTitleOrigin(), safeUrl(r.getImageUrl()),
                    safeUrl(r.getProductUrl()), r.getPrice(), r.getCurrency(), r.getSales90d(), r.getSales(),
                    r.getShopName()));
        }
    }

    @Override
    public String getFlow() {
        return flow;
    }

    /** What was asked, e.g. {@code cat_id 1031922, sort sales, price_end 5}. */
    public String getAsked() {
        return String.join(", ", asked.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    public String getWhen() {
        return when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT));
    }

    public String getDate() {
        return when.format(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    public int getFetched() {
        return fetched;
    }

    public int getKeptCount() {
        return kept.size();
    }

    @Override
    public List<ProductRow> getKept() {
        return kept;
    }

    public List<TopItem> getTop() {
        return top;
    }

    public String getPriceMin() {
        return prices().stream().min(Comparator.naturalOrder()).map(BigDecimal::toPlainString).orElse("–");
    }

    public String getPriceMax() {
        return prices().stream().max(Comparator.naturalOrder()).map(BigDecimal::toPlainString).orElse("–");
    }

    public String getPriceMedian() {
        List<BigDecimal> sorted = prices().stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "–";
        }
        int middle = sorted.size() / 2;
        BigDecimal median = sorted.size() % 2 == 1 ? sorted.get(middle)
                : sorted.get(middle - 1).add(sorted.get(middle)).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
        return median.toPlainString();
    }

    /** The currency of the prices summed up, e.g. {@code CNY} (several joined with {@code /}; empty without prices). */
    public String getCurrency() {
        return kept.stream().filter(r -> r.getPrice() != null).map(r -> Objects.toString(r.getCurrency(), "CNY"))
                .distinct().collect(java.util.stream.Collectors.joining("/"));
    }

    /** The subject line: {@code [tmapi-routes] <flow>: <N> items, <yyyy-MM-dd>}, then what was asked. */
    @Override
    public String getSubject() {
        return "[tmapi-routes] " + flow + ": " + kept.size() + " items, " + getDate()
                + (asked.isEmpty() ? "" : ", " + getAsked());
    }

    private List<BigDecimal> prices() {
        return kept.stream().map(ProductRow::getPrice).filter(Objects::nonNull).toList();
    }

    /** Only http(s) links go into an email; anything else (javascript:, data:) becomes no link at all. */
    public static String safeUrl(String url) {
        if (url == null) {
            return null;
        }
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? url.strip() : null;
    }
}
