package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;

/**
 * The secrecy audit: every shipped flow runs — the seven inboxes (an image conversion among them), the two reports,
 * the SFTP push, the item watch (an item's error echoing the request) — with failures of every code, at DEBUG, with the token sent either way ({@code tmapi.auth} query or
 * header); the token is in no log line, no file under data/, no sent mail, no uploaded file, and not in the metrics or
 * health output. (The dev console is not enabled in the shipped configuration.)
 */
class SecrecyAuditTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"query", "header"})
    void givenEveryFlowAndEveryFailureCodeAtDebug_whenSearchedEverywhere_thenTheTokenIsNowhere(String auth)
            throws Exception {
        int smtpPort = RunningBundle.freePort();
        GreenMail smtp = RunningBundle.startSmtp(smtpPort);
        String metrics;
        String health;
        String log;
        try (EmbeddedSftpServer sftp = new EmbeddedSftpServer(work.resolve("sftp"), work.resolve("key"), "p", "pw").start()) {
            Map<String, String> settings = new HashMap<>();
            settings.put("tmapi.pause-minutes", "0.02");
            settings.put("tmapi.auth", auth);
            settings.put("report.category.enabled", "true");
            settings.put("report.category.cron", RunningBundle.FAR_AWAY_CRON);
            settings.put("report.category.cat-id", "1031922");
            settings.put("report.new-items.enabled", "true");
            settings.put("report.new-items.cron", RunningBundle.FAR_AWAY_CRON);
            settings.put("report.new-items.cat-id", "201164002");
            settings.put("report.from", "r@example.com");
            settings.put("report.to", "buyer@example.com");
            settings.put("smtp.host", "127.0.0.1");
            settings.put("smtp.port", String.valueOf(smtpPort));
            settings.put("smtp.starttls", "false");
            settings.put("push.shop.enabled", "true");
            settings.put("push.shop.cron", RunningBundle.FAR_AWAY_CRON);
            settings.put("push.shop.shop-urls", "https://xldjjg.1688.com/");
            settings.put("sftp.host", "127.0.0.1");
            settings.put("sftp.port", String.valueOf(sftp.port()));
            settings.put("sftp.username", "p");
            settings.put("sftp.password", "pw");
            settings.put("sftp.known-hosts-file", sftp.writeKnownHosts(work.resolve("known_hosts")).toString());
            settings.put("delivery.retry-seconds", "1");
            settings.put("watch.enabled", "true");
            settings.put("watch.cron", RunningBundle.FAR_AWAY_CRON);
            settings.put("watch.history-csv", "true");
            Files.createDirectories(dataDir.resolve("watch"));
            Files.writeString(dataDir.resolve("watch/items.csv"), "item_id\n610947572360\n610947572361\n");
            try (CapturedLog captured = CapturedLog.debug();
                    RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
                bundle.simulator.failAlways("category-items", "417", Fault.httpStatus(417));
                bundle.simulator.failAlways("category-items", "422", Fault.jsonCode(422));
                bundle.simulator.failAlways("category-items", "499", Fault.jsonCode(499));
                bundle.simulator.failAlways("category-items", "500", Fault.httpStatus(500));
                bundle.simulator.failAlways("category-items", "503", Fault.jsonCode(503));
                bundle.simulator.failAlways("category-items", "1", Fault.malformedJson());
                bundle.simulator.failNext("image-search", Fault.httpStatus(439), 1);
                // an error message that repeats the request, token and all
                bundle.simulator.failAlways("item-detail", "610947572361", Fault.echo());

                bundle.fire("category-email-report");
                bundle.fire("category-new-items-report");
                bundle.fire("shop-catalog-sftp-push");
                bundle.fire("item-watch");
                bundle.drop("category-items", "codes.txt", "417\n422\n499\n500\n503\n1\n2\n");
                bundle.drop("category-items-v1", "v1.txt", "1031910\n");
                bundle.drop("shop-items", "shops.txt", "https://xldjjg.1688.com/\n");
                bundle.drop("shop-items-by-member", "members.txt", "jane727\n");
                bundle.drop("image-search", "images.txt", "https://x/y.jpg\n");
                bundle.drop("keyword-search", "keywords.txt", "马克杯\n");
                bundle.drop("keyword-search-global", "global.csv", "keyword,cat_id\ntote bag,\n,1031922\n");
                for (String[] dropped : List.of(new String[] {"category-items", "codes.txt"},
                        new String[] {"category-items-v1", "v1.txt"}, new String[] {"shop-items", "shops.txt"},
                        new String[] {"shop-items-by-member", "members.txt"}, new String[] {"image-search", "images.txt"},
                        new String[] {"keyword-search", "keywords.txt"},
                        new String[] {"keyword-search-global", "global.csv"})) {
                    bundle.awaitArchived(dropped[0], dropped[1]);
                }
                await().atMost(Duration.ofSeconds(40)).until(() -> smtp.getReceivedMessages().length >= 3
                        && RunningBundle.list(sftp.root()).stream().anyMatch(p -> p.toString().endsWith(".csv"))
                        && RunningBundle.list(bundle.outbox("item-watch")).stream()
                                .anyMatch(p -> p.getFileName().toString().startsWith("history-")));
                HttpClient http = HttpClient.newHttpClient();
                metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bundle.managementPort()
                        + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bundle.managementPort()
                        + "/observe/health?exposureLevel=full")).build(), HttpResponse.BodyHandlers.ofString()).body();
                log = captured.text();
                assertThat(bundle.simulator.requests()).as("the token went the configured way, and only that way")
                        .anyMatch(r -> "image-convert".equals(r.endpointId()))
                        .allSatisfy(r -> assertThat(r.tokenIn()).isEqualTo(auth));
            }
            assertThat(log).contains("DEBUG").contains("code 417").contains("code 439").contains("code transport");
            assertThat(log).doesNotContain(RunningBundle.TOKEN);
            assertThat(metrics).contains("tmapi_requests_total").doesNotContain(RunningBundle.TOKEN);
            assertThat(health).contains("tmapi-calls").doesNotContain(RunningBundle.TOKEN);
            for (MimeMessage mail : smtp.getReceivedMessages()) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                mail.writeTo(raw);
                assertThat(raw.toString(StandardCharsets.UTF_8)).doesNotContain(RunningBundle.TOKEN);
            }
            for (Path root : List.of(dataDir, sftp.root())) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                                .doesNotContain(RunningBundle.TOKEN);
                    }
                }
            }
            assertThat(RunningBundle.list(dataDir.resolve("errors/category-items")))
                    .anyMatch(p -> p.getFileName().toString().contains("-503-"));
        } finally {
            smtp.stop();
        }
    }
}
