package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail over TLS against real servers with a certificate made for the test, valid for the name {@code localhost} only:
 * GreenMail speaking SMTPS (implicit TLS, {@code smtp.ssl}), and GreenMail behind a STARTTLS front. The certificate
 * is trusted through {@code smtp.trust-store} alone (no JVM-wide trust store flags); connecting by another name
 * (127.0.0.1) is refused, and the mail waits in {@code .mail-pending/}.
 */
class SmtpTlsTest {

    private static final String SERVER_KEY_PASSWORD = "server-key-pw";
    private static final String TRUST_STORE_PASSWORD = "trust-pw-7c1d";

    @TempDir
    static Path keys;
    static Path trustStore;
    static GreenMail smtps;
    static GreenMail plainSmtp;
    static StartTlsFront startTls;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startServers() throws Exception {
        Path serverKeys = keys.resolve("server.p12");
        Path certificate = keys.resolve("server.pem");
        trustStore = keys.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                "-keystore", serverKeys.toString(), "-storepass", SERVER_KEY_PASSWORD, "-keypass", SERVER_KEY_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "smtp", "-storetype", "PKCS12", "-keystore", serverKeys.toString(),
                "-storepass", SERVER_KEY_PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "private-ca", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", trustStore.toString(), "-storepass", TRUST_STORE_PASSWORD);

        // GreenMail reads its server key store from these, once per JVM (no other test runs GreenMail over TLS)
        System.setProperty("greenmail.tls.keystore.file", serverKeys.toString());
        System.setProperty("greenmail.tls.keystore.password", SERVER_KEY_PASSWORD);
        smtps = new GreenMail(patient(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort()));
        smtps.start();

        plainSmtp = new GreenMail(patient(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()));
        plainSmtp.start();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeys)) {
            store.load(in, SERVER_KEY_PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, SERVER_KEY_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        startTls = new StartTlsFront(tls, plainSmtp.getSmtp().getPort());
    }

    @AfterAll
    static void stopServers() throws Exception {
        startTls.close();
        plainSmtp.stop();
        smtps.stop();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said;
        try (InputStream in = process.getInputStream()) {
            said = new String(in.readAllBytes());
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(said).isZero();
    }

    private Map<String, String> mail(String host, int port, boolean ssl, boolean trusted) {
        Map<String, String> settings = new HashMap<>();
        settings.put("report.category.enabled", "true");
        settings.put("report.category.cron", RunningBundle.FAR_AWAY_CRON);
        settings.put("report.category.cat-id", "1031922");
        settings.put("report.category.max-pages", "1");
        settings.put("report.from", "reports@example.com");
        settings.put("report.to", "buyer@example.com");
        settings.put("smtp.host", host);
        settings.put("smtp.port", String.valueOf(port));
        settings.put("smtp.ssl", String.valueOf(ssl));
        settings.put("smtp.starttls", String.valueOf(!ssl));
        settings.put("delivery.retry-seconds", "1");
        if (trusted) {
            settings.put("smtp.trust-store", trustStore.toString());
            settings.put("smtp.trust-store-password", TRUST_STORE_PASSWORD);
        }
        return settings;
    }

    /** Runs the report once and waits for the outcome of the first delivery attempt; returns the log. */
    private String reportSentOrRefused(Map<String, String> settings, GreenMail server, int mailsBefore) {
        try (CapturedLog log = CapturedLog.info(); RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                settings)) {
            bundle.fire("category-email-report");
            // a refused handshake makes GreenMail's connection thread fail; that is the server's business, not the test's
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30))
                    .until(() -> server.getReceivedMessages().length > mailsBefore
                    || log.text().contains("Mail category-email-report-"));
            return log.text();
        }
    }

    @Test
    void givenSmtpsWithTheCertificateOfItsName_whenTheReportIsMailed_thenItIsDeliveredOverTls() throws Exception {
        int before = smtps.getReceivedMessages().length;
        Map<String, String> settings = mail("localhost", smtps.getSmtps().getPort(), true, true);
        try (CapturedLog log = CapturedLog.debug(); RunningBundle bundle = RunningBundle.start(dataDir,
                Path.of("routes"), settings)) {
            bundle.fire("category-email-report");

            await().atMost(Duration.ofSeconds(30)).until(() -> smtps.getReceivedMessages().length == before + 1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> RunningBundle.list(dataDir.resolve("outbox/.mail-sent")).size() == 1);
            assertThat(smtps.getReceivedMessages()[before].getSubject()).startsWith("[tmapi-routes] category-email-report:");
            assertThat(bundle.context().getEndpoints()).extracting(Endpoint::getEndpointUri)
                    .anyMatch(uri -> uri.startsWith("smtps://localhost:"))
                    .noneMatch(uri -> uri.contains(TRUST_STORE_PASSWORD));
            assertThat(log.text()).contains("DEBUG").doesNotContain(TRUST_STORE_PASSWORD);
        }
    }

    @Test
    void givenSmtpsReachedByANameItsCertificateDoesNotHold_whenTheReportIsMailed_thenRefusedAndTheMailWaits() {
        int before = smtps.getReceivedMessages().length;

        String log = reportSentOrRefused(mail("127.0.0.1", smtps.getSmtps().getPort(), true, true), smtps, before);

        assertThat(log).containsPattern("Mail category-email-report-\\S+ not sent \\(.*(?i:subject alternative names|"
                + "server identity).*127\\.0\\.0\\.1");
        assertThat(smtps.getReceivedMessages()).hasSize(before);
        assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-pending"))).hasSize(1);
        assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-sent"))).isEmpty();
    }

    @Test
    void givenSmtpsWithoutTheTrustStore_whenTheReportIsMailed_thenTheUnknownCertificateIsRefused() {
        int before = smtps.getReceivedMessages().length;

        String log = reportSentOrRefused(mail("localhost", smtps.getSmtps().getPort(), true, false), smtps, before);

        assertThat(log).containsPattern("Mail category-email-report-\\S+ not sent \\(.*(?i:certification path)");
        assertThat(smtps.getReceivedMessages()).hasSize(before);
        assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-pending"))).hasSize(1);
    }

    @Test
    void givenStartTlsWithTheCertificateOfItsName_whenTheReportIsMailed_thenItIsDelivered() throws Exception {
        int before = plainSmtp.getReceivedMessages().length;

        reportSentOrRefused(mail("localhost", startTls.port(), false, true), plainSmtp, before);

        assertThat(plainSmtp.getReceivedMessages()).hasSize(before + 1);
        assertThat(plainSmtp.getReceivedMessages()[before].getSubject()).startsWith("[tmapi-routes] category-email-report:");
    }

    @Test
    void givenStartTlsReachedByANameItsCertificateDoesNotHold_whenTheReportIsMailed_thenRefusedAndTheMailWaits() {
        int before = plainSmtp.getReceivedMessages().length;

        String log = reportSentOrRefused(mail("127.0.0.1", startTls.port(), false, true), plainSmtp, before);

        assertThat(log).containsPattern("Mail category-email-report-\\S+ not sent \\(.*(?i:subject alternative names|"
                + "server identity).*127\\.0\\.0\\.1");
        assertThat(plainSmtp.getReceivedMessages()).hasSize(before);
        assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-pending"))).hasSize(1);
    }

    /** A busy machine may take more than GreenMail's default 2 s to start a server. */
    private static ServerSetup patient(ServerSetup setup) {
        setup.setServerStartupTimeout(30_000);
        return setup;
    }
}
