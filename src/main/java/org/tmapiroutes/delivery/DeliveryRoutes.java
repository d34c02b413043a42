package org.tmapiroutes.delivery;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.model.TryDefinition;

/**
 * Sends what waits in the pending folders: mails in {@code <data.dir>/outbox/.mail-pending/} through SMTP, files in
 * {@code <data.dir>/outbox/.sftp-pending/} to the partner's SFTP server. A new file is tried within a second; a delivery
 * that fails leaves its file where it is and sets its last-modified time to its next attempt time, now +
 * {@code delivery.retry-seconds}; a delivered file moves to {@code .mail-sent/} or {@code .sftp-sent/}, so it is
 * delivered exactly once. Each route exists only when its server is configured.
 *
 * <p>The pending folder is the only queue, and the file's time is its only schedule: the file consumer looks every
 * second and its {@code filterFile} takes only the files whose time has come, so nothing waits in memory, a waiting
 * file keeps its time across a restart, and {@code touch} on a file makes it due at once. (Camel's own redelivery would
 * hold each waiting file in memory, in flight, until it went out; a longer poll delay delays new files too.)
 */
public class DeliveryRoutes extends RouteBuilder {

    /** How often the pending folders are looked at, in milliseconds: the longest a new file waits. */
    static final int POLL_MILLIS = 1000;
    /** How long a delivered file's claim is kept after it moved to the sent folder, in milliseconds. */
    static final int CLAIM_KEPT_MILLIS = 10 * POLL_MILLIS;
    /** Simple predicate of the files whose (next attempt) time has come; a new file's time is when it was written. */
    static final String DUE = "${date:file} <= ${date:now}";
    /** Header with when a postponed file is tried next, for the log line. */
    private static final String NEXT_ATTEMPT = "TmapiNextAttempt";

    private final Function<String, Optional<String>> secrets;

    /** @param secrets reads a password key ({@code smtp.password}, {@code sftp.password}) without logging it */
    public DeliveryRoutes(Function<String, Optional<String>> secrets) {
        this.secrets = secrets;
    }

    @Override
    public void configure() {
        if (value("smtp.host").isPresent()) {
            fromPendingFolder("mail-delivery", ".mail-pending", "eml", ".mail-sent", "Mail ${file:name} not sent",
                    delivery -> delivery
                            .bean("mailOutbox", "read")
                            .to(smtpUri())
                            .log("Mail sent: ${file:name} to the SMTP server {{smtp.host}}"));
        }
        if (value("sftp.host").isPresent()) {
            fromPendingFolder("sftp-delivery", ".sftp-pending", "csv", ".sftp-sent", "Upload of ${file:name} failed",
                    delivery -> delivery
                            .to(sftpUri())
                            .log("Uploaded ${file:name} to sftp://{{sftp.host}}:{{sftp.port}}/{{?sftp.directory}}"));
        }
    }

    /**
     * A route taking the files of a pending folder one by one through the delivery steps, each as soon as its time
     * has come; a delivered file moves to the sent folder, a failure is logged and sets the file's next attempt time.
     */
    private void fromPendingFolder(String routeId, String pending, String extension, String sent, String failure,
            Consumer<TryDefinition> deliver) {
        TryDefinition attempt = from("file:{{data.dir}}/outbox/" + pending + "?includeExt=" + extension
                + "&includeHiddenDirs=true&move=../" + sent + "/${file:name}&readLockMinLength=0"
                // claimed in the state store first: of several instances sharing the data folder, one delivers it;
                // the claim outlives the move to the sent folder by a while, so that an instance that saw the file
                // just before the move cannot take the name the moment it is given back, and deliver it again
                + "&readLock=idempotent&idempotentRepository=#fileClaims&readLockRemoveOnCommit=true"
                + "&readLockIdempotentReleaseDelay=" + CLAIM_KEPT_MILLIS
                + "&readLockIdempotentReleaseExecutorService=#claimReleases"
                + "&idempotentKey=" + pending + "/${file:onlyname}"
                + "&delay=" + POLL_MILLIS + "&initialDelay=" + POLL_MILLIS + "&filterFile=RAW(" + DUE + ")")
                .routeId(routeId)
                .doTry();
        deliver.accept(attempt);
        attempt.doCatch(Exception.class)
                .process(DeliveryRoutes::describeProblem)
                .process(exchange -> postpone(exchange, retrySeconds()))
                .log(LoggingLevel.WARN, failure + " (${header.TmapiDeliveryProblem}); it waits in {{data.dir}}/outbox/"
                        + pending + "/ and is tried again at ${header." + NEXT_ATTEMPT + "}")
                .process(DeliveryRoutes::keepForRetry)
                .end();
    }

