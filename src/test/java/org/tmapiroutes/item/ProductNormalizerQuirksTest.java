package org.tmapiroutes.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tmapiroutes.item.ExpectedRow.dec;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The shapes in which the five endpoints differ, each varied from a docs example to show which field wins.
 */
class ProductNormalizerQuirksTest {

    private static final Instant FETCHED_AT = Instant.parse("2026-11-22T08:00:00Z");

    private final ProductNormalizer normalizer = new ProductNormalizer();

    private ProductRow normalize(TmapiEndpoint endpoint, Map<String, String> query, ObjectNode item) {
        return normalizer.normalize(endpoint, query, item, FETCHED_AT);
    }

    private ProductRow normalizeCategoryItem(ObjectNode item) {
        return normalize(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", "1031922"), item);
    }

    private ProductRow normalizeV1Item(ObjectNode item) {
        return normalize(TmapiEndpoint.CATEGORY_ITEMS_V1, Map.of("cat_id", "1031910"), item);
    }

    private ProductRow normalizeByMemberItem(ObjectNode item) {
        return normalize(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, Map.of("member_id", "jane727"), item);
    }

    private ProductRow normalizeShopItem(ObjectNode item) {
        return normalize(TmapiEndpoint.SHOP_ITEMS, Map.of("shop_url", "https://xldjjg.1688.com/"), item);
    }

    @Test
    void givenItemIdAsNumberOrAsString_whenNormalized_thenSameTextAndSameBuiltProductUrl() {
        ObjectNode asString = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS, 0);
        ObjectNode asNumber = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS, 0).put("item_id", 765000043412L);

        ProductRow fromString = normalizeShopItem(asString);
        ProductRow fromNumber = normalizeShopItem(asNumber);

