package org.tmapiroutes.app.simulator;

import java.math.BigDecimal;

import org.tmapiroutes.app.simulator.CatalogVocabulary.Place;

/**
 * A simulated 1688 seller: what the endpoints show about the shop an item comes from.
 *
 * @param companyName    the registered company name ({@code 台州市泉森贸易有限公司})
 * @param loginId        the seller's login id, which is also the {@code member_id} of the shop endpoint
 * @param shopUrl        the shop's home page ({@code https://quansen888.1688.com})
 * @param imageOwner     the number 1688 writes into the seller's image file names
 * @param place          where the shop ships from
 * @param years          years on 1688
 * @param compositeScore the composite service score, {@code 3.5} to {@code 5.0} in half steps
 * @param superFactory   a 1688 "super factory"
 * @param factory        a manufacturer rather than a trader
 * @param powerfulSeller a 1688 "powerful seller"
 * @param verified       a verified supplier
 * @param repurchaseRate the shop's repurchase rate in percent, two decimals
 */
record SimulatedShop(String companyName, String loginId, String shopUrl, long imageOwner, Place place, int years,
                     String compositeScore, boolean superFactory, boolean factory, boolean powerfulSeller,
                     boolean verified, BigDecimal repurchaseRate) {
}
