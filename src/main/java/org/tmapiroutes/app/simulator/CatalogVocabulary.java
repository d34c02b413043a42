package org.tmapiroutes.app.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The words simulated 1688 products are made of: product themes, title parts in Chinese and English, real province
 * and city pairs and shop names.
 *
 * <p>Every title part comes as a Chinese/English pair so that the multilingual image search can answer with an
 * English {@code title} next to the Chinese {@code title_origin} of the same product.
 */
final class CatalogVocabulary {

    /** A Chinese word and its English rendering. */
    record Words(String zh, String en) {
    }

    /**
     * What a query's products are: a 1688 category with its nouns, price range and sales unit.
     *
     * @param name         the category name, as the shop endpoint's {@code category_name} shows it
     * @param features     what sets an offer apart, written before the noun
     * @param nouns        the product nouns a title ends with
     * @param minPrice     the lowest unit price in CNY
     * @param maxPrice     the highest unit price in CNY
     * @param unit         the sales unit ({@code PCS}, {@code 条}, …)
     * @param categoryIds  1688 category ids a {@code category_path} is drawn from
     */
    record Theme(String name, List<Words> features, List<Words> nouns, BigDecimal minPrice, BigDecimal maxPrice,
                 String unit, List<String> categoryIds) {
    }

    /** A province as 1688 writes it in {@code area_from} (no 省 suffix) and one of its prefecture-level cities. */
    record Place(String province, String city) {
    }

    /** The distinctive part of a shop's name and its pinyin, used for the shop's 1688 sub-domain. */
    record TradeName(String zh, String pinyin) {
    }

    /** The legal form that ends a company name, and the short form sellers use in their login id. */
    record BusinessType(String companyName, String loginSuffix) {
    }

