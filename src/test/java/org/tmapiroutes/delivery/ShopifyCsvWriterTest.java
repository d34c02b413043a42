package org.tmapiroutes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.tmapiroutes.item.ItemEnrichment;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.item.SourcingRecords;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The Shopify file, rule by rule against Shopify's current product CSV template, from the docs' item-detail example
 * (9 SKUs of 2 option kinds, 8 pictures), read back with a CSV parser.
 */
class ShopifyCsvWriterTest {

    private final ShopifyCsvWriter writer = new ShopifyCsvWriter(ShopifyPrices.DEFAULT, null);
    private final List<ShopifyCsvWriter.Note> notes = new ArrayList<>();

    @Test
    void givenTheDocsItemDetail_whenWritten_thenOneDraftProductWithAVariantLinePerSkuAndAnImageLinePerPicture()
            throws Exception {
        List<ProductRow> skus = docsItem();
        skus.forEach(s -> s.getExtras().put(ItemEnrichment.DESCRIPTION_COLUMN,
                "https://cbu01.alicdn.com/img/a.jpg https://cbu01.alicdn.com/img/b\".jpg"));

        String file = write(skus);
        List<CSVRecord> lines = read(file);

        assertThat(file).as("UTF-8 without a BOM, the template's header first").startsWith("Title,URL handle,Description,");
        assertThat(lines.get(0).getParser().getHeaderNames()).containsExactlyElementsOf(ShopifyCsvWriter.COLUMNS)
                .hasSize(57);
        assertThat(lines).allSatisfy(line -> assertThat(line.size()).isEqualTo(57));
        assertThat(lines).as("9 variants, then 7 more pictures").hasSize(9 + 7);
        assertThat(lines).extracting(l -> l.get("URL handle")).containsOnly("1688-859086919394");

        CSVRecord first = lines.get(0);
        assertThat(first.get("Title")).isEqualTo("跨境速卖通女式长款睡衣家居服豹纹款开衫法式浴袍长袖秋冬睡袍");
        assertThat(first.get("Vendor")).isEqualTo("灌云县伊山镇春霞服装厂");
        assertThat(first.get("Tags")).isEqualTo("1688, 1688-category-1037924, item-detail");
        assertThat(first.get("Published on online store")).isEqualTo("FALSE");
        assertThat(first.get("Status")).isEqualTo("draft");
        assertThat(first.get("Description")).as("only <p> and <img>, the link escaped").isEqualTo(
                "<p><img src=\"https://cbu01.alicdn.com/img/a.jpg\"></p>"
                        + "<p><img src=\"https://cbu01.alicdn.com/img/b&quot;.jpg\"></p>");
        assertThat(first.get("Option1 name")).isEqualTo("颜色");
        assertThat(first.get("Option2 name")).isEqualTo("尺码");
        assertThat(first.get("Option3 name")).isEmpty();
        assertThat(first.get("Product image URL")).isEqualTo(
                "https://cbu01.alicdn.com/img/ibank/O1CN01gEiAAA1tfzhab0NhS_!!2214636595930-0-cib.jpg");
        assertThat(first.get("Image position")).isEqualTo("1");

        List<CSVRecord> variants = lines.subList(0, 9);
        assertThat(variants.subList(1, 9)).as("the product's fields on its first line only").allSatisfy(v -> {
            assertThat(v.get("Title") + v.get("Vendor") + v.get("Status") + v.get("Option1 name")).isEmpty();
            assertThat(v.get("Option1 value")).isNotEmpty();
        });
        CSVRecord whiteL = variants.stream().filter(v -> v.get("SKU").equals("1688-859086919394-5674557541674"))
                .findFirst().orElseThrow();
        assertThat(whiteL.get("Option1 value")).isEqualTo("白色豹纹");
        assertThat(whiteL.get("Option2 value")).isEqualTo("L");
        assertThat(whiteL.get("Price")).as("29.89 × 2.5 = 74.73, up to .99").isEqualTo("74.99");
        assertThat(whiteL.get("Cost per item")).isEqualTo("29.89");
        assertThat(whiteL.get("Compare-at price")).as("no list price in the answer").isEmpty();
        assertThat(whiteL.get("Inventory quantity")).isEqualTo("4975");
        assertThat(whiteL.get("Inventory tracker")).isEqualTo("shopify");
        assertThat(whiteL.get("Continue selling when out of stock")).isEqualTo("DENY");
        assertThat(whiteL.get("Weight value (grams)")).as("0.12 kg").isEqualTo("120");
        assertThat(whiteL.get("Weight unit for display")).isEqualTo("g");
        assertThat(whiteL.get("Requires shipping")).isEqualTo("TRUE");
        assertThat(whiteL.get("Fulfillment service")).isEqualTo("manual");
        assertThat(whiteL.get("Variant image URL")).as("the picture of its colour").isEqualTo(
                "https://cbu01.alicdn.com/img/ibank/O1CN01zTDmhr1tfzgairTNV_!!2214636595930-0-cib.jpg");
        assertThat(variants).extracting(v -> v.get("Option1 value") + "/" + v.get("Option2 value"))
                .as("each variant once").doesNotHaveDuplicates();

        List<CSVRecord> pictures = lines.subList(9, 16);
        assertThat(pictures).extracting(p -> p.get("Image position")).containsExactly("2", "3", "4", "5", "6", "7", "8");
        assertThat(pictures).allSatisfy(p -> {
            assertThat(p.get("Product image URL")).startsWith("https://cbu01.alicdn.com/");
            assertThat(p.get("SKU") + p.get("Price") + p.get("Title") + p.get("Option1 value")).isEmpty();
        });
        assertThat(notes).isEmpty();
    }

