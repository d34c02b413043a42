package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.item.ProductNormalizer;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiPage;

/**
 * The new-items report across two runs (and a restart, its tracking state in the embedded state store), against a
 * catalog that changed in between.
 */
class NewItemsReportTest {

    @TempDir
    Path dataDir;

    @Test
    void givenCatalogChangedBetweenRuns_whenSecondReportRuns_thenExactlyTheNewItemsAndThePriceDrops() throws Exception {
        int port = RunningBundle.freePort();
        GreenMail smtp = RunningBundle.startSmtp(port);
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            Map<String, BigDecimal> before = catalog(simulator);
            runOnce(simulator, port, smtp, 1);
            simulator.setCatalogVersion(2);
            Map<String, BigDecimal> after = catalog(simulator);
            runOnce(simulator, port, smtp, 2);

            Set<String> expectedNew = after.keySet().stream().filter(id -> !before.containsKey(id)).collect(Collectors.toSet());
            Set<String> expectedDrops = after.keySet().stream().filter(id -> before.containsKey(id)
                    && after.get(id).compareTo(before.get(id)) < 0).collect(Collectors.toSet());
            assertThat(expectedNew).isNotEmpty();
            assertThat(expectedDrops).isNotEmpty();

            MimeMessage first = smtp.getReceivedMessages()[0];
            String firstHtml = ReceivedMail.html(first);
            assertThat(firstHtml).contains("<html lang=\"en\">").contains("First run: " + before.size() + " products")
                    .doesNotContain("new since the last run").doesNotContain("cheaper than at the last run")
                    .contains("<th>Product</th><th>Price</th>");
            assertThat(Pattern.compile("<img [^>]*>").matcher(firstHtml).results().map(MatchResult::group))
                    .isNotEmpty().allSatisfy(img -> assertThat(img).containsPattern("alt=\"[^\"]+\""));
            assertThat(ReceivedMail.text(first)).contains("First run: " + before.size() + " products");
            String firstCsv = part(first, false);
            assertThat(firstCsv.lines().findFirst().orElseThrow()).as("price-change columns with nothing cheaper yet")
                    .endsWith(",fetched_at,old_price,new_price,change_pct");

            MimeMessage second = smtp.getReceivedMessages()[1];
            String html = part(second, true);
            assertThat(html).contains(expectedNew.size() + " new since the last run").doesNotContain("First run")
                    .contains(expectedDrops.size() + " cheaper than at the last run")
                    .contains("<th>Old price &rarr; new price (change)</th>");
            assertThat(html.split("<tr class=\"new\"", -1)).hasSize(expectedNew.size() + 1);
            assertThat(html.split("<tr class=\"drop\"", -1)).hasSize(expectedDrops.size() + 1);
            assertThat(second.getSubject()).contains(expectedNew.size() + " new, " + expectedDrops.size() + " cheaper");
            Map<String, CSVRecord> rows = new LinkedHashMap<>();
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(part(second, false).substring(1)))) {
                rows.put(r.get("item_id"), r);
            }
            assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.Stream.concat(expectedNew.stream(), expectedDrops.stream()).toList());
            for (String id : expectedDrops) {
                assertThat(new BigDecimal(rows.get(id).get("old_price"))).isEqualByComparingTo(before.get(id));
                assertThat(new BigDecimal(rows.get(id).get("new_price"))).isEqualByComparingTo(after.get(id));
                assertThat(new BigDecimal(rows.get(id).get("change_pct"))).isNegative();
            }
            assertThat(RunningBundle.list(dataDir.resolve("state"))).as("what was seen is in the state store, not in files")
                    .extracting(p -> p.getFileName().toString()).anyMatch(n -> n.startsWith("tmapi-state"))
                    .noneMatch(n -> n.startsWith("seen-items") || n.startsWith("prices"));
        } finally {
            smtp.stop();
        }
    }

    private void runOnce(TmapiSimulator simulator, int smtpPort, GreenMail smtp, int mails) {
        Map<String, String> settings = new HashMap<>();
        settings.put("report.new-items.enabled", "true");
        settings.put("report.new-items.cron", RunningBundle.FAR_AWAY_CRON);
        settings.put("report.new-items.cat-id", "1031922");
        settings.put("report.from", "reports@example.com");
        settings.put("report.to", "buyer@example.com");
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", String.valueOf(smtpPort));
        settings.put("smtp.starttls", "false");
        settings.put("delivery.retry-seconds", "1");
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                Path.of("config", "application.properties"), settings, simulator)) {
            bundle.fire("category-new-items-report");
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == mails);
        }
    }

    /** The category as the simulator serves it now: item id to the price the CSV shows. */
    private static Map<String, BigDecimal> catalog(TmapiSimulator simulator) throws Exception {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        ProductNormalizer normalizer = new ProductNormalizer();
        for (int page = 1; page <= 5; page++) {
            String body = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                    + "/1688/category/items/v2?apiToken=" + RunningBundle.TOKEN + "&cat_id=1031922&page=" + page
                    + "&page_size=20")).build(), HttpResponse.BodyHandlers.ofString()).body();
            TmapiPage answer = TmapiPage.read("category-items", 200, body);
            for (var item : answer.items()) {
                ProductRow row = normalizer.normalize(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", "1031922"), item,
                        Instant.now());
                prices.put(row.getItemId(), row.getPrice());
            }
            if (!Boolean.TRUE.equals(answer.hasNextPage())) {
                break;
            }
        }
        return prices;
    }

    private static String part(MimeMessage message, boolean html) throws Exception {
        return html ? ReceivedMail.html(message)
                : new String(ReceivedMail.bytes(ReceivedMail.attachment(message)), StandardCharsets.UTF_8);
    }
}