    static final List<Theme> THEMES = List.of(
            theme("眼镜", "0.50", "35.00", "副", List.of("54", "80", "1031922", "127424004"),
                    List.of(words("果冻色", "Jelly Color"), words("无框", "Rimless"),
                            words("UV400", "UV400"), words("炫彩", "Iridescent")),
                    words("太阳镜", "Sunglasses"), words("防蓝光眼镜", "Anti-Blue-Light Glasses"),
                    words("心型眼镜", "Heart-Shaped Glasses"), words("儿童眼镜", "Kids Glasses"),
                    words("偏光墨镜", "Polarized Sunglasses")),
            theme("项链", "1.50", "40.00", "条", List.of("70763664", "15481365", "87574327", "178655228"),
                    List.of(words("不掉色", "Non-Fading"), words("18K金", "18K Gold"),
                            words("爱心吊坠", "Heart Pendant"), words("叠戴", "Layered")),
                    words("吊坠项链", "Pendant Necklace"), words("锁骨链", "Collarbone Chain"),
                    words("珍珠项链", "Pearl Necklace"), words("钛钢项链", "Titanium Steel Necklace"),
                    words("choker项饰", "Choker")),
            theme("连衣裙", "15.00", "120.00", "件", List.of("10166", "127380009", "1031910", "122716002"),
                    List.of(words("收腰", "Waisted"), words("显瘦", "Slimming"),
                            words("泡泡袖", "Puff Sleeve"), words("雪纺", "Chiffon")),
                    words("碎花连衣裙", "Floral Dress"), words("法式连衣裙", "French Dress"),
                    words("吊带裙", "Slip Dress"), words("针织连衣裙", "Knit Dress"), words("蓬蓬裙", "Puffy Skirt")),
            theme("理发剪刀", "20.00", "320.00", "把", List.of("1813", "124186012", "201268201", "1046727"),
                    List.of(words("不锈钢", "Stainless Steel"), words("6寸", "6 Inch"),
                            words("无痕", "Seamless"), words("左手", "Left-Handed")),
                    words("牙剪", "Thinning Scissors"), words("平剪", "Flat Scissors"),
                    words("美发剪刀", "Hairdressing Scissors"), words("宠物美容剪", "Pet Grooming Scissors")),
            theme("干货", "8.00", "90.00", "袋", List.of("130822002", "104", "10020", "201164002"),
                    List.of(words("无硫", "Sulfur-Free"), words("500g袋装", "500g Bagged"),
                            words("新货", "New Harvest"), words("散装", "Bulk")),
                    words("白莲子", "White Lotus Seeds"), words("红枣", "Red Dates"), words("枸杞", "Goji Berries"),
                    words("桂圆干", "Dried Longan")),
            theme("手机壳", "1.00", "25.00", "个", List.of("1042954", "126506005", "201155001", "7"),
                    List.of(words("透明", "Clear"), words("全包", "Full Cover"),
                            words("卡通", "Cartoon"), words("磨砂", "Matte")),
                    words("手机壳", "Phone Case"), words("磁吸手机壳", "Magnetic Phone Case"),
                    words("防摔手机壳", "Shockproof Phone Case"), words("硅胶手机壳", "Silicone Phone Case")),
            theme("水杯", "6.00", "80.00", "个", List.of("1044067", "122194002", "201159101", "13"),
                    List.of(words("316不锈钢", "316 Stainless Steel"), words("大容量", "Large Capacity"),
                            words("带吸管", "With Straw"), words("防漏", "Leak-Proof")),
                    words("保温杯", "Insulated Cup"), words("吸管杯", "Straw Cup"), words("咖啡杯", "Coffee Mug"),
                    words("运动水壶", "Sports Bottle")),
            theme("拖鞋", "4.00", "45.00", "双", List.of("127496001", "1038378", "201162201", "311"),
                    List.of(words("防滑", "Non-Slip"), words("厚底", "Thick-Soled"),
                            words("EVA", "EVA"), words("静音", "Silent")),
                    words("拖鞋", "Slippers"), words("洞洞鞋", "Clogs"), words("凉拖", "Sandals"),
                    words("棉拖鞋", "Cotton Slippers")),
            theme("收纳", "2.00", "60.00", "个", List.of("121418010", "1045093", "201161402", "15"),
                    List.of(words("可折叠", "Foldable"), words("透明", "Clear"),
                            words("塑料", "Plastic"), words("多层", "Multi-Layer")),
                    words("收纳盒", "Storage Box"), words("抽屉收纳", "Drawer Organizer"),
                    words("桌面收纳架", "Desktop Rack"), words("化妆品收纳盒", "Cosmetic Organizer")),
            theme("毛巾", "1.20", "35.00", "条", List.of("1035373", "122222011", "201157801", "17"),
                    List.of(words("纯棉", "Cotton"), words("吸水", "Absorbent"),
                            words("超柔", "Ultra-Soft"), words("速干", "Quick-Dry")),
                    words("毛巾", "Towel"), words("浴巾", "Bath Towel"), words("珊瑚绒毛巾", "Coral Fleece Towel"),
                    words("洗脸巾", "Face Towel")));

    /**
     * Words a buyer searches a theme's products by, beside its name and nouns (a keyword containing one gets that
     * theme's products: 马克杯 or "mug" gives cups, not goji berries).
     */
    private static final Map<String, List<String>> SEARCH_WORDS = Map.of(
            "眼镜", List.of("镜", "glasses"),
            "项链", List.of("链", "necklace", "jewelry", "pendant"),
            "连衣裙", List.of("裙", "dress", "skirt"),
            "理发剪刀", List.of("剪", "scissors"),
            "干货", List.of("枸杞", "红枣", "莲子", "桂圆", "dried", "goji", "dates"),
            "手机壳", List.of("手机", "phone", "case"),
            "水杯", List.of("杯", "壶", "mug", "cup", "bottle", "tumbler"),
            "拖鞋", List.of("鞋", "slipper", "sandal", "clog"),
            "收纳", List.of("收纳", "storage", "organizer", "box"),
            "毛巾", List.of("巾", "towel"));

    /**
     * The theme a keyword asks for: the one a product word of which the keyword contains; none when it names none (then
     * a theme is drawn from the query, as for every other query).
     */
    static Optional<Theme> themeAskedFor(String keyword) {
        String asked = keyword == null ? "" : keyword.strip().toLowerCase(Locale.ROOT);
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        for (Theme theme : THEMES) {
            List<String> words = new ArrayList<>(SEARCH_WORDS.getOrDefault(theme.name(), List.of()));
            words.add(theme.name());
            theme.nouns().forEach(noun -> {
                words.add(noun.zh());
                words.add(noun.en());
            });
            if (words.stream().map(w -> w.toLowerCase(Locale.ROOT)).anyMatch(asked::contains)) {
                return Optional.of(theme);
            }
        }
        return Optional.empty();
    }

