package org.tmapiroutes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queued mails as a mail client reads them: the sender's name, and a text/plain version beside the HTML. */
class MailOutboxTest {

    @TempDir
    Path pending;

    private MimeMessage queued(String from, String html) throws Exception {
        MailOutbox outbox = new MailOutbox(pending);
        Path file = outbox.queue(from, "buyer@example.com", "report", "subject", html, "a.csv", new byte[] {'x'});
        return outbox.read(Files.readAllBytes(file));
    }

    @Test
    void givenPlainSenderAddress_whenQueued_thenFromShowsTmapiRoutesAsName() throws Exception {
        InternetAddress from = (InternetAddress) queued("reports@example.com", "<p>x</p>").getFrom()[0];

        assertThat(from.getPersonal()).isEqualTo("tmapi-routes");
        assertThat(from.getAddress()).isEqualTo("reports@example.com");
    }

    @Test
    void givenSenderWithItsOwnName_whenQueued_thenThatNameIsKept() throws Exception {
        InternetAddress from = (InternetAddress) queued("Sourcing Team <sourcing@example.com>", "<p>x</p>").getFrom()[0];

        assertThat(from.getPersonal()).isEqualTo("Sourcing Team");
        assertThat(from.getAddress()).isEqualTo("sourcing@example.com");
    }

    @Test
    void givenHtml_whenQueued_thenAlternativeOfPlainTextAndHtmlBeforeTheAttachment() throws Exception {
        MimeMessage mail = queued("r@example.com", "<html><body><h3>Top 2</h3><p>min 1 &middot; max 2 CNY</p></body></html>");

        Multipart mixed = (Multipart) mail.getContent();
        assertThat(mail.isMimeType("multipart/mixed")).isTrue();
        assertThat(mixed.getCount()).isEqualTo(2);
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        assertThat(mixed.getBodyPart(0).isMimeType("multipart/alternative")).isTrue();
        assertThat(alternative.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(alternative.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(((String) alternative.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .isEqualTo("Top 2\n\nmin 1 · max 2 CNY\n");
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("a.csv");
    }
}
