package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP and SFTP passwords are in no endpoint URI and no log line, even at DEBUG while the routes are made. */
class DeliveryPasswordSecrecyTest {

    private static final String SMTP_PASSWORD = "smtp-Pa55-6d1f";
    private static final String SFTP_PASSWORD = "sftp-Pa55-93ac";

    @TempDir
    Path dataDir;

    @Test
    void givenSmtpAndSftpPasswords_whenTheDeliveryRoutesAreMade_thenNeitherIsInAnEndpointUriOrTheLog() {
        List<String> uris;
        String log;
        try (CapturedLog captured = CapturedLog.debug(); RunningBundle bundle = RunningBundle.start(dataDir,
                Path.of("routes"), Map.of("smtp.host", "127.0.0.1", "smtp.port", "2525", "smtp.username", "reports",
                        "smtp.password", SMTP_PASSWORD, "sftp.host", "127.0.0.1", "sftp.port", "2222",
                        "sftp.username", "partner", "sftp.password", SFTP_PASSWORD))) {
            uris = bundle.context().getEndpoints().stream().map(Endpoint::getEndpointUri).toList();
            log = captured.text();
        }

        assertThat(uris).anyMatch(uri -> uri.startsWith("smtp:")).anyMatch(uri -> uri.startsWith("sftp:"))
                .noneMatch(uri -> uri.contains(SMTP_PASSWORD) || uri.contains(SFTP_PASSWORD));
        assertThat(log).doesNotContain(SMTP_PASSWORD).doesNotContain(SFTP_PASSWORD);
    }
}
