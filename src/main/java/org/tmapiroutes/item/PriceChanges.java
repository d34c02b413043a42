package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the products whose price changed since the last run of the same flow and query, and adds {@code old_price},
 * {@code new_price} and {@code change_pct} to them; every run's prices are then remembered for the next.
 */
public final class PriceChanges {

    private final PriceHistory history;

    public PriceChanges(PriceHistory history) {
        this.history = history;
    }

    /**
     * @param flow      the flow whose runs are compared (its route id)
     * @param direction {@code down} (default), {@code up} or {@code any}
     * @return the products whose price moved that way since the last run
     */
    public List<ProductRow> changed(List<ProductRow> rows, String flow, String direction) {
        String way = direction == null || direction.isBlank() ? "down" : direction.strip().toLowerCase(Locale.ROOT);
        if (!List.of("down", "up", "any").contains(way)) {
            throw new IllegalArgumentException("direction '" + direction + "' is not allowed; allowed values: down, up, any");
        }
        List<ProductRow> changed = new ArrayList<>();
        Map<String, BigDecimal> now = new LinkedHashMap<>();
        for (ProductRow row : rows) {
            if (row.getItemId() == null || row.getPrice() == null) {
                continue;
            }
            String key = key(flow, row);
            now.put(key, row.getPrice());
            Optional<BigDecimal> before = history.lastPrice(key);
            if (before.isEmpty() || before.get().compareTo(row.getPrice()) == 0) {
                continue;
            }
            int sign = row.getPrice().compareTo(before.get());
            if (way.equals("any") || (way.equals("down") && sign < 0) || (way.equals("up") && sign > 0)) {
                row.getExtras().put("old_price", before.get());
                row.getExtras().put("new_price", row.getPrice());
                row.getExtras().put("change_pct", before.get().signum() == 0 ? null
                        : row.getPrice().subtract(before.get()).multiply(BigDecimal.valueOf(100))
                                .divide(before.get(), 2, RoundingMode.HALF_UP));
                changed.add(row);
            }
        }
        history.record(now);
        return changed;
    }

    /** Prices are compared per flow and query: the same product can be in two reports at two prices. */
    public static String key(String flow, ProductRow row) {
        return flow + "|" + row.getSource() + "|" + row.getQuery() + "|" + row.getItemId();
    }
}
