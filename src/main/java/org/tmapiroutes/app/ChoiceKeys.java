package org.tmapiroutes.app;

import java.util.Optional;
import java.util.function.Function;

import org.tmapiroutes.delivery.OutputFormat;
import org.tmapiroutes.delivery.ShopifyPrices;
import org.tmapiroutes.tmapi.TmapiAuth;

/**
 * Checks at start-up the keys that take one of a few values ({@code tmapi.auth}, {@code output.format}, the Shopify
 * price rule's), so a typo is
 * one clear line naming the key and the allowed values before anything runs, not a failure at the first file.
 */
final class ChoiceKeys {

    private ChoiceKeys() {
    }

    /** The price rule of the Shopify export, of its keys ({@code shopify.markup}, …). */
    static ShopifyPrices shopifyPrices(Function<String, Optional<String>> setting) {
        return ShopifyPrices.of(setting.apply("shopify.markup").orElse("2.5"),
                setting.apply("shopify.fixed").orElse("0"), setting.apply("shopify.price-ending").orElse(".99"),
                setting.apply("shopify.currency").orElse(""), setting.apply("shopify.rate").orElse(""));
    }

    /** The first problem found, or empty; {@code setting} reads a key as the program will. */
    static Optional<String> problem(Function<String, Optional<String>> setting) {
        try {
            setting.apply("tmapi.auth").ifPresent(TmapiAuth::mode);
            setting.apply("output.format").ifPresent(OutputFormat::parse);
            shopifyPrices(setting);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage() + "; set it in config/application.properties or with -Dkey=value.");
        }
    }
}
