package org.tmapiroutes.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.files.TextFiles;
import org.tmapiroutes.secrets.Redaction;

/**
 * Keeps outgoing mail until the SMTP server has taken it: each message is written complete (MIME, attachments
 * included) to {@code <data.dir>/outbox/.mail-pending/} first, and sent from there, so a mail server that is down
 * loses nothing.
 */
public final class MailOutbox {

    private static final Session OFFLINE = Session.getInstance(new Properties());
    /** The sender's name mail clients show when {@code report.from} gives none. */
    static final String SENDER_NAME = "tmapi-routes";

    private final Path pending;
    private final String subjectPrefix;

    /** @param pending the pending folder */
    public MailOutbox(Path pending) {
        this(pending, "");
    }

    /**
     * @param pending       the pending folder
     * @param subjectPrefix put before every subject ({@code report.subject-prefix}), e.g. {@code [SIMULATED DATA]}
     */
    public MailOutbox(Path pending, String subjectPrefix) {
        this.pending = pending;
        this.subjectPrefix = subjectPrefix == null || subjectPrefix.isBlank() ? "" : subjectPrefix.strip() + " ";
    }

    /** A file attached to a mail; its type follows its name ({@code .csv}, {@code .xlsx}). */
    public record Attachment(String name, byte[] content) {
        String contentType() {
            return name.toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")
                    ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    : "text/csv; charset=UTF-8";
        }
    }

    /**
     * A PNG picture the HTML shows inline, as {@code <img src="cid:<contentId>">}.
     *
     * @param name its file name, for clients that list it
     */
    public record Inline(String contentId, String name, byte[] png) {
    }

    /** Queues an HTML mail with an optional attachment; returns the pending file. */
    public Path queue(String from, String to, String name, String subject, String html, String attachmentName,
            byte[] attachment) {
        return queue(from, to, name, subject, html,
                attachment == null ? List.of() : List.of(new Attachment(attachmentName, attachment)));
    }

    /**
     * Queues an HTML mail, with its text/plain version beside it, and its attachments; returns the pending file.
     *
     * @param from the sender address ({@code report.from})
     * @param to   the recipients, comma-separated ({@code report.to})
     */
    public Path queue(String from, String to, String name, String subject, String html, List<Attachment> attachments) {
        return queueWithPictures(from, to, name, subject, html, attachments, List.of());
    }

    /**
     * As {@link #queue(String, String, String, String, String, List)}, with pictures the HTML shows inline: the HTML
     * and its pictures travel together (multipart/related), as mail clients expect. (Not an overload of
     * {@code queue}: a user's route calling {@code queue(…, null, null)} keeps finding the one it means.)
     */
    public Path queueWithPictures(String from, String to, String name, String subject, String html,
            List<Attachment> attachments, List<Inline> pictures) {
        // a failure's reason quoted in an alert may carry what a server echoed back
        subject = Redaction.scrub(subject);
        html = Redaction.scrub(html);
        try {
            MimeMessage message = new MimeMessage(OFFLINE);
            message.setFrom(sender(from));
            message.setRecipients(jakarta.mail.Message.RecipientType.TO, recipients(to));
            message.setSubject(subjectPrefix + subject, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            MimeMultipart parts = new MimeMultipart("mixed");
            // multipart/alternative: the plain text first, the HTML last (the one clients prefer when they can)
            MimeMultipart versions = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(PlainTextVersion.of(html), StandardCharsets.UTF_8.name(), "plain");
            versions.addBodyPart(text);
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, StandardCharsets.UTF_8.name(), "html");
            versions.addBodyPart(pictures.isEmpty() ? rich : withPictures(rich, pictures));
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(versions);
            parts.addBodyPart(body);
            for (Attachment attachment : attachments) {
                MimeBodyPart file = new MimeBodyPart();
                file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(),
                        attachment.contentType())));
                file.setFileName(attachment.name());
                file.setDisposition(MimeBodyPart.ATTACHMENT);
                // base64 keeps the attachment byte for byte, BOM included
                file.setHeader("Content-Transfer-Encoding", "base64");
                parts.addBodyPart(file);
            }
            message.setContent(parts);
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            String file = FileNames.free(FileNames.sanitise(name) + "-" + FileNames.stamp(LocalDateTime.now()), ".eml",
                    pending, pending.resolveSibling(".mail-sent"));
            return TextFiles.writeNew(pending.resolve(file), out.toByteArray());
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build the mail '" + subject + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTML and the pictures it shows by their {@code cid:}, as one multipart/related part. */
    private static MimeBodyPart withPictures(MimeBodyPart html, List<Inline> pictures) throws MessagingException {
        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(html);
        for (Inline picture : pictures) {
            MimeBodyPart image = new MimeBodyPart();
            image.setDataHandler(new DataHandler(new ByteArrayDataSource(picture.png(), "image/png")));
            image.setContentID("<" + picture.contentId() + ">");
            image.setDisposition(MimeBodyPart.INLINE);
            image.setFileName(picture.name());
            image.setHeader("Content-Transfer-Encoding", "base64");
            related.addBodyPart(image);
        }
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(related);
        return part;
    }

    /** Reads a pending mail back, to hand it to camel-mail as it is. */
    public MimeMessage read(byte[] eml) throws MessagingException {
        return new MimeMessage(OFFLINE, new ByteArrayInputStream(eml));
    }

    /** The sender of {@code report.from}, named {@code tmapi-routes} unless the setting names it already. */
    static InternetAddress sender(String from) throws AddressException, UnsupportedEncodingException {
        InternetAddress sender = new InternetAddress(from, true);
        if (sender.getPersonal() == null || sender.getPersonal().isBlank()) {
            sender.setPersonal(SENDER_NAME, StandardCharsets.UTF_8.name());
        }
        return sender;
    }

    /** The recipients of {@code report.to}: several addresses separated by commas or semicolons. */
    static InternetAddress[] recipients(String list) throws AddressException {
        return InternetAddress.parse(list.replace(';', ','), true);
    }
}
