package org.tmapiroutes.app.simulator;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.tmapiroutes.app.simulator.CatalogVocabulary.Words;

/**
 * A simulated 1688 product, independent of any endpoint: every endpoint's item is one view of it.
 *
 * @param itemId             the 1688 offer id
 * @param title              the title in Chinese and in English
 * @param imageIds           the main image file ids; the first is the list image
 * @param categoryPath       1688 category ids from the top down
 * @param categoryName       the leaf category's name
 * @param price              the unit price a buyer pays, CNY, two decimals
 * @param listPrice          the price before discount, never below {@code price}
 * @param discountShown      whether the multilingual endpoints show {@code listPrice} as {@code origin_price}
 * @param dropShipPrice      the dropshipping price
 * @param moq                the minimum order quantity
 * @param sales90d           units sold in the last 90 days
 * @param sales30d           units sold in the last 30 days
 * @param orders30d          orders in the last 30 days
 * @param buyerCount         distinct buyers
 * @param repurchasePercent  the item's repurchase rate in whole percent
 * @param freeShipping       ships free
 * @param shipIn48h          ships within 48 hours
 * @param lowRefundRate      has a low refund rate
 * @param onePieceMinOrder   can be ordered one piece at a time
 * @param supportDropshipping supports dropshipping
 * @param newArrival         listed recently
 * @param shop               the seller
 * @param created            when the offer was published
 * @param unit               the sales unit
 * @param videoId            the main video's id, empty when there is none
 */
record SimulatedProduct(long itemId, Words title, List<String> imageIds, List<String> categoryPath,
                        String categoryName, BigDecimal price, BigDecimal listPrice, boolean discountShown,
                        BigDecimal dropShipPrice, int moq, long sales90d, long sales30d, long orders30d,
                        long buyerCount, int repurchasePercent, boolean freeShipping, boolean shipIn48h,
                        boolean lowRefundRate, boolean onePieceMinOrder, boolean supportDropshipping,
                        boolean newArrival, SimulatedShop shop, OffsetDateTime created, String unit,
                        String videoId) {

    /** The same product at another price; the list price rises with it so that it never falls below. */
    SimulatedProduct withPrice(BigDecimal newPrice) {
        BigDecimal newListPrice = listPrice.max(newPrice);
        BigDecimal newDropShipPrice = dropShipPrice.subtract(price).add(newPrice);
        return new SimulatedProduct(itemId, title, imageIds, categoryPath, categoryName, newPrice, newListPrice,
                discountShown, newDropShipPrice, moq, sales90d, sales30d, orders30d, buyerCount, repurchasePercent,
                freeShipping, shipIn48h, lowRefundRate, onePieceMinOrder, supportDropshipping, newArrival, shop,
                created, unit, videoId);
    }
}
