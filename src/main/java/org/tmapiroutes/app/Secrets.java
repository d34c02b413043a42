package org.tmapiroutes.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.IOHelper;
import org.tmapiroutes.secrets.Redaction;

/**
 * Reads secrets — the TMAPI token ({@code tmapi.api-token}), {@code smtp.password}, {@code smtp.trust-store-password},
 * {@code sftp.password} — with the same precedence as any other key (override, environment such as
 * {@code TMAPI_API_TOKEN}, {@code -D}, configuration file) but without going through Camel's placeholder resolver, whose
 * DEBUG output prints every value it resolves. Each secret read is made known to {@link Redaction}, which keeps it out
 * of every text the product writes.
 */
final class Secrets {

    static final String TOKEN = "tmapi.api-token";
    /** The keys whose values are secrets: each value read is handed to the scrubber of written texts. */
    private static final Set<String> SECRET_KEYS = Set.of(TOKEN, "smtp.password", "smtp.trust-store-password",
            "sftp.password", "state.password");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{.*}}");

    private Secrets() {
    }

    /** Reads every secret that is set, so that the scrubber knows each before anything is written. */
    static void knowAll(CamelContext context) {
        SECRET_KEYS.forEach(key -> read(context, key));
    }

    static Optional<String> token(CamelContext context) {
        return read(context, TOKEN);
    }

    static Optional<String> read(CamelContext context, String key) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Properties overrides = properties instanceof org.apache.camel.component.properties.PropertiesComponent camel
                ? camel.getOverrideProperties() : null;
        String token = overrides == null ? null : overrides.getProperty(key);
        if (blank(token)) {
            token = IOHelper.lookupEnvironmentVariable(key);
        }
        if (blank(token)) {
            token = System.getProperty(key);
        }
        if (blank(token)) {
            // the shipped file only points at the environment; a literal value there is used as it is
            String fromFile = properties.loadProperties(key::equals).getProperty(key);
            token = fromFile == null || PLACEHOLDER.matcher(fromFile.strip()).matches() ? null : fromFile;
        }
        return known(key, token);
    }

    /**
     * The same precedence before Camel starts (environment, {@code -D}, a literal value in the configuration file), so
     * that a missing token is reported before anything else is printed.
     */
    static Optional<String> readBeforeStart(Path config, String key) {
        String value = IOHelper.lookupEnvironmentVariable(key);
        if (blank(value)) {
            value = System.getProperty(key);
        }
        if (blank(value)) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                file.load(in);
            } catch (IOException e) {
                // Camel reads the file next and says what is wrong with it
                return Optional.of("");
            }
            String fromFile = file.getProperty(key);
            value = fromFile == null || PLACEHOLDER.matcher(fromFile.strip()).matches() ? null : fromFile;
        }
        return known(key, value);
    }

    /** The value read, if any; a secret's is known to the scrubber from now on. */
    private static Optional<String> known(String key, String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        if (SECRET_KEYS.contains(key)) {
            Redaction.register(value);
        }
        return Optional.of(value.strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
