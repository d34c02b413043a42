package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/** The scheduled shop-catalog push, uploaded to a real SFTP server (Apache MINA SSHD) with strict host key checking. */
class ShopCatalogSftpPushTest {

    private static final String PASSWORD = "pw-3f9a";

    @TempDir
    Path dataDir;
    @TempDir
    Path work;
    private EmbeddedSftpServer sftp;

    @AfterEach
    void stopSftp() {
        if (sftp != null) {
            sftp.stop();
        }
    }

    private EmbeddedSftpServer startSftp(String password) {
        sftp = new EmbeddedSftpServer(work.resolve("sftp-root"), work.resolve("host-key"), "partner", password).start();
        return sftp;
    }

    private Map<String, String> pushSettings(int port, Path knownHosts) {
        Map<String, String> settings = new HashMap<>();
        settings.put("push.shop.enabled", "true");
        settings.put("push.shop.cron", RunningBundle.FAR_AWAY_CRON);
        settings.put("push.shop.shop-urls", "https://xldjjg.1688.com/, https://yiyunfuzhuang888.1688.com");
        settings.put("push.shop.max-pages", "2");
        settings.put("sftp.host", "127.0.0.1");
        settings.put("sftp.port", String.valueOf(port));
        settings.put("sftp.username", "partner");
        settings.put("sftp.known-hosts-file", knownHosts.toString());
        settings.put("sftp.directory", "incoming");
        settings.put("delivery.retry-seconds", "1");
        return settings;
    }

    /** The partner's server with password login, and the push's settings for it. */
    private Map<String, String> passwordPush() {
        startSftp(PASSWORD);
        Map<String, String> settings = pushSettings(sftp.port(), sftp.writeKnownHosts(work.resolve("known_hosts")));
        settings.put("sftp.password", PASSWORD);
        return settings;
    }

    private Path uploaded() {
        return await().atMost(Duration.ofSeconds(30)).until(() -> RunningBundle.list(sftp.root().resolve("incoming"))
                .stream().filter(p -> p.getFileName().toString().endsWith(".csv") && !p.getFileName().toString().startsWith("."))
                .findFirst().orElse(null), p -> p != null);
    }

