package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;

/**
 * A §7 row written out by hand, column by column, and compared with a normalized row one column at a time.
 *
 * <p>It must name all 32 columns in the §7 order, so an expectation can't silently skip one. Values compare with
 * {@code equals}: a {@link BigDecimal} must have the expected scale (0.60, not 0.6) and counts must be {@link Long}.
 */
final class ExpectedRow {

    private final Map<String, Object> columns = new LinkedHashMap<>();

    static ExpectedRow expectedRow() {
        return new ExpectedRow();
    }

    static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    ExpectedRow column(String name, Object value) {
        if (columns.containsKey(name)) {
            throw new IllegalArgumentException("Column " + name + " is expected twice");
        }
        columns.put(name, value);
        return this;
    }

    void assertMatches(ProductRow actual) {
        List<String> names = new ArrayList<>();
        ProductRow.COLUMNS.forEach(c -> names.add(c.name()));
        assertThat(columns.keySet()).as("expected columns, in §7 order").containsExactlyElementsOf(names);

        SoftAssertions softly = new SoftAssertions();
        for (ProductRow.Column column : ProductRow.COLUMNS) {
            softly.assertThat(column.value().apply(actual))
                    .as("%s of %s", column.name(), actual)
                    .isEqualTo(columns.get(column.name()));
        }
        softly.assertAll();
    }
}
