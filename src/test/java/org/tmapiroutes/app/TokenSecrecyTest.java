package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * The TMAPI token is in no log line (at DEBUG), no file the product writes, no endpoint URI, no exception message,
 * whether it goes as the apiToken query parameter or as the apikey header.
 */
class TokenSecrecyTest {

    @TempDir
    Path dataDir;

    @Test
    void givenDebugLogging_whenJobsSucceedAndFail_thenTokenNowhere() throws Exception {
        String log;
        Throwable kameletFailure;
        List<String> endpointUris;
        try (CapturedLog captured = CapturedLog.debug(); RunningBundle bundle = RunningBundle.start(dataDir)) {
            bundle.simulator.failAlways("category-items", "222", Fault.httpStatus(500));
            bundle.simulator.failAlways("category-items", "333", Fault.connectionDrop());
            bundle.simulator.failAlways("image-search", Fault.jsonCode(422));
            bundle.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:secrecy-kamelet").to("kamelet:tmapi-image-search-action?imgUrl=https://x/y.jpg");
                }
            });

            bundle.drop("category-items", "mixed.csv", "cat_id\n111\n222\n333\n");
            bundle.drop("shop-items", "shops.txt", "https://xldjjg.1688.com/\n");
            bundle.awaitArchived("category-items", "mixed.csv");
            bundle.awaitArchived("shop-items", "shops.txt");
            kameletFailure = catchFailure(() -> bundle.context().createProducerTemplate()
                    .requestBody("direct:secrecy-kamelet", (Object) null));
            endpointUris = bundle.context().getEndpoints().stream().map(Endpoint::getEndpointUri).toList();
            log = captured.text();
        }

        assertThat(log).as("DEBUG output was captured").contains("DEBUG").contains("apiToken=****");
        assertThat(log).doesNotContain(RunningBundle.TOKEN);
        assertThat(endpointUris).isNotEmpty().noneMatch(uri -> uri.contains(RunningBundle.TOKEN));
        assertThat(kameletFailure).isNotNull();
        for (Throwable t = kameletFailure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(RunningBundle.TOKEN);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).as("outbox, errors and archives were written")
                    .anyMatch(p -> p.toString().endsWith("-failed.csv"))
                    .anyMatch(p -> p.toString().endsWith(".error.txt"));
            for (Path file : written) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(RunningBundle.TOKEN);
            }
        }
    }

    @Test
    void givenTmapiAuthHeaderAtDebug_whenJobsSucceedAndFail_thenTheTokenGoesOnlyAsTheApikeyHeaderAndIsLoggedNowhere()
            throws Exception {
        String log;
        List<String> endpointUris;
        try (CapturedLog captured = CapturedLog.debug();
                RunningBundle bundle = RunningBundle.start(dataDir, java.nio.file.Path.of("routes"),
                        java.util.Map.of("tmapi.auth", "header"))) {
            bundle.simulator.failAlways("category-items", "222", Fault.httpStatus(500));

            bundle.drop("category-items", "mixed.csv", "cat_id\n111\n222\n");
            bundle.drop("image-search", "pictures.txt", "https://images.example.com/mug.jpg\n");
            bundle.awaitArchived("category-items", "mixed.csv");
            assertThat(bundle.awaitArchived("image-search", "pictures.txt").getParent().getFileName())
                    .hasToString(".done");
            assertThat(bundle.simulator.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.tokenIn()).isEqualTo(RecordedRequest.HEADER);
                assertThat(r.tokenValid()).isTrue();
                assertThat(r.query()).doesNotContainKey("apiToken");
            });
            endpointUris = bundle.context().getEndpoints().stream().map(Endpoint::getEndpointUri).toList();
            log = captured.text();
        }

        assertThat(log).as("the HTTP client's DEBUG header lines were captured, masked").contains("apikey: ****");
        assertThat(log).doesNotContain(RunningBundle.TOKEN);
        assertThat(endpointUris).isNotEmpty().noneMatch(uri -> uri.contains(RunningBundle.TOKEN));
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(RunningBundle.TOKEN);
            }
        }
    }

    /**
     * A token with characters that change when URL-encoded or JSON-escaped, so that every form a server may echo it in
     * differs from the others.
     */
    private static final String ECHOED_TOKEN = "tok/7Qx+echo=secret%value";
    /** Passwords alike: the mail server's and the partner's SFTP server's. */
    private static final String SMTP_PASSWORD = "mail&Pa55/word+1";
    private static final String SFTP_PASSWORD = "sftp%Pa55\"word=2";

    @ParameterizedTest
    @ValueSource(strings = {"query", "header"})
    void givenTmapiEchoingTheRequestInItsError_whenTheQueryFails_thenTheTokenIsInNoFileNorLogInAnyForm(String auth)
            throws Exception {
        String log;
        Path letter;
        try (TmapiSimulator simulator = new TmapiSimulator(ECHOED_TOKEN).start();
                CapturedLog captured = CapturedLog.info();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"),
                        Map.of("tmapi.api-token", ECHOED_TOKEN, "tmapi.auth", auth, "smtp.password", SMTP_PASSWORD,
                                "sftp.password", SFTP_PASSWORD), simulator)) {
            simulator.failAlways("category-items", "222", Fault.echo());
            // a line of any logger, a library's say, that prints the token as it is
            LoggerFactory.getLogger("org.apache.camel.component.http").warn("a library echoes {}", ECHOED_TOKEN);
            // and a server's refusal that repeats the passwords, in a message and in a stack trace
            LoggerFactory.getLogger("org.apache.camel.component.mail").warn("login refused for {} and {}",
                    URLEncoder.encode(SMTP_PASSWORD, StandardCharsets.UTF_8), SFTP_PASSWORD.replace("\"", "\\\""),
                    new IllegalStateException("auth failed: " + SMTP_PASSWORD + " / " + SFTP_PASSWORD));

            bundle.drop("category-items", "echo.csv", "cat_id\n111\n222\n");
            bundle.awaitArchived("category-items", "echo.csv");
            letter = RunningBundle.list(dataDir.resolve("errors/category-items")).stream()
                    .filter(p -> p.toString().endsWith("-500-echo.json")).findFirst().orElseThrow();
            log = captured.text();
        }

        String encoded = URLEncoder.encode(ECHOED_TOKEN, StandardCharsets.UTF_8);
        List<String> forms = List.of(ECHOED_TOKEN, encoded, encoded.toLowerCase(Locale.ROOT),
                encoded.replace("+", "%20"), ECHOED_TOKEN.replace("/", "\\/"));
        assertThat(RunningBundle.read(letter)).as("the echo reached the dead letter, scrubbed")
                .contains("Request: GET /1688/category/items").contains("token: ****");
        assertThat(log).as("the failure was logged").contains("cat_id=222").contains("a library echoes ****")
                .contains("login refused for **** and ****").contains("auth failed: **** / ****");
        for (String form : forms) {
            assertThat(log).doesNotContain(form);
        }
        for (String password : List.of(SMTP_PASSWORD, SFTP_PASSWORD)) {
            assertThat(log).doesNotContain(password).doesNotContain(URLEncoder.encode(password, StandardCharsets.UTF_8))
                    .doesNotContain(password.replace("\"", "\\\""));
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).anyMatch(p -> p.toString().endsWith("-failed.csv"))
                    .anyMatch(p -> p.toString().endsWith(".error.txt"))
                    .anyMatch(p -> p.toString().endsWith(".mv.db"));
            for (Path file : written) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String form : forms) {
                    assertThat(text).as(file + " holds no form of the token").doesNotContain(form);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"query", "header"})
    void givenTmapiEchoingTheRequestInItsError_whenTheQueryFails_thenTheAlertMailHealthAndMetricsSayWhyWithoutTheToken(
            String auth) throws Exception {
        int smtpPort = RunningBundle.freePort();
        GreenMail smtp = RunningBundle.startSmtp(smtpPort);
        String health;
        String metrics;
        MimeMessage alert;
        // health with every check's details, as a user asking what went wrong would set it
        try (TmapiSimulator simulator = new TmapiSimulator(ECHOED_TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"),
                        Map.of("tmapi.api-token", ECHOED_TOKEN, "tmapi.auth", auth, "smtp.host", "127.0.0.1",
                                "smtp.port", String.valueOf(smtpPort), "smtp.starttls", "false",
                                "report.from", "r@example.com", "report.to", "buyer@example.com"), simulator)) {
            simulator.failAlways("category-items", "222", Fault.echo());

            bundle.drop("category-items", "echo.csv", "cat_id\n111\n222\n");
            bundle.awaitArchived("category-items", "echo.csv");
            await().atMost(RunningBundle.PATIENCE).until(() -> smtp.getReceivedMessages().length >= 1);
            alert = smtp.getReceivedMessages()[0];
            HttpClient http = HttpClient.newHttpClient();
            health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bundle.managementPort()
                    + "/observe/health?exposureLevel=full&data=true")).build(), HttpResponse.BodyHandlers.ofString()).body();
            metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bundle.managementPort()
                    + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            smtp.stop();
        }

        String mail = alert.getSubject() + "\n" + textOf(alert);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        alert.writeTo(raw);
        assertThat(mail).as("the alert mail says which query failed and what TMAPI said, scrubbed")
                .contains("ALERT").contains("cat_id=222").contains("code 500")
                .contains("Request: GET /1688/category/items").contains("token: ****");
        // health writes its JSON with every / escaped
        assertThat(health.replace("\\/", "/")).as("health names the last failure, scrubbed").contains("last.failure")
                .contains("Request: GET /1688/category/items").contains("token: ****");
        assertThat(metrics).contains("tmapi_requests_total").contains("code=\"500\"");
        for (String form : forms(ECHOED_TOKEN)) {
            assertThat(mail).as("the mail as read").doesNotContain(form);
            assertThat(raw.toString(StandardCharsets.UTF_8)).as("the mail as sent").doesNotContain(form);
            assertThat(health).doesNotContain(form);
            assertThat(metrics).doesNotContain(form);
        }
    }

    /** Every form a server may echo a secret in: as it is, URL-encoded (either hex case, either blank), JSON-escaped. */
    static List<String> forms(String secret) {
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return List.of(secret, encoded, encoded.toLowerCase(Locale.ROOT), encoded.replace("+", "%20"),
                secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
    }

    /** The decoded text of a mail: every text part, its transfer encoding undone. */
    static String textOf(Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(textOf(multipart.getBodyPart(i))).append('\n');
            }
            return text.toString();
        }
        return content instanceof String string ? string : "";
    }

    private static Throwable catchFailure(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void givenSimulatorRequests_whenTokenSent_thenOnlyAsQueryParameterAndValid() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dataDir)) {
            bundle.drop("category-items-v1", "one.txt", "1\n");
            bundle.awaitArchived("category-items-v1", "one.txt");

            assertThat(bundle.simulator.requests()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.tokenPresent() && r.tokenValid()).isTrue())
                    .allSatisfy(r -> assertThat(r.tokenIn()).isEqualTo(RecordedRequest.QUERY));
        }
    }
}
