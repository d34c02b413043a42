package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Product conditions written in Simple, as users write them, compare every numeric field at its boundaries. */
class ExactNumbersTest {

    private static CamelContext context;

    @BeforeAll
    static void startCamel() {
        context = new DefaultCamelContext();
        ExactNumbers.register(context.getTypeConverterRegistry());
        context.start();
    }

    @AfterAll
    static void stopCamel() {
        context.stop();
    }

    private static boolean holds(String condition, ProductRow product) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(product);
        return context.resolveLanguage("simple").createPredicate(condition).matches(exchange);
    }

    private static ProductRow product(String field, String value) {
        ProductRow product = new ProductRow();
        switch (field) {
            case "price" -> product.setPrice(new BigDecimal(value));
            case "shopScore" -> product.setShopScore(new BigDecimal(value));
            case "sales90d" -> product.setSales90d(Long.valueOf(value));
            case "moq" -> product.setMoq(Long.valueOf(value));
            case "shopYears" -> product.setShopYears(Integer.valueOf(value));
            default -> throw new IllegalArgumentException(field);
        }
        return product;
    }

    @ParameterizedTest(name = "{0} with {1} = {2}: {3}")
    @CsvSource(delimiter = ';', value = {
            // the README's example, 5 CNY or less
            "${body.price} <= 5; price; 5.00; true",
            "${body.price} <= 5; price; 5.01; false",
            "${body.price} <= 5; price; 5.99; false",
            // decimals against a whole literal, every operator
            "${body.price} <= 20; price; 19.99; true",
            "${body.price} <= 20; price; 20.00; true",
            "${body.price} <= 20; price; 20.01; false",
            "${body.price} <= 20; price; 20.36; false",
            "${body.price} <= 20; price; 20.5; false",
            "${body.price} < 20; price; 19.99; true",
            "${body.price} < 20; price; 20.00; false",
            "${body.price} > 20; price; 20.00; false",
            "${body.price} > 20; price; 20.01; true",
            "${body.price} >= 20; price; 19.99; false",
            "${body.price} >= 20; price; 20.00; true",
            "${body.price} == 20; price; 20.00; true",
            "${body.price} == 20; price; 20; true",
            "${body.price} == 20; price; 20.01; false",
            "${body.price} == 20; price; 20.50; false",
            "${body.price} != 20; price; 20.00; false",
            "${body.price} != 20; price; 20.01; true",
            "${body.price} < 20.4; price; 20; true",
            // decimals against a decimal literal
            "${body.price} <= 20.0; price; 20.00; true",
            "${body.price} <= 20.0; price; 20.01; false",
            "${body.price} <= 20.0; price; 20.36; false",
            "${body.price} > 0.62; price; 0.62; false",
            "${body.price} > 0.62; price; 0.63; true",
            "${body.price} > 0.62; price; 0.65; true",
            "${body.price} > 0; price; 0.40; true",
            "${body.price} > 0; price; 0.00; false",
            "${body.price} >= 0.65; price; 0.64; false",
            "${body.price} >= 0.65; price; 0.65; true",
            "${body.price} == 0.65; price; 0.650; true",
            "${body.price} != 0.65; price; 0.65; false",
            "${body.price} <= 54; price; 54.69; false",
            "${body.price} > 54; price; 54.69; true",
            "${body.price} <= 54.69; price; 54.70; false",
            "${body.shopScore} >= 4.5; shopScore; 4.49; false",
            "${body.shopScore} >= 4.5; shopScore; 4.50; true",
            // whole fields against whole and decimal literals
            "${body.sales90d} >= 1000; sales90d; 999; false",
            "${body.sales90d} >= 1000; sales90d; 1000; true",
            "${body.sales90d} > 999.5; sales90d; 999; false",
            "${body.sales90d} > 999.5; sales90d; 1000; true",
            "${body.sales90d} <= 999.5; sales90d; 999; true",
            "${body.sales90d} <= 999.5; sales90d; 1000; false",
            "${body.sales90d} == 1000.0; sales90d; 1000; true",
            "${body.sales90d} != 1000.5; sales90d; 1000; true",
            "${body.moq} < 2.5; moq; 2; true",
            "${body.moq} < 2.5; moq; 3; false",
            "${body.shopYears} >= 2.5; shopYears; 2; false",
            "${body.shopYears} >= 2.5; shopYears; 3; true",
            "${body.shopYears} == 3; shopYears; 3; true",
    })
    void givenProductCondition_whenEvaluated_thenNumbersCompareAsNumbers(String condition, String field, String value,
                                                                      boolean expected) {
        assertThat(holds(condition, product(field, value))).isEqualTo(expected);
    }

    @Test
    void givenWholeDecimal_whenConvertedToWholeNumber_thenConvertedAndFractionsAreNot() {
        assertThat(context.getTypeConverter().tryConvertTo(Long.class, new BigDecimal("20.00"))).isEqualTo(20L);
        assertThat(context.getTypeConverter().tryConvertTo(Integer.class, 3.0d)).isEqualTo(3);
        assertThat(context.getTypeConverter().tryConvertTo(Long.class, new BigDecimal("20.01"))).isNull();
        assertThat(context.getTypeConverter().tryConvertTo(Long.class, 0.62d)).isNull();
        assertThat(context.getTypeConverter().tryConvertTo(Integer.class, new BigDecimal("1e12"))).isNull();
        assertThat(context.getTypeConverter().tryConvertTo(Long.class, Double.NaN)).isNull();
    }

    @Test
    void givenNoProductValue_whenCompared_thenConditionDoesNotHold() {
        assertThat(holds("${body.price} <= 20", new ProductRow())).isFalse();
    }
}
