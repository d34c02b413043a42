package org.tmapiroutes.delivery;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The price rule of the Shopify export (SPEC §17): the cost (CNY, or the store's currency at {@code shopify.rate}) ×
 * {@code shopify.markup} + {@code shopify.fixed}, then up to the next price ending in {@code shopify.price-ending}
 * (25.10 → 25.99; 25.99 stays).
 *
 * @param markup   {@code shopify.markup}
 * @param fixed    {@code shopify.fixed}, added after the markup
 * @param ending   {@code shopify.price-ending}: the cents every price ends in (0.99), or {@code null} for none
 * @param currency {@code shopify.currency}, or {@code null} for CNY
 * @param rate     {@code shopify.rate}: one CNY in the currency; {@code null} without a currency
 */
public record ShopifyPrices(BigDecimal markup, BigDecimal fixed, BigDecimal ending, String currency, BigDecimal rate) {

    /** The shipped rule: × 2.5, ending in .99, in CNY. */
    public static final ShopifyPrices DEFAULT = new ShopifyPrices(new BigDecimal("2.5"), BigDecimal.ZERO,
            new BigDecimal("0.99"), null, null);

    public ShopifyPrices {
        if (markup.signum() <= 0) {
            throw new IllegalArgumentException("shopify.markup " + markup.toPlainString() + " is not above 0");
        }
        if (fixed.signum() < 0) {
            throw new IllegalArgumentException("shopify.fixed " + fixed.toPlainString() + " is below 0");
        }
        if (ending != null && (ending.signum() < 0 || ending.compareTo(BigDecimal.ONE) >= 0 || ending.scale() > 2)) {
            throw new IllegalArgumentException("shopify.price-ending " + ending.toPlainString()
                    + " is not the cents of a price, such as .99, .95 or .00");
        }
        if ((currency == null) != (rate == null)) {
            throw new IllegalArgumentException("shopify.currency and shopify.rate go together: give both (such as"
                    + " USD and 0.14) or neither");
        }
        if (rate != null && rate.signum() <= 0) {
            throw new IllegalArgumentException("shopify.rate " + rate.toPlainString() + " is not above 0");
        }
    }

    /**
     * The rule of the settings as written in the configuration.
     *
     * @param ending   e.g. {@code .99}; empty for none
     * @param currency e.g. {@code USD}; empty for CNY
     * @param rate     empty without a currency
     * @throws IllegalArgumentException naming the key and what it takes
     */
    public static ShopifyPrices of(String markup, String fixed, String ending, String currency, String rate) {
        return new ShopifyPrices(number("shopify.markup", markup), number("shopify.fixed", fixed),
                blank(ending) ? null : number("shopify.price-ending", ending.strip().startsWith(".")
                        ? "0" + ending.strip() : ending),
                blank(currency) ? null : currency(currency), blank(rate) ? null : number("shopify.rate", rate));
    }

    /** The store's price of a cost in CNY; {@code null} for no cost. */
    public BigDecimal price(BigDecimal costCny) {
        if (costCny == null) {
            return null;
        }
        // rounded once, up to the cent, after the markup: a cost is never sold below the rule
        BigDecimal converted = rate == null ? costCny : costCny.multiply(rate);
        BigDecimal price = converted.multiply(markup).add(fixed).setScale(2, RoundingMode.UP);
        if (ending == null) {
            return price;
        }
        BigDecimal ended = price.setScale(0, RoundingMode.DOWN).add(ending);
        return ended.compareTo(price) >= 0 ? ended.setScale(2) : ended.add(BigDecimal.ONE).setScale(2);
    }

    /** A cost in CNY in the store's currency, to the cent (the file's cost per item). */
    public BigDecimal cost(BigDecimal costCny) {
        return (rate == null ? costCny : costCny.multiply(rate)).setScale(2, RoundingMode.HALF_UP);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String currency(String text) {
        String code = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (!code.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("shopify.currency '" + text.strip()
                    + "' is not a currency code such as USD");
        }
        return code;
    }

    private static BigDecimal number(String key, String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a number (write it as 2.5)");
        }
    }
}
