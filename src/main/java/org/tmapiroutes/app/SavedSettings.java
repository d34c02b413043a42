package org.tmapiroutes.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Says which keys a saved configuration file changed, and of those which apply at once (the keys routes read through
 * {@code {{key}}}, loaded again with every route file) and which at the next start (the keys the program reads once,
 * when it starts: the TMAPI client, the state store, the mail and SFTP servers; README "Live reload" lists them).
 */
final class SavedSettings {

    /** The keys read once, at start: exact keys, and prefixes ending in a dot. */
    static final List<String> READ_AT_START = List.of("tmapi.base-url", "tmapi.api-token", "tmapi.auth",
            "tmapi.timeout-seconds", "tmapi.connect-timeout-seconds", "tmapi.max-response-mb", "tmapi.max-concurrency",
            "tmapi.concurrency.raise-after-successes", "tmapi.pause-minutes", "tmapi.page-size", "tmapi.max-pages",
            "tmapi.language", "data.dir", "delivery.retry-seconds", "report.subject-prefix", "inbox.max-workbook-mb",
            "inbox.max-rows", "inbox.max-cells", "job.max-calls", "details.keep-hours", "supplier.keep-hours",
            "shipping.keep-hours", "smtp.", "sftp.", "state.", "instance.", "camel.", "shopify.markup", "shopify.fixed",
            "shopify.price-ending", "shopify.currency", "shopify.rate", "shopify.vendor");

    private final Path configFile;
    private Properties last;

    SavedSettings(Path configFile) {
        this.configFile = configFile;
        this.last = read();
    }

    /**
     * What changed since the file was last read, e.g. {@code report.category.cron changed; tmapi.max-concurrency
     * changed and applies at the next start}; empty when no key did.
     */
    synchronized String changes() {
        Properties now = read();
        Set<String> changed = new TreeSet<>();
        Set<String> keys = new HashSet<>(last.stringPropertyNames());
        keys.addAll(now.stringPropertyNames());
        for (String key : keys) {
            if (!Objects.equals(last.getProperty(key), now.getProperty(key))) {
                changed.add(key);
            }
        }
        last = now;
        if (changed.isEmpty()) {
            return "";
        }
        List<String> atOnce = new ArrayList<>();
        List<String> atStart = new ArrayList<>();
        changed.forEach(key -> (readAtStart(key) ? atStart : atOnce).add(key));
        List<String> parts = new ArrayList<>();
        if (!atOnce.isEmpty()) {
            parts.add(String.join(", ", atOnce) + " changed");
        }
        if (!atStart.isEmpty()) {
            parts.add(String.join(", ", atStart) + " changed and " + (atStart.size() == 1 ? "applies" : "apply")
                    + " at the next start");
        }
        return String.join("; ", parts);
    }

    private Properties read() {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // unreadable or half-written: compared as empty, the next save is compared with what it holds
        }
        return properties;
    }

    static boolean readAtStart(String key) {
        return READ_AT_START.stream().anyMatch(k -> k.endsWith(".") ? key.startsWith(k) : key.equals(k));
    }
}
