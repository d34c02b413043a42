package org.tmapiroutes.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import java.util.function.Function;

import javax.net.ssl.TrustManagerFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The trust store of {@code smtp.trust-store}, for a mail server whose certificate comes from a private CA: read once
 * at start with {@code smtp.trust-store-password} (read like every secret, by the function the caller gives), and handed to camel-mail
 * as ready trust managers, so the password is in no endpoint URI, no placeholder and no log line.
 */
public final class SmtpTrustStore {

    /** The registry name of the SSL settings the SMTP endpoint refers to. */
    static final String BEAN = "tmapiSmtpTls";
    static final String FILE = "smtp.trust-store";
    static final String PASSWORD = "smtp.trust-store-password";

    private SmtpTrustStore() {
    }

    /** The configured trust store file, if any (empty: the JVM's own trust store). */
    public static Optional<Path> configured(CamelContext context) {
        return context.getPropertiesComponent().resolveProperty(FILE).map(String::strip).filter(v -> !v.isEmpty())
                .map(Path::of);
    }

    /** SSL settings that trust exactly the certificates of the trust store. */
    static SSLContextParameters load(Path file, Function<String, Optional<String>> secrets)
            throws GeneralSecurityException, IOException {
        char[] password = secrets.apply(PASSWORD).map(String::toCharArray).orElse(null);
        // PKCS12 by default; Java reads JKS files through the same type
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setTrustManager(factory.getTrustManagers()[0]);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }

    /** Why the configured trust store cannot be used, in one sentence, or empty when it can (or none is set). */
    public static Optional<String> problem(CamelContext context, Function<String, Optional<String>> secrets) {
        Optional<Path> file = configured(context);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            load(file.get(), secrets);
            return Optional.empty();
        } catch (IOException | GeneralSecurityException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of(FILE + " " + file.get() + " cannot be read (" + reason + "); check the file and its "
                    + "password, the environment variable SMTP_TRUST_STORE_PASSWORD.");
        }
    }
}