        assertThat(fromNumber.getItemId()).isEqualTo(fromString.getItemId()).isEqualTo("765000043412");
        assertThat(fromNumber.getProductUrl()).isEqualTo(fromString.getProductUrl())
                .isEqualTo("https://detail.1688.com/offer/765000043412.html");
    }

    @Test
    void givenBlankProductUrl_whenNormalized_thenBuiltFromItemId() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0).put("product_url", " ");

        assertThat(normalizeCategoryItem(item).getProductUrl())
                .isEqualTo("https://detail.1688.com/offer/991188728585.html");
    }

    @Test
    void givenV1ItemWithEmptyPriceAndNoSalePrice_whenNormalized_thenPriceAndSalePriceFromShowPrice() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS_V1, 0);
        ObjectNode priceInfo = (ObjectNode) item.get("price_info");
        priceInfo.remove("sale_price");
        priceInfo.put("show_price", "4.70");

        ProductRow row = normalizeV1Item(item);

        assertThat(row.getPrice()).isEqualTo(dec("4.70"));
        assertThat(row.getSalePrice()).isEqualTo(dec("4.70"));
        assertThat(row.getOriginPrice()).isEqualTo(dec("5.40"));
    }

    @Test
    void givenV1ItemWithPriceAndNoSalePrice_whenNormalized_thenPriceBeatsShowPrice() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS_V1, 0).put("price", "4.65");
        ObjectNode priceInfo = (ObjectNode) item.get("price_info");
        priceInfo.remove("sale_price");
        priceInfo.put("show_price", "4.70");

        ProductRow row = normalizeV1Item(item);

        assertThat(row.getPrice()).isEqualTo(dec("4.65"));
        assertThat(row.getSalePrice()).isEqualTo(dec("4.70"));
    }

    @Test
    void givenSalePriceBelowListedPrice_whenNormalized_thenPriceIsTheSalePrice() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        ((ObjectNode) item.get("price_info")).put("sale_price", "0.55");

        ProductRow row = normalizeCategoryItem(item);

        assertThat(row.getPrice()).isEqualTo(dec("0.55"));
        assertThat(row.getSalePrice()).isEqualTo(dec("0.55"));
    }

    @Test
    void givenByMemberItemWithoutPrice_whenNormalized_thenPriceFromWholesalePrice() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, 0);
        item.remove("price");
        ((ObjectNode) item.get("price_info")).put("wholesale_price", "3.80");

        ProductRow row = normalizeByMemberItem(item);

        assertThat(row.getPrice()).isEqualTo(dec("3.80"));
        assertThat(row.getSalePrice()).isNull();
    }

    @Test
    void givenPricesWrittenDifferently_whenNormalized_thenScaleKeptAsGiven() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, 0);
        ((ObjectNode) item.get("price_info")).put("origin_price", "3.9");
        item.put("price", 3.9);

        ProductRow row = normalizeByMemberItem(item);

        assertThat(row.getOriginPrice()).isEqualTo(dec("3.9"));
        assertThat(row.getPrice()).isEqualTo(dec("3.9"));
    }

    @Test
    void givenV1ItemWithoutSaleQuantityInt_whenNormalized_thenSalesFromSalesCount() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS_V1, 0).put("sales_count", "170000");
        ((ObjectNode) item.get("sale_info")).remove("sale_quantity_int");

        ProductRow row = normalizeV1Item(item);

        assertThat(row.getSales()).isEqualTo(170000L);
        assertThat(row.getSales90d()).isNull();
    }

    @Test
    void givenNinetyDayAndLifetimeSales_whenNormalized_thenNinetyDaysWin() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, 0).put("sales_count", "99999");
        ((ObjectNode) item.get("sale_info")).put("sale_quantity", 50000);

        assertThat(normalizeByMemberItem(item).getSales()).isEqualTo(12942L);
    }

    @ParameterizedTest(name = "sale_quantity_90days \"{0}\" gives {1}")
    @CsvSource({
            "100000+, 100000",
            "'  42 ', 42",
            "'3,728', 3728",
            "1.2万+, 12000",
            "10万+, 100000",
            "7.0, 7"})
    void givenCountWrittenAsText_whenNormalized_thenWholeNumber(String written, long expected) {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        ((ObjectNode) item.get("sale_info")).put("sale_quantity_90days", written);

        ProductRow row = normalizeCategoryItem(item);

        assertThat(row.getSales()).isEqualTo(expected);
        assertThat(row.getSales90d()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "item_repurchase_rate \"{0}\" gives {1}")
    @CsvSource({
            "60%, 0.60",
            "57%, 0.57",
            "0%, 0.00",
            "100%, 1.00",
            "12.5%, 0.125",
            "60, 0.60"})
    void givenItemRepurchaseRate_whenNormalized_thenFractionWithScaleOfInputPlusTwo(String written, String expected) {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0).put("item_repurchase_rate", written);

        assertThat(normalizeCategoryItem(item).getRepurchaseRate()).isEqualTo(dec(expected));
    }

    @ParameterizedTest(name = "shop_repurchase_rate \"{0}\" gives {1}")
    @CsvSource({
            "38.46, 0.3846",
            "38.46%, 0.3846",
            "5, 0.05",
            "0, 0.00"})
    void givenShopRepurchaseRateInPercent_whenNormalized_thenFraction(String written, String expected) {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS_V1, 0);
        ((ObjectNode) item.get("shop_info")).put("shop_repurchase_rate", written);

        assertThat(normalizeV1Item(item).getShopRepurchaseRate()).isEqualTo(dec(expected));
    }

    @Test
    void givenRepurchaseRatesAsJsonNumbers_whenNormalized_thenReadAsPercent() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS_V1, 0).put("item_repurchase_rate", 60);
        ((ObjectNode) item.get("shop_info")).put("shop_repurchase_rate", 38.46);

        ProductRow row = normalizeV1Item(item);

        assertThat(row.getRepurchaseRate()).isEqualTo(dec("0.60"));
        assertThat(row.getShopRepurchaseRate()).isEqualTo(dec("0.3846"));
    }

    @ParameterizedTest(name = "img \"{0}\" gives \"{1}\"")
    @CsvSource({
            "https:////cbu01.alicdn.com/img/ibank/a.jpg, https://cbu01.alicdn.com/img/ibank/a.jpg",
            "https:///cbu01.alicdn.com/img/ibank/a.jpg, https://cbu01.alicdn.com/img/ibank/a.jpg",
            "//cbu01.alicdn.com/img/ibank/a.jpg, https://cbu01.alicdn.com/img/ibank/a.jpg",
            "http://cbu01.alicdn.com/img/ibank/a.jpg, http://cbu01.alicdn.com/img/ibank/a.jpg",
            "http:////cbu01.alicdn.com/img/ibank/a.jpg, http://cbu01.alicdn.com/img/ibank/a.jpg",
            "https://cbu01.alicdn.com/img/ibank/a.jpg, https://cbu01.alicdn.com/img/ibank/a.jpg"})
    void givenImageUrlWithWrongSlashes_whenNormalized_thenRepaired(String img, String expected) {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS, 0).put("img", img);

        assertThat(normalizeShopItem(item).getImageUrl()).isEqualTo(expected);
    }

    @Test
    void givenProtocolRelativeProductUrl_whenNormalized_thenHttps() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0)
                .put("product_url", "//detail.1688.com/offer/991188728585.html");

        assertThat(normalizeCategoryItem(item).getProductUrl())
                .isEqualTo("https://detail.1688.com/offer/991188728585.html");
    }

    @Test
    void givenCategoryPathOfJsonNumbers_whenNormalized_thenJoinedWithSlash() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0);
        item.putArray("category_path").add(54).add(80);

        assertThat(normalizeCategoryItem(item).getCategoryPath()).isEqualTo("54/80");
    }

    @Test
    void givenEmptyCategoryPathAndName_whenNormalized_thenBothEmpty() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS, 0);

        ProductRow row = normalizeShopItem(item);

        assertThat(item.get("category_path").isEmpty()).as("the docs example has an empty list").isTrue();
        assertThat(row.getCategoryPath()).isNull();
        assertThat(row.getCategoryName()).isNull();
    }

    @Test
    void givenShopItemWithItsOwnShopInfo_whenNormalized_thenShopInfoBeatsTheQuery() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS, 0);
        item.putObject("shop_info").put("shop_url", "https://other.1688.com").put("login_id", "other-seller");

        ProductRow row = normalizeShopItem(item);

        assertThat(row.getShopUrl()).isEqualTo("https://other.1688.com");
        assertThat(row.getSellerLoginId()).isEqualTo("other-seller");
    }

    @Test
    void givenByMemberItemWithLoginId_whenNormalized_thenLoginIdBeatsTheQueriedMemberId() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, 0);
        item.putObject("shop_info").put("login_id", "jane-shop");

        assertThat(normalizeByMemberItem(item).getSellerLoginId()).isEqualTo("jane-shop");
    }

    @Test
    void givenShipIn48hOnItemAndInDeliveryInfo_whenNormalized_thenItemLevelWins() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.IMAGE_SEARCH, 2).put("ship_in_48h", false);

        assertThat(normalize(TmapiEndpoint.IMAGE_SEARCH, Map.of("img_url", "x.jpg"), item).getShipIn48h()).isFalse();
    }

    @Test
    void givenShipIn48hOnlyInDeliveryInfo_whenNormalized_thenTakenFromDeliveryInfo() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.IMAGE_SEARCH, 2);
        item.remove("ship_in_48h");

        assertThat(normalize(TmapiEndpoint.IMAGE_SEARCH, Map.of("img_url", "x.jpg"), item).getShipIn48h()).isTrue();
    }

    @Test
    void givenMoqAndQuantityBegin_whenNormalized_thenMoqWinsAndQuantityBeginFillsIn() {
        ObjectNode withMoq = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0).put("moq", "5");
        ObjectNode withoutMoq = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0).put("quantity_begin", "3");
        withoutMoq.putNull("moq");

        assertThat(normalizeCategoryItem(withMoq).getMoq()).isEqualTo(5L);
        assertThat(normalizeCategoryItem(withoutMoq).getMoq()).isEqualTo(3L);
    }

    @Test
    void givenCurrencyGiven_whenNormalized_thenKeptElseCny() {
        ObjectNode dollars = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0).put("currency", "USD");
        ObjectNode blank = ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0).put("currency", "");

        assertThat(normalizeCategoryItem(dollars).getCurrency()).isEqualTo("USD");
        assertThat(normalizeCategoryItem(blank).getCurrency()).isEqualTo("CNY");
    }

    @Test
    void givenTitleOrigin_whenNormalizedForImageSearchOnly_thenOnlyThatRowHasIt() {
        ProductRow imageSearch = normalize(TmapiEndpoint.IMAGE_SEARCH, Map.of("img_url", "x.jpg"),
                ResponseExamples.item(TmapiEndpoint.IMAGE_SEARCH, 0));
        ProductRow category = normalizeCategoryItem(ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0));

        assertThat(imageSearch.getTitleOrigin()).isEqualTo("2024年新印兴同学红花莲子糯建宁老品种红花莲子通芯白莲子500g");
        assertThat(category.getTitleOrigin()).isNull();
    }

    @ParameterizedTest(name = "created_time \"{0}\" gives {1}")
    @CsvSource({
            "2022-11-28T11:26:00+0800, 2022-11-28T11:26:00+08:00",
            "2022-11-28T11:26:00+08:00, 2022-11-28T11:26:00+08:00",
            "2022-11-28T11:26:00.500+08:00, 2022-11-28T11:26:00+08:00",
            "2022-11-28T03:26:00Z, 2022-11-28T03:26:00+00:00",
            "2022-11-28T11:26:00-0500, 2022-11-28T11:26:00-05:00",
            "2022-11-28 11:26:00, 2022-11-28T11:26:00+08:00",
            "2022/11/28 11:26, 2022-11-28T11:26:00+08:00",
            "2022-11-28, 2022-11-28T00:00:00+08:00",
            "1669605960, 2022-11-28T11:26:00+08:00",
            "1669605960000, 2022-11-28T11:26:00+08:00"})
    void givenCreatedTimeInACommonForm_whenNormalized_thenIsoWithOffset(String written, String expected) {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, 0).put("created_time", written);

        assertThat(normalizeByMemberItem(item).getCreatedTime()).isEqualTo(expected);
    }

    @Test
    void givenCreatedTimeAsEpochMillisJsonNumber_whenNormalized_thenIsoInBeijingTime() {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, 0)
                .put("created_time", 1669605960000L);

        assertThat(normalizeByMemberItem(item).getCreatedTime()).isEqualTo("2022-11-28T11:26:00+08:00");
    }

    @ParameterizedTest(name = "created_time \"{0}\" is left empty")
    @CsvSource({
            "yesterday",
            "2022-02-30 10:00:00",
            "2022-11-28T25:00:00+0800",
            "2022-11-28T11:26:00+1900",
            "28/11/2022",
            "''"})
    void givenUnreadableCreatedTime_whenNormalized_thenEmptyNotAnError(String written) {
        ObjectNode item = ResponseExamples.item(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, 0).put("created_time", written);

        ProductRow row = normalizeByMemberItem(item);

        assertThat(row.getCreatedTime()).isNull();
        assertThat(row.getItemId()).isEqualTo("693334796781");
    }

    @Test
    void givenFetchTimeWithNanoseconds_whenNormalized_thenUtcToTheSecond() {
        ProductRow row = normalizer.normalize(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", "1031922"),
                ResponseExamples.item(TmapiEndpoint.CATEGORY_ITEMS, 0),
                Instant.parse("2026-11-22T08:00:59.999999999Z"));

        assertThat(row.getFetchedAt()).isEqualTo("2026-11-22T08:00:59Z");
    }
}