    static final List<Words> PREFIXES = List.of(
            words("2025新款", "2025 New"), words("跨境", "Cross-Border"), words("厂家直销", "Factory Direct"),
            words("爆款", "Best-Selling"), words("ins风", "INS Style"), words("欧美", "European and American"),
            words("韩版", "Korean Style"), words("日系", "Japanese Style"));

    static final List<Words> ADJECTIVES = List.of(
            words("简约", "Simple"), words("高级感", "Premium"), words("可爱", "Cute"), words("复古", "Vintage"),
            words("加厚", "Thick"), words("便携", "Portable"), words("时尚", "Fashion"), words("轻奢", "Light Luxury"),
            words("个性", "Unique"), words("多色", "Multicolor"));

    static final List<Words> SUFFIXES = List.of(
            words("批发", "Wholesale"), words("一件代发", "Dropshipping"), words("现货", "In Stock"),
            words("包邮", "Free Shipping"), words("定制", "Customizable"), words("工厂", "Factory"));

    static final List<Place> PLACES = List.of(
            new Place("浙江", "台州市"), new Place("浙江", "金华市"), new Place("浙江", "温州市"),
            new Place("浙江", "宁波市"), new Place("浙江", "杭州市"), new Place("广东", "广州市"),
            new Place("广东", "深圳市"), new Place("广东", "东莞市"), new Place("广东", "汕头市"),
            new Place("广东", "佛山市"), new Place("江苏", "苏州市"), new Place("江苏", "南通市"),
            new Place("福建", "泉州市"), new Place("福建", "厦门市"), new Place("福建", "三明市"),
            new Place("山东", "临沂市"), new Place("山东", "青岛市"), new Place("河北", "邢台市"),
            new Place("河北", "保定市"), new Place("湖南", "湘潭市"), new Place("湖南", "长沙市"),
            new Place("河南", "郑州市"), new Place("安徽", "合肥市"), new Place("江西", "南昌市"),
            new Place("四川", "成都市"), new Place("湖北", "武汉市"), new Place("上海", "上海市"),
            new Place("北京", "北京市"));

    static final List<TradeName> TRADE_NAMES = List.of(
            new TradeName("泉森", "quansen"), new TradeName("爱昌", "aichang"), new TradeName("润德", "runde"),
            new TradeName("荣欣", "rongxin"), new TradeName("怀驰", "huaichi"), new TradeName("衣耘", "yiyun"),
            new TradeName("佳美", "jiamei"), new TradeName("鑫源", "xinyuan"), new TradeName("宏达", "hongda"),
            new TradeName("聚丰", "jufeng"), new TradeName("恒信", "hengxin"), new TradeName("优品", "youpin"),
            new TradeName("华艺", "huayi"), new TradeName("金鼎", "jinding"), new TradeName("盛世", "shengshi"),
            new TradeName("乐邦", "lebang"), new TradeName("喜字", "xizi"), new TradeName("创美", "chuangmei"),
            new TradeName("博远", "boyuan"), new TradeName("欣悦", "xinyue"));

    static final List<BusinessType> BUSINESS_TYPES = List.of(
            new BusinessType("贸易有限公司", "贸易"), new BusinessType("电子商务商行", "电商"),
            new BusinessType("工艺品厂", "工艺品厂"), new BusinessType("日用品有限公司", "日用品"),
            new BusinessType("实业有限公司", "实业"), new BusinessType("制品厂", "制品厂"));

    private CatalogVocabulary() {
    }

    private static Words words(String zh, String en) {
        return new Words(zh, en);
    }

    private static Theme theme(String name, String minPrice, String maxPrice, String unit, List<String> categoryIds,
                               List<Words> features, Words... nouns) {
        return new Theme(name, features, List.of(nouns), new BigDecimal(minPrice), new BigDecimal(maxPrice), unit,
                categoryIds);
    }
}