    /**
     * Sets the file's next attempt time: its last-modified time moves to now + the retry time, and the pending
     * folder's filter leaves it alone until then, across restarts too.
     */
    static void postpone(Exchange exchange, int retrySeconds) {
        Instant next = Instant.now().plusSeconds(retrySeconds);
        Path file = Path.of(exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class));
        String when = LocalTime.ofInstant(next, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            Files.setLastModifiedTime(file, FileTime.from(next));
            exchange.getMessage().setHeader(NEXT_ATTEMPT, when + " (in " + retrySeconds + " s)");
        } catch (IOException e) {
            // the file is due again at once: tried at every poll until its time can be set
            exchange.getMessage().setHeader(NEXT_ATTEMPT, "the next poll (its next attempt time could not be set: "
                    + e.getMessage() + ")");
        }
    }

    private int retrySeconds() {
        return value("delivery.retry-seconds").map(Integer::parseInt).orElse(60);
    }

    /** The reason of a failed delivery, causes included (a refused host key shows only in the innermost one). */
    private static void describeProblem(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        StringJoiner reasons = new StringJoiner(": ");
        for (Throwable t = failure; t != null && reasons.length() < 500; t = t.getCause()) {
            if (t.getMessage() != null && !reasons.toString().contains(t.getMessage())) {
                reasons.add(t.getMessage());
            }
        }
        exchange.getMessage().setHeader("TmapiDeliveryProblem", reasons.toString());
    }

    /** Fails the exchange, so the file consumer rolls back: the file stays in the pending folder until its time. */
    private static void keepForRetry(Exchange exchange) {
        exchange.setException(new DeliveryPostponed(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class)));
    }

    /** Marks a delivery to be tried again later; carries no stack trace, as the cause was already logged. */
    static final class DeliveryPostponed extends RuntimeException {
        DeliveryPostponed(String file) {
            super(file + " kept for the next delivery attempt", null, false, false);
        }
    }

    private String smtpUri() {
        StringJoiner options = new StringJoiner("&");
        value("smtp.username").ifPresent(u -> options.add("username=RAW(" + u + ")"));
        secrets.apply("smtp.password").ifPresent(p -> options.add("password=" + secretReference("smtp", p)));
        // smtp.ssl: implicit TLS from the first byte (SMTPS, port 465); else STARTTLS when smtp.starttls
        boolean ssl = value("smtp.ssl").map(Boolean::parseBoolean).orElse(false);
        String scheme = ssl ? "smtps" : "smtp";
        if (!ssl && value("smtp.starttls").map(Boolean::parseBoolean).orElse(false)) {
            options.add("mail.smtp.starttls.enable=true").add("mail.smtp.starttls.required=true");
        }
        // with TLS the certificate must name the host connected to
        options.add("mail." + scheme + ".ssl.checkserveridentity=true");
        SmtpTrustStore.configured(getContext()).ifPresent(file -> {
            try {
                getContext().getRegistry().bind(SmtpTrustStore.BEAN, SmtpTrustStore.load(file, secrets));
                options.add("sslContextParameters=#" + SmtpTrustStore.BEAN);
            } catch (Exception e) {
                // DeliverySettings stops start-up with the reason, in one line
            }
        });
        options.add("connectionTimeout=30000");
        return scheme + "://{{smtp.host}}:{{smtp.port}}?" + options;
    }

    private String sftpUri() {
        StringJoiner options = new StringJoiner("&");
        value("sftp.username").ifPresent(u -> options.add("username=RAW(" + u + ")"));
        secrets.apply("sftp.password").ifPresent(p -> options.add("password=" + secretReference("sftp", p)));
        value("sftp.private-key-file").ifPresent(k -> options.add("privateKeyFile=" + encode(k)));
        value("sftp.known-hosts-file").ifPresent(k -> options.add("knownHostsFile=" + encode(k)));
        // strict host key checking, against the configured known_hosts file only
        options.add("strictHostKeyChecking=yes").add("useUserKnownHostsFile=false");
        // upload under a temporary name, then rename; never overwrite
        options.add("tempPrefix=.uploading-").add("fileExist=Fail").add("connectTimeout=30000").add("disconnect=true");
        String directory = value("sftp.directory").map(d -> d.startsWith("/") ? d.substring(1) : d).orElse("");
        return "sftp://{{sftp.host}}:{{sftp.port}}/" + directory + "?" + options;
    }

    /** The password goes into the registry, and the endpoint URI names it: a URI is shown in too many places. */
    private String secretReference(String server, String password) {
        String name = "tmapi" + Character.toUpperCase(server.charAt(0)) + server.substring(1) + "Password";
        getContext().getRegistry().bind(name, String.class, password);
        return "#bean:" + name;
    }

    private Optional<String> value(String key) {
        return getContext().getPropertiesComponent().resolveProperty(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
