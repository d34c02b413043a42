package org.tmapiroutes.item;

import static org.tmapiroutes.item.JsonValues.count;
import static org.tmapiroutes.item.JsonValues.decimal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An item's quantity prices: from how many pieces which unit price holds ({@code 1:29.89|100:27.60|300:25.90}), read
 * from its detail's {@code tiered_price_info.prices}, else {@code sku_price_range.sku_param}.
 *
 * @param tiers in quantity order, each start at most once
 */
public record PriceTiers(List<Tier> tiers) {

    /** From {@code from} pieces on, each costs {@code price}. */
    public record Tier(long from, BigDecimal price) {
    }

    /**
     * The unit price at a quantity bought.
     *
     * @param price    the price of the tier whose start is the largest at or below the quantity; below the first tier,
     *                 the first tier's price
     * @param belowMoq whether the quantity is below the first tier's start
     */
    public record UnitPrice(BigDecimal price, boolean belowMoq) {
    }

    public static final PriceTiers NONE = new PriceTiers(List.of());

    public PriceTiers {
        tiers = List.copyOf(tiers);
    }

    /** The tiers of an item detail's {@code data}; tiers whose start or price cannot be read are left out. */
    public static PriceTiers of(JsonNode detail) {
        PriceTiers tiered = read(detail.path("tiered_price_info").path("prices"));
        return tiered.tiers.isEmpty() ? read(detail.path("sku_price_range").path("sku_param")) : tiered;
    }

    private static PriceTiers read(JsonNode list) {
        List<Tier> tiers = new ArrayList<>();
        for (JsonNode tier : list) {
            // the docs write beginAmount, in camelCase among snake_case
            Long from = count(tier.has("beginAmount") ? tier.path("beginAmount") : tier.path("begin_amount"));
            BigDecimal price = decimal(tier.path("price"));
            if (from != null && price != null && tiers.stream().noneMatch(t -> t.from() == from)) {
                tiers.add(new Tier(from, price));
            }
        }
        tiers.sort(Comparator.comparingLong(Tier::from));
        return new PriceTiers(tiers);
    }

    /** Parses the text {@link #toString()} writes; text that is not such a list gives no tiers. */
    public static PriceTiers parse(String text) {
        List<Tier> tiers = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return NONE;
        }
        for (String part : text.split("\\|")) {
            String[] fromAndPrice = part.split(":", 2);
            Long from = fromAndPrice.length == 2 ? LenientNumbers.count(fromAndPrice[0]) : null;
            BigDecimal price = fromAndPrice.length == 2 ? LenientNumbers.decimal(fromAndPrice[1]) : null;
            if (from == null || price == null) {
                return NONE;
            }
            tiers.add(new Tier(from, price));
        }
        tiers.sort(Comparator.comparingLong(Tier::from));
        return new PriceTiers(tiers);
    }

    public boolean isEmpty() {
        return tiers.isEmpty();
    }

    /** The unit price at this quantity, or {@code null} when there are no tiers. */
    public UnitPrice at(long quantity) {
        if (tiers.isEmpty()) {
            return null;
        }
        Tier chosen = tiers.get(0);
        for (Tier tier : tiers) {
            if (tier.from() <= quantity) {
                chosen = tier;
            }
        }
        return new UnitPrice(chosen.price(), quantity < tiers.get(0).from());
    }

    /** {@code <from>:<price>} joined with {@code |}, in quantity order; empty when there are none. */
    @Override
    public String toString() {
        return tiers.stream().map(t -> t.from() + ":" + t.price().toPlainString()).collect(Collectors.joining("|"));
    }
}