    @Test
    void givenTheSameItemTwiceAndAnotherAfterIt_whenWritten_thenEachProductOnceUnderAHandleOfItsId() throws Exception {
        List<ProductRow> rows = new ArrayList<>(docsItem());
        rows.addAll(docsItem());
        rows.add(plainProduct("610947572360", "12.00", "跨境马克杯", "深圳市杯子厂"));
        List<CSVRecord> lines = read(write(rows));
        assertThat(lines).extracting(l -> l.get("URL handle")).containsOnly("1688-859086919394", "1688-610947572360");
        assertThat(lines).filteredOn(l -> !l.get("Title").isEmpty()).hasSize(2);
        assertThat(ShopifyCsvWriter.handle("610947572360")).matches("[a-z0-9-]+")
                .isEqualTo(ShopifyCsvWriter.handle("610947572360"));
    }

    @Test
    void givenAProductWithoutSkus_whenWritten_thenOneDefaultVariantWithTheProductsPriceAndItsListPriceToCompare()
            throws Exception {
        ProductRow plain = plainProduct("610947572360", "12.00", "=HYPERLINK(\"x\")", "A");
        plain.getFields().put("sku_list_price", new BigDecimal("20.00"));
        plain.getFields().put("stock", 300L);
        CSVRecord line = read(write(List.of(plain))).get(0);
        assertThat(line.get("Option1 name")).isEqualTo("Title");
        assertThat(line.get("Option1 value")).isEqualTo("Default Title");
        assertThat(line.get("SKU")).isEqualTo("1688-610947572360");
        assertThat(line.get("Price")).isEqualTo("30.99");
        assertThat(line.get("Compare-at price")).as("the list price through the same rule").isEqualTo("50.99");
        assertThat(line.get("Inventory quantity")).isEqualTo("300");
        assertThat(line.get("Title")).as("a formula is not run by a spreadsheet").isEqualTo(" =HYPERLINK(\"x\")");
        assertThat(line.get("Vendor")).as("Shopify wants two characters or more").isEqualTo("1688");
        assertThat(line.get("Description")).isEmpty();
    }

    @Test
    void givenFourOptionKinds_whenWritten_thenTheThirdOptionHoldsTheRestJoinedAndANoteSaysSo() throws Exception {
        List<ProductRow> skus = new ArrayList<>();
        String[][] values = {{"红", "S", "棉", "春"}, {"红", "S", "棉", "夏"}, {"蓝", "M", "麻", "春"}};
        for (int i = 0; i < values.length; i++) {
            ProductRow sku = plainProduct("700000000001", "10.00", "四个选项", "四选项工厂");
            sku.getFields().put("sku_id", "56" + i);
            sku.getFields().put("sku_name", "颜色:" + values[i][0] + ";尺码:" + values[i][1] + ";材质:" + values[i][2]
                    + ";季节:" + values[i][3]);
            sku.getFields().put("sku_price", new BigDecimal("10.00"));
            skus.add(sku);
        }
        List<CSVRecord> lines = read(write(skus));
        assertThat(lines.get(0).get("Option3 name")).isEqualTo("材质 / 季节");
        assertThat(lines).extracting(l -> l.get("Option3 value")).containsExactly("棉 / 春", "棉 / 夏", "麻 / 春");
        assertThat(notes).singleElement().satisfies(n -> assertThat(n.text()).isEqualTo("item 700000000001 has 4 option"
                + " kinds (颜色, 尺码, 材质, 季节); Shopify takes 3, so the 3rd option, '材质 / 季节', holds the others"
                + " joined"));
    }

    @Test
    void givenTwoSkusAlikeInEveryOption_whenWritten_thenTheSecondSaysWhichSkuItIsRatherThanBeingRefused()
            throws Exception {
        List<ProductRow> skus = new ArrayList<>();
        for (String id : List.of("561", "562")) {
            ProductRow sku = plainProduct("700000000002", "10.00", "t", "shop");
            sku.getFields().put("sku_id", id);
            sku.getFields().put("sku_name", "颜色:红");
            skus.add(sku);
        }
        assertThat(read(write(skus))).extracting(l -> l.get("Option1 value")).containsExactly("红", "红 (562)");
    }

    private String write(List<ProductRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(rows, List.of("item-detail"), notes::add, out);
        byte[] bytes = out.toByteArray();
        assertThat(bytes[0]).as("no BOM").isEqualTo((byte) 'T');
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<CSVRecord> read(String file) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(file))
                .getRecords();
    }

    private static ProductRow plainProduct(String itemId, String price, String title, String shop) {
        ProductRow row = new ProductRow();
        row.setItemId(itemId);
        row.setPrice(new BigDecimal(price));
        row.setTitle(title);
        row.setShopName(shop);
        row.setImageUrl("https://cbu01.alicdn.com/img/ibank/" + itemId + ".jpg");
        return row;
    }

    /** The docs' item-detail example as the product reads it: a row per SKU. */
    private static List<ProductRow> docsItem() throws Exception {
        try (InputStream in = ShopifyCsvWriterTest.class.getResourceAsStream("/simulator/examples/item-detail.json")) {
            JsonNode answer = new ObjectMapper().readTree(in);
            TmapiQuery query = new QueryValidator(QueryDefaults.DOCUMENTED).validate(TmapiEndpoint.ITEM_DETAIL,
                    Map.of("item_id", "652702302959"), 1).query();
            return new SourcingRecords().rows(query, answer.get("data"), Instant.parse("2026-12-07T00:00:00Z"));
        }
    }
}
