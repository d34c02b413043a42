package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.TypeConverter;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.TypeConverterSupport;

/**
 * Makes product conditions compare numbers as numbers: a decimal is converted to a whole number only when it is one.
 *
 * <p>Camel's Simple compares two numbers by converting both to {@code Long} first and, only when that fails, to
 * {@code Double}; its own conversion of a decimal to {@code Long} drops the decimals, so {@code ${body.price} <= 20}
 * held for 20.99 and {@code ${body.price} > 0.62} for nothing between 0 and 1. With these conversions 20.99 is no
 * {@code Long}, the comparison goes on with the decimals, and 20.00 still equals 20.
 */
public final class ExactNumbers {

    private static final List<Class<?>> DECIMALS = List.of(BigDecimal.class, Double.class, Float.class);

    /** A decimal to {@code Long} or {@code Integer}, or no conversion at all when it has a fraction or does not fit. */
    private static final TypeConverter WHOLE_ONLY = new TypeConverterSupport() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            try {
                BigDecimal exact = value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
                boolean toLong = type == Long.class || type == long.class;
                return (T) (toLong ? (Object) exact.longValueExact() : (Object) exact.intValueExact());
            } catch (ArithmeticException | NumberFormatException notWhole) {
                return (T) MISS_VALUE;
            }
        }
    };

    private ExactNumbers() {
    }

    /** Adds the conversions; before any route is made, so no conversion of a decimal was cached before. */
    public static void register(TypeConverterRegistry registry) {
        for (Class<?> decimal : DECIMALS) {
            registry.addTypeConverter(Long.class, decimal, WHOLE_ONLY);
            registry.addTypeConverter(Integer.class, decimal, WHOLE_ONLY);
        }
    }
}
