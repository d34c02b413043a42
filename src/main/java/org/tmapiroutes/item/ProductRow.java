package org.tmapiroutes.item;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One product as it travels through the routes and lands in the output CSV: the SPEC §7 columns, typed.
 *
 * <p>Getters follow the §7 column names in camelCase ({@code sales_90d} is {@code getSales90d()}), so a route can say
 * {@code ${body.price} <= 5}. Numbers are numbers, booleans are booleans, unknown values are {@code null}.
 * Columns added by transforms live in {@link #getExtras()} and are written after the §7 columns.
 */
public class ProductRow {

    /** How a column's value is written to CSV. */
    public enum Kind { TEXT, NUMBER, BOOLEAN }

    /** One §7 column: its CSV name, how it is written and how it is read from a row. */
    public record Column(String name, Kind kind, Function<ProductRow, Object> value) {
    }
    private String source;
    private String query;
    private String itemId;
    private String title;
    private String titleOrigin;
    private String productUrl;
    private String imageUrl;
    private BigDecimal price;
    private BigDecimal salePrice;
    private BigDecimal originPrice;
    private String currency;
    private Long moq;
    private Long sales;
    private Long sales90d;
    private Long sales30d;
    private BigDecimal repurchaseRate;
    private BigDecimal shopRepurchaseRate;
    private String shopName;
    private String shopUrl;
    private String sellerLoginId;
    private String province;
    private String city;
    private Boolean freeShipping;
    private Boolean shipIn48h;
    private Boolean superFactory;
    private Boolean powerfulSeller;
    private Integer shopYears;
    private BigDecimal shopScore;
    private String categoryPath;
    private String categoryName;
    private String createdTime;
    private String fetchedAt;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Object> extras = new LinkedHashMap<>();

    /** The §7 columns in their contractual order. */
    public static final List<Column> COLUMNS = List.of(
            new Column("source", Kind.TEXT, ProductRow::getSource),
            new Column("query", Kind.TEXT, ProductRow::getQuery),
            new Column("item_id", Kind.TEXT, ProductRow::getItemId),
            new Column("title", Kind.TEXT, ProductRow::getTitle),
            new Column("title_origin", Kind.TEXT, ProductRow::getTitleOrigin),
            new Column("product_url", Kind.TEXT, ProductRow::getProductUrl),
            new Column("image_url", Kind.TEXT, ProductRow::getImageUrl),
            new Column("price", Kind.NUMBER, ProductRow::getPrice),
            new Column("sale_price", Kind.NUMBER, ProductRow::getSalePrice),
            new Column("origin_price", Kind.NUMBER, ProductRow::getOriginPrice),
            new Column("currency", Kind.TEXT, ProductRow::getCurrency),
            new Column("moq", Kind.NUMBER, ProductRow::getMoq),
            new Column("sales", Kind.NUMBER, ProductRow::getSales),
            new Column("sales_90d", Kind.NUMBER, ProductRow::getSales90d),
            new Column("sales_30d", Kind.NUMBER, ProductRow::getSales30d),
            new Column("repurchase_rate", Kind.NUMBER, ProductRow::getRepurchaseRate),
            new Column("shop_repurchase_rate", Kind.NUMBER, ProductRow::getShopRepurchaseRate),
            new Column("shop_name", Kind.TEXT, ProductRow::getShopName),
            new Column("shop_url", Kind.TEXT, ProductRow::getShopUrl),
            new Column("seller_login_id", Kind.TEXT, ProductRow::getSellerLoginId),
            new Column("province", Kind.TEXT, ProductRow::getProvince),
            new Column("city", Kind.TEXT, ProductRow::getCity),
            new Column("free_shipping", Kind.BOOLEAN, ProductRow::getFreeShipping),
            new Column("ship_in_48h", Kind.BOOLEAN, ProductRow::getShipIn48h),
            new Column("super_factory", Kind.BOOLEAN, ProductRow::getSuperFactory),
            new Column("powerful_seller", Kind.BOOLEAN, ProductRow::getPowerfulSeller),
            new Column("shop_years", Kind.NUMBER, ProductRow::getShopYears),
            new Column("shop_score", Kind.NUMBER, ProductRow::getShopScore),
            new Column("category_path", Kind.TEXT, ProductRow::getCategoryPath),
            new Column("category_name", Kind.TEXT, ProductRow::getCategoryName),
            new Column("created_time", Kind.TEXT, ProductRow::getCreatedTime),
            new Column("fetched_at", Kind.TEXT, ProductRow::getFetchedAt));

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public String getItemId() {
        return itemId;
    }

    public void setItemId(String itemId) {
        this.itemId = itemId;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getTitleOrigin() {
        return titleOrigin;
    }

    public void setTitleOrigin(String titleOrigin) {
        this.titleOrigin = titleOrigin;
    }

    public String getProductUrl() {
        return productUrl;
    }

    public void setProductUrl(String productUrl) {
        this.productUrl = productUrl;
    }

    public String getImageUrl() {
        return imageUrl;
    }

    public void setImageUrl(String imageUrl) {
        this.imageUrl = imageUrl;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public void setPrice(BigDecimal price) {
        this.price = price;
    }

    public BigDecimal getSalePrice() {
        return salePrice;
    }

    public void setSalePrice(BigDecimal salePrice) {
        this.salePrice = salePrice;
    }

    public BigDecimal getOriginPrice() {
        return originPrice;
    }

    public void setOriginPrice(BigDecimal originPrice) {
        this.originPrice = originPrice;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public Long getMoq() {
        return moq;
    }

    public void setMoq(Long moq) {
        this.moq = moq;
    }

    public Long getSales() {
        return sales;
    }

    public void setSales(Long sales) {
        this.sales = sales;
    }

    public Long getSales90d() {
        return sales90d;
    }

    public void setSales90d(Long sales90d) {
        this.sales90d = sales90d;
    }

    public Long getSales30d() {
        return sales30d;
    }

    public void setSales30d(Long sales30d) {
        this.sales30d = sales30d;
    }

    public BigDecimal getRepurchaseRate() {
        return repurchaseRate;
    }

    public void setRepurchaseRate(BigDecimal repurchaseRate) {
        this.repurchaseRate = repurchaseRate;
    }

    public BigDecimal getShopRepurchaseRate() {
        return shopRepurchaseRate;
    }

    public void setShopRepurchaseRate(BigDecimal shopRepurchaseRate) {
        this.shopRepurchaseRate = shopRepurchaseRate;
    }

    public String getShopName() {
        return shopName;
    }

    public void setShopName(String shopName) {
        this.shopName = shopName;
    }

    public String getShopUrl() {
        return shopUrl;
    }

    public void setShopUrl(String shopUrl) {
        this.shopUrl = shopUrl;
    }

    public String getSellerLoginId() {
        return sellerLoginId;
    }

    public void setSellerLoginId(String sellerLoginId) {
        this.sellerLoginId = sellerLoginId;
    }

    public String getProvince() {
        return province;
    }

    public void setProvince(String province) {
        this.province = province;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String city) {
        this.city = city;
    }

    public Boolean getFreeShipping() {
        return freeShipping;
    }

    public void setFreeShipping(Boolean freeShipping) {
        this.freeShipping = freeShipping;
    }

    public Boolean getShipIn48h() {
        return shipIn48h;
    }

    public void setShipIn48h(Boolean shipIn48h) {
        this.shipIn48h = shipIn48h;
    }

    public Boolean getSuperFactory() {
        return superFactory;
    }

    public void setSuperFactory(Boolean superFactory) {
        this.superFactory = superFactory;
    }

    public Boolean getPowerfulSeller() {
        return powerfulSeller;
    }

    public void setPowerfulSeller(Boolean powerfulSeller) {
        this.powerfulSeller = powerfulSeller;
    }

    public Integer getShopYears() {
        return shopYears;
    }

    public void setShopYears(Integer shopYears) {
        this.shopYears = shopYears;
    }

    public BigDecimal getShopScore() {
        return shopScore;
    }

    public void setShopScore(BigDecimal shopScore) {
        this.shopScore = shopScore;
    }

    public String getCategoryPath() {
        return categoryPath;
    }

    public void setCategoryPath(String categoryPath) {
        this.categoryPath = categoryPath;
    }

    public String getCategoryName() {
        return categoryName;
    }

    public void setCategoryName(String categoryName) {
        this.categoryName = categoryName;
    }

    public String getCreatedTime() {
        return createdTime;
    }

    public void setCreatedTime(String createdTime) {
        this.createdTime = createdTime;
    }

    public String getFetchedAt() {
        return fetchedAt;
    }

    public void setFetchedAt(String fetchedAt) {
        this.fetchedAt = fetchedAt;
    }

    /**
     * The columns of a record of the SPEC §15 endpoints (a SKU, a shipping quote, a shop…) by name, for the columns
     * that are not §7's; see {@link SourcingRecords}.
     */
    public Map<String, Object> getFields() {
        return fields;
    }

    /** Columns added by transforms, in the order they were added; written after the §7 columns. */
    public Map<String, Object> getExtras() {
        return extras;
    }

    @Override
    public String toString() {
        return "ProductRow[" + source + " " + itemId + " " + title + "]";
    }
}
