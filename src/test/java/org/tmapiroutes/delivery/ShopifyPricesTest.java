package org.tmapiroutes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Shopify export's price rule, at its edges: the ending, the rounding, the currency, the settings refused. */
class ShopifyPricesTest {

    @ParameterizedTest(name = "cost {0} × 2.5 = {1}")
    @CsvSource({
        // 25.10 and 25.99 as the rule's own examples (cost × 2.5 lands on them)
        "10.04, 25.99", "10.396, 25.99", "10.40, 26.99", "0.01, 0.99", "0, 0.99", "29.89, 74.99", "25.90, 64.99"})
    void givenTheShippedRule_whenACostIsPriced_thenItGoesUpToTheNextPriceEndingIn99(String cost, String price) {
        assertThat(ShopifyPrices.DEFAULT.price(new BigDecimal(cost))).isEqualByComparingTo(price)
                .satisfies(p -> assertThat(p.scale()).isEqualTo(2));
    }

    @Test
    void givenTheRulesExamples_whenAPriceIsEnded_then2510Becomes2599And2599Stays() {
        ShopifyPrices noMarkup = ShopifyPrices.of("1", "0", ".99", "", "");
        assertThat(noMarkup.price(new BigDecimal("25.10"))).isEqualByComparingTo("25.99");
        assertThat(noMarkup.price(new BigDecimal("25.99"))).isEqualByComparingTo("25.99");
        assertThat(noMarkup.price(new BigDecimal("26.00"))).isEqualByComparingTo("26.99");
        assertThat(noMarkup.price(new BigDecimal("25.991"))).as("a fraction of a cent above: the next").isEqualByComparingTo("26.99");
    }

    @Test
    void givenACurrencyAFixedPartAndOtherEndings_whenPriced_thenEachPartAppliesInItsOrder() {
        ShopifyPrices usd = ShopifyPrices.of("2", "1.50", ".95", "usd", "0.14");
        // 20 CNY = 2.80 USD; × 2 + 1.50 = 7.10; up to .95 = 7.95
        assertThat(usd.price(new BigDecimal("20"))).isEqualByComparingTo("7.95");
        assertThat(usd.cost(new BigDecimal("20"))).isEqualByComparingTo("2.80");
        assertThat(usd.currency()).isEqualTo("USD");
        assertThat(ShopifyPrices.of("1", "0", ".00", "", "").price(new BigDecimal("7.01"))).isEqualByComparingTo("8.00");
        assertThat(ShopifyPrices.of("1", "0", "", "", "").price(new BigDecimal("7.011")))
                .as("no ending: up to the cent").isEqualByComparingTo("7.02");
        assertThat(ShopifyPrices.DEFAULT.price(null)).isNull();
    }

    @Test
    void givenSettingsThatCannotWork_whenRead_thenEachIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ShopifyPrices.of("0", "0", ".99", "", "")).hasMessageContaining("shopify.markup");
        assertThatThrownBy(() -> ShopifyPrices.of("two", "0", ".99", "", "")).hasMessage(
                "shopify.markup 'two' is not a number (write it as 2.5)");
        assertThatThrownBy(() -> ShopifyPrices.of("2.5", "-1", ".99", "", "")).hasMessageContaining("shopify.fixed");
        assertThatThrownBy(() -> ShopifyPrices.of("2.5", "0", "1.99", "", "")).hasMessageContaining(
                "shopify.price-ending 1.99 is not the cents of a price");
        assertThatThrownBy(() -> ShopifyPrices.of("2.5", "0", ".999", "", "")).hasMessageContaining(
                "shopify.price-ending");
        assertThatThrownBy(() -> ShopifyPrices.of("2.5", "0", ".99", "USD", "")).hasMessageContaining(
                "shopify.currency and shopify.rate go together");
        assertThatThrownBy(() -> ShopifyPrices.of("2.5", "0", ".99", "dollars", "1")).hasMessageContaining(
                "shopify.currency 'dollars' is not a currency code");
        assertThatThrownBy(() -> ShopifyPrices.of("2.5", "0", ".99", "USD", "0")).hasMessageContaining(
                "shopify.rate 0 is not above 0");
    }
}
