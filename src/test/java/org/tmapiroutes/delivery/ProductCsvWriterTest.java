package org.tmapiroutes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.tmapiroutes.item.ProductRow;

class ProductCsvWriterTest {

    private static final String HEADER = "source,query,item_id,title,title_origin,product_url,image_url,price,sale_price,"
            + "origin_price,currency,moq,sales,sales_90d,sales_30d,repurchase_rate,shop_repurchase_rate,shop_name,"
            + "shop_url,seller_login_id,province,city,free_shipping,ship_in_48h,super_factory,powerful_seller,"
            + "shop_years,shop_score,category_path,category_name,created_time,fetched_at";

    private static ProductRow row() {
        ProductRow row = new ProductRow();
        row.setSource("category-items");
        row.setQuery("1031922");
        row.setItemId("991188728585");
        row.setTitle("2817桃心太阳镜, \"爱心\"太阳眼镜");
        row.setPrice(new BigDecimal("0.60"));
        row.setSales(100000L);
        row.setRepurchaseRate(new BigDecimal("0.60"));
        row.setFreeShipping(false);
        row.setShipIn48h(true);
        row.setShopYears(1);
        row.setCurrency("CNY");
        return row;
    }

    private static String csv(List<ProductRow> rows) {
        return new String(new ProductCsvWriter().toBytes(rows), StandardCharsets.UTF_8);
    }

    private static List<CSVRecord> records(String csv) throws Exception {
        return CSVFormat.RFC4180.parse(new StringReader(csv.substring(1))).getRecords();
    }

    @Test
    void givenRows_whenWritten_thenBomHeaderInContractOrderAndCrlfRecords() {
        String csv = csv(List.of(row()));

        assertThat(csv).startsWith("\uFEFF" + HEADER + "\r\n");
        assertThat(csv).endsWith("\r\n");
    }

    @Test
    void givenTypedValues_whenWritten_thenPlainNumbersBooleansAndQuotedChineseText() throws Exception {
        CSVRecord record = records(csv(List.of(row()))).get(1);

        assertThat(record.get(3)).isEqualTo("2817桃心太阳镜, \"爱心\"太阳眼镜");
        assertThat(record.get(7)).isEqualTo("0.60");
        assertThat(record.get(12)).isEqualTo("100000");
        assertThat(record.get(15)).isEqualTo("0.60");
        assertThat(record.get(22)).isEqualTo("false");
        assertThat(record.get(23)).isEqualTo("true");
        assertThat(record.get(24)).as("unknown boolean stays empty").isEmpty();
        assertThat(record.get(26)).isEqualTo("1");
        assertThat(csv(List.of(row()))).contains("\"2817桃心太阳镜, \"\"爱心\"\"太阳眼镜\"");
    }

    @Test
    void givenTextThatASpreadsheetWouldRun_whenWritten_thenNeutralisedButNumbersLeftAlone() throws Exception {
        ProductRow row = row();
        row.setTitle("=HYPERLINK(\"http://evil\",\"click\")");
        row.setShopName("+86 shop");
        row.setCity("-x");
        row.setCategoryName("@SUM(A1)");
        row.setTitleOrigin("\tcmd");
        row.setPrice(new BigDecimal("-1.5"));

        CSVRecord record = records(csv(List.of(row))).get(1);

        assertThat(record.get(3)).isEqualTo("'=HYPERLINK(\"http://evil\",\"click\")");
        assertThat(record.get(4)).isEqualTo("'\tcmd");
        assertThat(record.get(17)).isEqualTo("'+86 shop");
        assertThat(record.get(21)).isEqualTo("'-x");
        assertThat(record.get(29)).isEqualTo("'@SUM(A1)");
        assertThat(record.get(7)).isEqualTo("-1.5");
    }

    @Test
    void givenColumnsAddedByTransforms_whenWritten_thenAfterTheContractColumns() throws Exception {
        ProductRow a = row();
        a.getExtras().put("retail_price", new BigDecimal("2.40"));
        ProductRow b = row();
        b.getExtras().put("price_USD", new BigDecimal("0.08"));

        List<CSVRecord> records = records(csv(List.of(a, b)));

        assertThat(String.join(",", records.get(0).toList())).isEqualTo(HEADER + ",retail_price,price_USD");
        assertThat(records.get(1).get(32)).isEqualTo("2.40");
        assertThat(records.get(2).get(32)).isEmpty();
        assertThat(records.get(2).get(33)).isEqualTo("0.08");
    }

    @Test
    void givenNoRows_whenWritten_thenHeaderOnly() {
        assertThat(csv(List.of())).isEqualTo("\uFEFF" + HEADER + "\r\n");
    }
}
