package org.tmapiroutes.app;

import java.util.List;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.tmapiroutes.delivery.SmtpTrustStore;

/**
 * Checks at start-up that an enabled scheduled flow has the keys it needs, so a missing SMTP or SFTP setting is one
 * clear line now rather than a failure at 08:00.
 */
final class DeliverySettings {

    private DeliverySettings() {
    }

    /** The first problem found, naming the flow's switch and the missing key, or empty when all is set. */
    static Optional<String> missing(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (enabled(properties, "report.category.enabled")) {
            for (String key : List.of("smtp.host", "smtp.port", "report.from", "report.to", "report.category.cat-id")) {
                if (blank(properties, key)) {
                    return Optional.of(problem("report.category.enabled", key));
                }
            }
        }
        if (enabled(properties, "report.new-items.enabled")) {
            for (String key : List.of("smtp.host", "smtp.port", "report.from", "report.to", "report.new-items.cat-id")) {
                if (blank(properties, key)) {
                    return Optional.of(problem("report.new-items.enabled", key));
                }
            }
        }
        if (enabled(properties, "watch.enabled")) {
            for (String key : List.of("smtp.host", "smtp.port", "report.from", "report.to", "watch.items-file")) {
                if (blank(properties, key)) {
                    return Optional.of(problem("watch.enabled", key));
                }
            }
        }
        if (!blank(properties, "smtp.host")) {
            Optional<String> trustStore = SmtpTrustStore.problem(context, key -> Secrets.read(context, key));
            if (trustStore.isPresent()) {
                return trustStore;
            }
        }
        if (enabled(properties, "push.shop.enabled")) {
            for (String key : List.of("sftp.host", "sftp.port", "sftp.username", "sftp.known-hosts-file",
                    "push.shop.shop-urls")) {
                if (blank(properties, key)) {
                    return Optional.of(problem("push.shop.enabled", key));
                }
            }
            if (Secrets.read(context, "sftp.password").isEmpty() && blank(properties, "sftp.private-key-file")) {
                return Optional.of("push.shop.enabled is true but neither sftp.private-key-file nor sftp.password is "
                        + "set; set one in config/application.properties or as SFTP_PRIVATE_KEY_FILE / SFTP_PASSWORD.");
            }
        }
        return Optional.empty();
    }

    private static String problem(String flag, String key) {
        return flag + " is true but " + key + " is not set; set it in config/application.properties or as the "
                + "environment variable " + key.toUpperCase().replace('.', '_').replace('-', '_') + ".";
    }

    private static boolean enabled(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(v -> Boolean.parseBoolean(v.strip())).orElse(false);
    }

    private static boolean blank(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::isBlank).orElse(true);
    }
}