    @Test
    void givenPasswordAuth_whenPushRuns_thenOneCsvUploadedUnderItsFinalNameEqualToTheCatalog() throws Exception {
        Map<String, String> settings = passwordPush();
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.fire("shop-catalog-sftp-push");
            Path upload = uploaded();

            assertThat(upload.getFileName().toString()).matches("shop-catalog-sftp-push-\\d{8}-\\d{6}\\.csv");
            await().atMost(Duration.ofSeconds(10)).until(() -> RunningBundle.list(sftp.root().resolve("incoming")).size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> RunningBundle.list(dataDir.resolve("outbox/.sftp-pending")).isEmpty());
            Path sent = dataDir.resolve("outbox/.sftp-sent").resolve(upload.getFileName());
            assertThat(Files.readAllBytes(upload)).isEqualTo(Files.readAllBytes(sent));
            List<String> lines = Files.readAllLines(upload);
            assertThat(lines).hasSize(1 + 2 * 40);
            assertThat(lines.subList(1, lines.size())).anyMatch(l -> l.contains("https://xldjjg.1688.com/"))
                    .anyMatch(l -> l.contains("https://yiyunfuzhuang888.1688.com"));
            assertThat(RunningBundle.list(sftp.root().resolve("incoming"))).as("no temporary file left").hasSize(1);
            assertThat(bundle.simulator.requestCount("shop-items")).isEqualTo(4);
        }
    }

    @Test
    void givenAnHourBetweenRetries_whenAPushRunsWhileTheProgramRuns_thenItsFileIsUploadedAtOnce() {
        Map<String, String> settings = passwordPush();
        settings.put("delivery.retry-seconds", "3600");
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.awaitFirstPoll("sftp-delivery");

            bundle.fire("shop-catalog-sftp-push");

            Path upload = uploaded();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(dataDir.resolve("outbox/.sftp-sent").resolve(upload.getFileName())));
            assertThat(RunningBundle.list(dataDir.resolve("outbox/.sftp-pending"))).isEmpty();
        }
    }

    @Test
    void givenKeyAuth_whenPushRuns_thenUploaded() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair client = generator.generateKeyPair();
        Path keyFile = work.resolve("id_rsa");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "tmapi-routes test", null, out);
        }
        startSftp(null).authorize(client.getPublic());
        Map<String, String> settings = pushSettings(sftp.port(), sftp.writeKnownHosts(work.resolve("known_hosts")));
        settings.put("sftp.private-key-file", keyFile.toString());
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.fire("shop-catalog-sftp-push");
            assertThat(Files.readString(uploaded())).startsWith("\uFEFFsource,query,item_id");
        }
    }

    @Test
    void givenAPartnerThatTakesShopifyFiles_whenPushRuns_thenTheUploadIsShopifysProductImportFile() throws Exception {
        Map<String, String> settings = passwordPush();
        settings.put("push.shop.format", "shopify");
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.fire("shop-catalog-sftp-push");
            Path upload = uploaded();
            assertThat(upload.getFileName().toString()).matches("shop-catalog-sftp-push-\\d{8}-\\d{6}-shopify\\.csv");
            List<String> lines = Files.readAllLines(upload);
            assertThat(lines.get(0)).as("no BOM, the template's header").startsWith("Title,URL handle,Description,");
            assertThat(lines.subList(1, lines.size())).as("80 products of one variant, a line each")
                    .hasSize(80).allMatch(l -> l.contains(",draft,") && l.contains("Default Title"));
        }
    }

    @Test
    void givenUnknownHostKey_whenPushRuns_thenUploadRefusedAndTheFileWaits() throws Exception {
        startSftp(PASSWORD);
        EmbeddedSftpServer impostorKey = new EmbeddedSftpServer(work.resolve("other-root"), work.resolve("other-key"),
                "partner", "x").start();
        String otherLine = impostorKey.knownHostsLine().replace("[127.0.0.1]:" + impostorKey.port(),
                "[127.0.0.1]:" + sftp.port());
        impostorKey.stop();
        Path knownHosts = Files.writeString(work.resolve("known_hosts"), otherLine + "\n");
        Map<String, String> settings = pushSettings(sftp.port(), knownHosts);
        settings.put("sftp.password", PASSWORD);
        settings.put("delivery.retry-seconds", "3600");
        try (CapturedLog log = CapturedLog.info(); RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            Instant before = Instant.now();
            bundle.fire("shop-catalog-sftp-push");
            Path pending = dataDir.resolve("outbox/.sftp-pending");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("Upload of shop-catalog-sftp-push-"));

            assertThat(log.text()).containsIgnoringCase("HostKey");
            assertThat(RunningBundle.list(pending)).hasSize(1);
            assertThat(Files.getLastModifiedTime(RunningBundle.list(pending).get(0)).toInstant())
                    .as("the next attempt time, recorded on the waiting file").isAfter(before.plusSeconds(3600));
            assertThat(RunningBundle.list(sftp.root().resolve("incoming"))).isEmpty();
        }
    }

    @Test
    void givenSftpDown_whenPushRuns_thenTheFileWaitsAndIsUploadedExactlyOnceWhenTheServerIsBack() throws Exception {
        int port = RunningBundle.freePort();
        sftp = new EmbeddedSftpServer(work.resolve("sftp-root"), work.resolve("host-key"), "partner", PASSWORD);
        Path knownHosts = work.resolve("known_hosts");
        Map<String, String> settings = pushSettings(port, knownHosts);
        settings.put("sftp.password", PASSWORD);
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.fire("shop-catalog-sftp-push");
            Path pending = dataDir.resolve("outbox/.sftp-pending");
            await().atMost(Duration.ofSeconds(30)).until(() -> RunningBundle.list(pending).size() == 1);
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> RunningBundle.list(pending), files -> files.size() == 1);

            sftp.start(port);
            sftp.writeKnownHosts(knownHosts);

            uploaded();
            await().atMost(Duration.ofSeconds(10)).until(() -> RunningBundle.list(pending).isEmpty());
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> RunningBundle.list(sftp.root().resolve("incoming")), files -> files.size() == 1);
            assertThat(RunningBundle.list(dataDir.resolve("outbox/.sftp-sent"))).hasSize(1);
        }
    }
    @Test
    void givenAPushStoppedMidFetch_whenStartedAgain_thenItsFileHoldsEveryShopAndNoPageIsBoughtTwice()
            throws Exception {
        Map<String, String> settings = passwordPush();
        settings.put("tmapi.max-concurrency", "1");
        try (TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN).start()) {
            simulator.setLatency(Duration.ofMillis(700));
            RunningBundle first = RunningBundle.start(dataDir, Path.of("routes"),
                    Path.of("config", "application.properties"), settings, simulator);
            try {
                first.fire("shop-catalog-sftp-push");
                await().atMost(RunningBundle.PATIENCE).until(() -> simulator.requestCount() >= 1);
            } finally {
                first.close();
            }
            assertThat(simulator.requestCount()).as("no new page asked for once stopping").isLessThan(4);
            assertThat(RunningBundle.list(dataDir.resolve("outbox/.sftp-pending"))).as("no file of part of the catalog")
                    .isEmpty();

            simulator.setLatency(Duration.ZERO);
            try (RunningBundle second = RunningBundle.start(dataDir, Path.of("routes"),
                    Path.of("config", "application.properties"), settings, simulator)) {
                List<String> lines = Files.readAllLines(uploaded());
                assertThat(lines).as("the products of the pages bought before the stop, read back, and the others")
                        .hasSize(1 + 2 * 40);
                assertThat(lines.subList(1, lines.size())).anyMatch(l -> l.contains("https://xldjjg.1688.com/"))
                        .anyMatch(l -> l.contains("https://yiyunfuzhuang888.1688.com"));
            }
            List<String> pages = simulator.requests().stream()
                    .map(r -> r.parameter("shop_url") + " page " + r.parameter("page")).toList();
            assertThat(pages).as("each page bought once").hasSize(4).doesNotHaveDuplicates();
        }
    }
}
