package org.tmapiroutes.app;

import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.IOHelper;

/**
 * Reads secrets — the TMAPI token ({@code tmapi.api-token}), {@code smtp.password}, {@code sftp.password} — with the
 * same precedence as any other key (override, environment such as {@code TMAPI_API_TOKEN}, {@code -D}, configuration
 * file) but without going through Camel's placeholder resolver, whose DEBUG output prints every value it resolves.
 */
final class Secrets {

    static final String TOKEN = "tmapi.api-token";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{.*}}");

    private Secrets() {
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
        return blank(token) ? Optional.empty() : Optional.of(token.strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
