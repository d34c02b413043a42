package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled examples of routes/examples/, enabled the documented way (copied into routes/) with their cron moved
 * far away so that only the test runs them (through their Quartz job), against real SMTP and SFTP servers. (The
 * folder-watch example is run by {@link ItemsInRoutesTest}.)
 */
class RouteExamplesTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;
    @TempDir
    Path work;

    private void enable(String example, String cron) throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        String text = Files.readString(Path.of("routes/examples", example));
        assertThat(text).contains("cron: \"" + cron + "\"");
        RunningBundle.save(routesDir, example, text.replace(cron, RunningBundle.FAR_AWAY_CRON));
    }

    @Test
    void givenImageSearchEmailExample_whenItsScheduleFires_thenAMailWithRetailPricesInTheCsv() throws Exception {
        enable("image-search-email.camel.yaml", "0 30 7 * * ?");
        int port = RunningBundle.freePort();
        GreenMail smtp = RunningBundle.startSmtp(port);
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of("report.from", "r@example.com",
                "report.to", "buyer@example.com", "smtp.host", "127.0.0.1", "smtp.port", String.valueOf(port),
                "smtp.starttls", "false", "delivery.retry-seconds", "1"))) {
            bundle.fire("image-search-email");
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);

            assertThat(smtp.getReceivedMessages()[0].getSubject()).startsWith("[tmapi-routes] image-search-email: ");
            Path csv = RunningBundle.list(dataDir.resolve("outbox/image-search-email")).get(0);
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0)).endsWith(",fetched_at,retail_price");
            assertThat(bundle.simulator.requests()).allSatisfy(r -> assertThat(r.query()).containsEntry("sort", "price_up"));
        } finally {
            smtp.stop();
        }
    }

    @Test
    void givenNewShopItemsExample_whenItRunsTwice_thenTheSecondUploadHoldsOnlyTheNewProducts() throws Exception {
        enable("new-shop-items-sftp.camel.yaml", "0 0 * * * ?");
        try (EmbeddedSftpServer sftp = new EmbeddedSftpServer(work.resolve("root"), work.resolve("key"), "partner", "pw")
                .start()) {
            Map<String, String> settings = Map.of("sftp.host", "127.0.0.1", "sftp.port", String.valueOf(sftp.port()),
                    "sftp.username", "partner", "sftp.password", "pw", "sftp.known-hosts-file",
                    sftp.writeKnownHosts(work.resolve("known_hosts")).toString(), "delivery.retry-seconds", "1");
            try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, settings)) {
                bundle.fire("new-shop-items-sftp");
                await().atMost(Duration.ofSeconds(30)).until(() -> uploads(sftp).size() == 1);
                assertThat(Files.readAllLines(uploads(sftp).get(0))).hasSize(1 + 45);

                bundle.simulator.setCatalogVersion(2);
                // the example names its file by the second it runs in: the second run goes out in a later second
                String first = uploads(sftp).get(0).getFileName().toString();
                DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
                await().atMost(Duration.ofSeconds(3)).until(() -> !first.contains(LocalDateTime.now().format(stamp)));
                bundle.fire("new-shop-items-sftp");

                await().atMost(Duration.ofSeconds(30)).until(() -> uploads(sftp).size() == 2);
                List<String> second = Files.readAllLines(uploads(sftp).get(1));
                assertThat(second).as("the catalog's three new listings only").hasSize(1 + 3);
            }
        }
    }

    private static List<Path> uploads(EmbeddedSftpServer sftp) {
        return RunningBundle.list(sftp.root()).stream()
                .filter(p -> p.getFileName().toString().startsWith("new-shop-items-")).sorted().toList();
    }
}
