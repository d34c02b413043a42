package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;

/** The scheduled category email report, received by a real SMTP server (GreenMail) and parsed as a mail client would. */
class CategoryEmailReportTest {

    /** A schedule an edit moves the report to; like the first, it does not fire while the test runs. */
    private static final String EDITED_CRON = "0 30 9 2 1 ? 2099";

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;
    private GreenMail smtp;

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static int freePort() {
        return RunningBundle.freePort();
    }

    private GreenMail startSmtp(int port) {
        smtp = RunningBundle.startSmtp(port);
        return smtp;
    }

    /** Starts the mail server on the port a stand-in just closed, as soon as the system lets it be bound again. */
    private void startSmtpOnceFree(int port) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> startSmtp(port) != null);
    }

    private Map<String, String> reportSettings(int smtpPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("report.category.enabled", "true");
        settings.put("report.category.cron", RunningBundle.FAR_AWAY_CRON);
        settings.put("report.category.cat-id", "1031922");
        settings.put("report.category.price-end", "50");
        settings.put("report.category.top", "5");
        settings.put("report.from", "reports@example.com");
        settings.put("report.to", "buyer@example.com, boss@example.com");
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", String.valueOf(smtpPort));
        settings.put("smtp.starttls", "false");
        settings.put("delivery.retry-seconds", "1");
        return settings;
    }

    @Test
    void givenReportEnabled_whenCronFires_thenOneMailPerRecipientWithEscapedHtmlAndTheCsvAttached() throws Exception {
        startSmtp(freePort());
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                reportSettings(smtp.getSmtp().getPort()))) {
            bundle.simulator.setItemCustomizer((endpoint, value, index, item) -> {
                if (index == 0) {
                    item.put("title", "<script>alert('x')</script> 太阳镜 & co");
                    item.put("product_url", "javascript:alert(1)");
                }
            });

            bundle.fire("category-email-report");

            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 2);

            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(List.of(smtp.getReceivedMessages()).stream().map(m -> {
                try {
                    return m.getAllRecipients().length;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })).containsOnly(2);
            assertThat(mail.getSubject()).matches("\\[tmapi-routes] category-email-report: \\d+ items, "
                    + "\\d{4}-\\d\\d-\\d\\d, cat_id 1031922, sort sales, price_end 50");
            String html = ReceivedMail.html(mail);
            assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>").doesNotContain("javascript:")
                    .contains("太阳镜 &amp; co").contains("<a href=\"https://detail.1688.com/offer/")
                    .contains("<img src=\"https://").contains("Top 5 by sales").contains("median")
                    .doesNotContain("{{").doesNotContain("}}").doesNotContain("triple braces");
            assertThat(html.split("<tr style=\"border-top")).hasSize(1 + 5);

            Part attachment = ReceivedMail.attachment(mail);
            assertThat(attachment.getFileName()).matches("category-email-report-\\d{8}-\\d{6}\\.csv");
            Path copy = dataDir.resolve("outbox/category-email-report").resolve(attachment.getFileName());
            byte[] csv = ReceivedMail.bytes(attachment);
            assertThat(csv).isEqualTo(Files.readAllBytes(copy));
            String text = new String(csv, StandardCharsets.UTF_8);
            assertThat(text).startsWith("\uFEFFsource,query,item_id").contains("太阳镜 & co");
            assertThat(bundle.simulator.requests()).allSatisfy(r -> assertThat(r.query())
                    .containsEntry("cat_id", "1031922").containsEntry("sort", "sales").containsEntry("price_end", "50"));
            await().atMost(Duration.ofSeconds(10)).until(() -> RunningBundle.list(dataDir.resolve("outbox/.mail-pending")).isEmpty());
            assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-sent"))).hasSize(1);
        }
    }

    @Test
    void givenReportMailed_whenReadAsAMailClientWould_thenPlainTextBesideHtmlNamedSenderAltTextsAndOneMeasureOfSales()
            throws Exception {
        startSmtp(freePort());
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                reportSettings(smtp.getSmtp().getPort()))) {
            bundle.fire("category-email-report");
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 2);

            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(ReceivedMail.structure(mail))
                    .isEqualTo("multipart/mixed[multipart/alternative[text/plain,text/html],text/csv]");
            InternetAddress from = (InternetAddress) mail.getFrom()[0];
            assertThat(from.getPersonal()).isEqualTo("tmapi-routes");
            assertThat(from.getAddress()).isEqualTo("reports@example.com");

            String html = ReceivedMail.html(mail);
            assertThat(html).contains("<html lang=\"en\">");
            List<String> images = Pattern.compile("<img [^>]*>").matcher(html).results().map(MatchResult::group).toList();
            assertThat(images).hasSize(5).allSatisfy(img -> assertThat(img).containsPattern("alt=\"[^\"]+\""));
            assertThat(html).containsPattern("max \\d+(\\.\\d+)? CNY</p>");
            assertThat(html).contains("Top 5 by sales").contains("<th>Sales</th>").doesNotContainIgnoringCase("90-day");

            String csv = new String(ReceivedMail.bytes(ReceivedMail.attachment(mail)), StandardCharsets.UTF_8);
            List<Long> allSales = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(csv.substring(1))).getRecords().stream()
                    .map(r -> r.get("sales")).filter(v -> !v.isEmpty()).map(Long::valueOf)
                    .sorted(Comparator.reverseOrder()).toList();
            List<Long> shown = Pattern.compile("<td>(\\d+)</td>\\s*</tr>").matcher(html).results()
                    .map(m -> Long.valueOf(m.group(1))).toList();
            assertThat(shown).as("the Sales column is what the top list is sorted by").isEqualTo(allSales.subList(0, 5));

            String text = ReceivedMail.text(mail);
            assertThat(text).contains("category-email-report").contains("Top 5 by sales").contains("Sales")
                    .contains("CNY").contains("<https://detail.1688.com/offer/").contains("median")
                    .doesNotContain("<td").doesNotContain("<tr").doesNotContain("&amp;").doesNotContain("&middot;")
                    .doesNotContain("{{");
        }
    }

    @Test
    void givenSmtpDown_whenReportRuns_thenItWaitsAndIsDeliveredExactlyOnceWhenSmtpComesBack() throws Exception {
        int port = freePort();
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), reportSettings(port))) {
            bundle.fire("category-email-report");
            Path pending = dataDir.resolve("outbox/.mail-pending");
            await().atMost(Duration.ofSeconds(30)).until(() -> RunningBundle.list(pending).size() == 1);
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> RunningBundle.list(pending), files -> files.size() == 1);

            startSmtp(port);

            await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> RunningBundle.list(pending).isEmpty());
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> smtp.getReceivedMessages().length == 2);
            assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-sent"))).hasSize(1);
        }
    }

    @Test
    void givenAnHourBetweenRetries_whenAReportIsMadeWhileTheProgramRuns_thenItsMailIsSentAtOnce() throws Exception {
        startSmtp(freePort());
        Map<String, String> settings = reportSettings(smtp.getSmtp().getPort());
        settings.put("delivery.retry-seconds", "3600");
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.awaitFirstPoll("mail-delivery");

            bundle.fire("category-email-report");

            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> RunningBundle.list(pending()).isEmpty());
            assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-sent"))).hasSize(1);
        }
    }

    @Test
    void givenAMailJustDelivered_whenAnotherInstanceSawItBeforeTheMove_thenItsClaimStillHoldsTheNameForAWhile()
            throws Exception {
        startSmtp(freePort());
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                reportSettings(smtp.getSmtp().getPort()))) {
            bundle.awaitFirstPoll("mail-delivery");
            bundle.fire("category-email-report");
            Path sent = await().atMost(Duration.ofSeconds(30)).until(() -> RunningBundle.list(dataDir.resolve(
                    "outbox/.mail-sent")).stream().findFirst().orElse(null), p -> p != null);
            IdempotentRepository claims = bundle.context().getRegistry().lookupByNameAndType("fileClaims",
                    IdempotentRepository.class);
            String claim = ".mail-pending/" + sent.getFileName();

            // an instance that listed the file before the move tries its name now: it may not deliver it again
            assertThat(claims.contains(claim)).as("claimed still, right after the move").isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> !claims.contains(claim));
            assertThat(smtp.getReceivedMessages()).hasSize(2);
        }
    }

    @Test
    void givenSmtpDownAndAnHourBetweenRetries_whenTheServerIsBack_thenTheWaitingMailKeepsItsTimeWhileANewMailGoesAtOnce()
            throws Exception {
        int port = freePort();
        Map<String, String> settings = reportSettings(port);
        settings.put("delivery.retry-seconds", "3600");
        try (HangUpServer down = new HangUpServer(port);
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.fire("category-email-report");
            Path waiting = await().atMost(Duration.ofSeconds(30)).until(() -> postponed(down), p -> p != null);
            Instant firstAttempt = down.attempts().get(0);
            Instant nextAttempt = nextAttempt(waiting);
            assertThat(nextAttempt).as("the next attempt time, recorded on the waiting file")
                    .isAfter(firstAttempt.plusSeconds(3600)).isBefore(Instant.now().plusSeconds(3600));

            down.close();
            startSmtpOnceFree(port);
            bundle.fire("category-email-report");

            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> RunningBundle.list(dataDir.resolve("outbox/.mail-sent")).size() == 1);
            assertThat(RunningBundle.list(pending())).as("the first mail waits for its time").containsExactly(waiting);
            assertThat(nextAttempt(waiting)).isEqualTo(nextAttempt);
            assertThat(down.attempts()).as("attempts at the first mail while the server was down").hasSize(1);
            assertThat(ReceivedMail.attachment(smtp.getReceivedMessages()[0]).getFileName())
                    .isNotEqualTo(ReceivedMail.attachment(mailIn(waiting)).getFileName());
        }
    }

    @Test
    void givenSmtpDown_whenTheRetryTimeComes_thenTheMailIsTriedAgainNotBeforeAndSentOnceTheServerIsUp()
            throws Exception {
        int port = freePort();
        Map<String, String> settings = reportSettings(port);
        settings.put("delivery.retry-seconds", "2");
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            Path waiting;
            try (HangUpServer down = new HangUpServer(port)) {
                bundle.fire("category-email-report");
                waiting = await().atMost(Duration.ofSeconds(30)).until(() -> postponed(down), p -> p != null);
                await().atMost(Duration.ofSeconds(20)).until(() -> down.attempts().size() >= 2);

                List<Instant> attempts = down.attempts();
                assertThat(Duration.between(attempts.get(0), attempts.get(1)))
                        .as("the second attempt waits for the time the first failure set")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1999));
            }
            startSmtpOnceFree(port);

            await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
            Path sent = dataDir.resolve("outbox/.mail-sent").resolve(waiting.getFileName());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sent));
            assertThat(RunningBundle.list(pending())).isEmpty();
            assertThat(smtp.getReceivedMessages()[0].getReceivedDate().toInstant())
                    .as("sent once its last failure's retry time had come").isAfterOrEqualTo(nextAttempt(sent));
            assertThat(RunningBundle.list(dataDir.resolve("outbox/.mail-sent"))).containsExactly(sent);
        }
    }

    @Test
    void givenAMailWaitingForItsTime_whenTheProgramRestarts_thenItStillWaitsForThatTimeAndGoesOnceTouched()
            throws Exception {
        int port = freePort();
        Map<String, String> settings = reportSettings(port);
        settings.put("delivery.retry-seconds", "3600");
        Path waiting;
        Instant nextAttempt;
        try (HangUpServer down = new HangUpServer(port);
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.fire("category-email-report");
            waiting = await().atMost(Duration.ofSeconds(30)).until(() -> postponed(down), p -> p != null);
            nextAttempt = nextAttempt(waiting);
        }
        startSmtpOnceFree(port);
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.awaitFirstPoll("mail-delivery");

            assertThat(smtp.getReceivedMessages()).as("not sent at the start: its time has not come").isEmpty();
            assertThat(RunningBundle.list(pending())).containsExactly(waiting);
            assertThat(nextAttempt(waiting)).isEqualTo(nextAttempt);

            // what `touch` does: the file is due now
            Files.setLastModifiedTime(waiting, FileTime.from(Instant.now()));

            await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
            Path sent = dataDir.resolve("outbox/.mail-sent").resolve(waiting.getFileName());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sent));
            assertThat(RunningBundle.list(pending())).isEmpty();
        }
    }

    private Path pending() {
        return dataDir.resolve("outbox/.mail-pending");
    }

    /** The one pending mail once an attempt at it has failed and recorded its next attempt time, else null. */
    private Path postponed(HangUpServer down) throws IOException {
        List<Path> files = RunningBundle.list(pending());
        if (files.size() != 1 || down.attempts().isEmpty()) {
            return null;
        }
        return nextAttempt(files.get(0)).isAfter(down.attempts().get(0)) ? files.get(0) : null;
    }

    /** When the delivery route tries a waiting file next: the time it recorded as the file's last-modified time. */
    private static Instant nextAttempt(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toInstant();
    }

    private static MimeMessage mailIn(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    @Test
    void givenRunningReport_whenItsRouteFileIsEdited_thenTheNewScheduleAndCategoryAreUsed() throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        startSmtp(freePort());
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, reportSettings(smtp.getSmtp().getPort()))) {
            bundle.fire("category-email-report");
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 2);

            String route = Files.readString(routesDir.resolve("category-email-report.camel.yaml"));
            String edited = route.replace("\"{{report.category.cron}}\"", "\"" + EDITED_CRON + "\"")
                    .replace("catId={{report.category.cat-id}}", "catId=201164002");
            Path temp = dataDir.resolve("edited.yaml");
            Files.writeString(temp, edited);
            Files.move(temp, routesDir.resolve("category-email-report.camel.yaml"), StandardCopyOption.REPLACE_EXISTING);

            bundle.awaitCron("category-email-report", EDITED_CRON);
            bundle.fire("category-email-report");
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 4);
            assertThat(smtp.getReceivedMessages()[3].getSubject()).contains("cat_id 201164002");
            assertThat(bundle.simulator.requests()).anyMatch(r -> "201164002".equals(r.parameter("cat_id")));
        }
    }

    @Test
    void givenRunningReport_whenRecipientsAndScheduleChangeInTheConfigurationFile_thenTheNextMailUsesThem()
            throws Exception {
        // named relative to the working folder, as the product's own default config/application.properties is
        Path config = Path.of("target", "config-" + System.nanoTime(), "application.properties");
        assertThat(config.isAbsolute()).isFalse();
        Files.createDirectories(config.getParent());
        Files.copy(Path.of("config/application.properties"), config);
        Files.createDirectories(config.resolveSibling("templates"));
        Files.copy(Path.of("config/templates/category-email-report.mustache"),
                config.resolveSibling("templates/category-email-report.mustache"));
        startSmtp(freePort());
        Map<String, String> settings = reportSettings(smtp.getSmtp().getPort());
        settings.remove("report.category.cron");
        settings.remove("report.to");
        Files.writeString(config, Files.readString(config)
                .replace("report.category.cron = 0 0 8 ? * MON-FRI",
                        "report.category.cron = " + RunningBundle.FAR_AWAY_CRON)
                .replace("report.to =\n", "report.to = first@example.com\n"));
        try (CapturedLog log = CapturedLog.info();
             RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), config, settings)) {
            bundle.fire("category-email-report");
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);

            RunningBundle.save(config, Files.readString(config)
                    .replaceAll("report.category.cron = .*", "report.category.cron = " + EDITED_CRON)
                    .replace("report.to = first@example.com", "report.to = second@example.com, third@example.com")
                    .replace("tmapi.max-concurrency = 3", "tmapi.max-concurrency = 2")
                    .replace("output.format = csv", "output.format = xlsx")
                    .replace("report.category.time-zone = Asia/Shanghai", "report.category.time-zone = Europe/Berlin"));

            bundle.awaitCron("category-email-report", EDITED_CRON);
            await().atMost(RunningBundle.PATIENCE).until(() -> ScheduledFlows.timeZone(bundle.context(),
                    "category-email-report").orElse("").equals("Europe/Berlin"));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains(" route files reloaded"));
            assertThat(log.text()).as("the reload says what applies now and what at the next start")
                    .contains("(output.format, report.category.cron, report.category.time-zone, report.to changed;"
                            + " tmapi.max-concurrency changed"
                            + " and applies at the next start)");
            bundle.drop("category-items", "after-the-save.txt", "1031922\n");
            bundle.awaitArchived("category-items", "after-the-save.txt");
            assertThat(RunningBundle.list(bundle.outbox("category-items"))).as("output.format applies at once")
                    .singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".xlsx"));
            bundle.fire("category-email-report");
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 3);
            assertThat(smtp.getReceivedMessages()[1].getAllRecipients()).extracting(Object::toString)
                    .containsExactly("second@example.com", "third@example.com");
        }
    }

    @Test
    void givenMailConfigured_whenTmapiAnswers439_thenTheAlertIsMailedOncePerPause() throws Exception {
        startSmtp(freePort());
        Map<String, String> settings = reportSettings(smtp.getSmtp().getPort());
        settings.put("tmapi.pause-minutes", "0.02");
        try (RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"), settings)) {
            bundle.simulator.failNext(null, Fault.jsonCode(439), 3);

            bundle.drop("category-items", "paused.txt", "1\n2\n");

            assertThat(bundle.awaitArchived("category-items", "paused.txt").getParent().getFileName()).hasToString(".done");
            await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= 2);
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> smtp.getReceivedMessages().length == 2);
            assertThat(smtp.getReceivedMessages()[0].getSubject()).contains("ALERT").contains("439");
        }
    }
}
