package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The unit price at a quantity bought: the tier whose start is the largest at or below it, with the docs' tiers. */
class PriceTiersTest {

    /** The docs' item detail example: 1:29.89, 100:27.60, 300:25.90. */
    private static final PriceTiers DOCS = PriceTiers.parse("1:29.89|100:27.60|300:25.90");

    @ParameterizedTest
    @CsvSource({"1, 29.89", "2, 29.89", "99, 29.89", "100, 27.60", "101, 27.60", "299, 27.60", "300, 25.90",
            "1000000, 25.90"})
    void givenTheDocsTiers_whenAQuantityIsBought_thenTheLargestStartAtOrBelowItPrices(long quantity, String price) {
        PriceTiers.UnitPrice at = DOCS.at(quantity);

        assertThat(at.price()).isEqualTo(new BigDecimal(price));
        assertThat(at.belowMoq()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0, true", "1, true", "2, false", "9, false", "10, false"})
    void givenTiersFromTwoPieces_whenFewerAreBought_thenTheFirstTierPricesAndBelowMoqSaysSo(long quantity,
            boolean below) {
        PriceTiers tiers = PriceTiers.parse("10:4.50|2:5.00");

        assertThat(tiers.at(quantity).price()).isEqualTo(quantity >= 10 ? new BigDecimal("4.50") : new BigDecimal("5.00"));
        assertThat(tiers.at(quantity).belowMoq()).isEqualTo(below);
        assertThat(tiers).hasToString("2:5.00|10:4.50");
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'1:'", "'a:1.00'", "'1:2.00|x'"})
    void givenNoReadableTiers_whenAsked_thenThereIsNoPrice(String text) {
        assertThat(PriceTiers.parse(text).at(5)).isNull();
    }
}
