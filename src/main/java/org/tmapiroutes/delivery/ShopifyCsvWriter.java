package org.tmapiroutes.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.tmapiroutes.item.ItemEnrichment;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.item.SourcingRecords;

/**
 * Writes products as a CSV for Shopify's product import (SPEC §17), following Shopify's current published product
 * CSV template (product_template.csv, 57 columns, {@code Title, URL handle, Description, …}) exactly: one line per
 * variant with the product's fields on its first line only, up to three options from the SKU properties, the other
 * pictures as lines of their own, prices through {@link ShopifyPrices}, every product a draft for the merchant to
 * review. UTF-8 without a BOM. Rows are read as they come: an item's rows follow one another (a SKU row each, or one
 * row for a product without SKUs).
 */
public final class ShopifyCsvWriter {

    /** Shopify's current product CSV template, its columns in order. */
    public static final List<String> COLUMNS = List.of("Title", "URL handle", "Description", "Vendor",
            "Product category", "Type", "Tags", "Published on online store", "Status", "SKU", "Barcode",
            "Option1 name", "Option1 value", "Option1 Linked To", "Option2 name", "Option2 value", "Option2 Linked To",
            "Option3 name", "Option3 value", "Option3 Linked To", "Price", "Compare-at price", "Cost per item",
            "Charge tax", "Tax code", "Unit price total measure", "Unit price total measure unit",
            "Unit price base measure", "Unit price base measure unit", "Inventory tracker", "Inventory quantity",
            "Continue selling when out of stock", "Weight value (grams)", "Weight unit for display",
            "Requires shipping", "Fulfillment service", "Product image URL", "Image position", "Image alt text",
            "Variant image URL", "Gift card", "SEO title", "SEO description",
            "Color (product.metafields.shopify.color-pattern)", "Google Shopping / Google product category",
            "Google Shopping / Gender", "Google Shopping / Age group",
            "Google Shopping / Manufacturer part number (MPN)", "Google Shopping / Ad group name",
            "Google Shopping / Ads labels", "Google Shopping / Condition", "Google Shopping / Custom product",
            "Google Shopping / Custom label 0", "Google Shopping / Custom label 1", "Google Shopping / Custom label 2",
            "Google Shopping / Custom label 3", "Google Shopping / Custom label 4");

    /** Shopify takes three options; more option kinds are joined into the third. */
    static final int MOST_OPTIONS = 3;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.MINIMAL)
            .setRecordSeparator("\r\n").get();

    private final ShopifyPrices prices;
    private final String vendor;

    /**
     * @param prices the price rule
     * @param vendor {@code shopify.vendor}, or {@code null} for each product's shop name
     */
    public ShopifyCsvWriter(ShopifyPrices prices, String vendor) {
        this.prices = prices;
        this.vendor = vendor == null || vendor.isBlank() ? null : vendor.strip();
    }

    /** What the export had to say about a product: more than three option kinds joined into the third. */
    public record Note(String itemId, String text) {
    }

    /**
     * Writes the products; an item's description pictures are its {@code description_images} (the description step's).
     *
     * @param tags  tags every product gets (the flow it came from)
     * @param notes told of each product whose options were joined
     * @return how many products were written
     */
    public int write(Iterable<ProductRow> rows, List<String> tags, Consumer<Note> notes, OutputStream out) {
        try {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(writer, FORMAT);
            printer.printRecord(COLUMNS);
            Set<String> written = new HashSet<>();
            List<ProductRow> item = new ArrayList<>();
            int products = 0;
            for (ProductRow row : rows) {
                if (row.getItemId() == null) {
                    continue;
                }
                if (!item.isEmpty() && !item.get(0).getItemId().equals(row.getItemId())) {
                    products += product(item, tags, written, notes, printer);
                    item.clear();
                }
                item.add(row);
            }
            if (!item.isEmpty()) {
                products += product(item, tags, written, notes, printer);
            }
            printer.flush();
            return products;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handle of an item: lowercase letters, digits and dashes, the same for the item every time. */
    static String handle(String itemId) {
        return "1688-" + itemId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** One product's lines; none for an item already written in this file (Shopify would merge the two). */
    private int product(List<ProductRow> skus, List<String> tags, Set<String> written, Consumer<Note> notes,
            CSVPrinter printer) throws IOException {
        ProductRow first = skus.get(0);
        String itemId = first.getItemId();
        if (!written.add(itemId)) {
            return 0;
        }
        String handle = handle(itemId);
        Options options = Options.of(skus);
        if (options.joined()) {
            notes.accept(new Note(itemId, "item " + itemId + " has " + options.kinds().size() + " option kinds ("
                    + String.join(", ", options.kinds()) + "); Shopify takes 3, so the 3rd option, '"
                    + options.names().get(MOST_OPTIONS - 1) + "', holds the others joined"));
        }
        Set<String> combinations = new HashSet<>();
        List<String> pictures = pictures(first);
        for (int i = 0; i < skus.size(); i++) {
            ProductRow sku = skus.get(i);
            Map<String, String> line = new LinkedHashMap<>();
            line.put("URL handle", handle);
            if (i == 0) {
                productFields(line, first, tags);
                for (int o = 0; o < options.names().size(); o++) {
                    line.put("Option" + (o + 1) + " name", text(options.names().get(o)));
                }
                if (!pictures.isEmpty()) {
                    line.put("Product image URL", pictures.get(0));
                    line.put("Image position", "1");
                    line.put("Image alt text", text(first.getTitle()));
                }
            }
            List<String> values = options.values(sku);
            String skuId = field(sku, "sku_id");
            if (!combinations.add(String.join("\u0000", values))) {
                // two SKUs alike in every option: Shopify refuses the second, so it says which SKU it is
                values = new ArrayList<>(values);
                values.set(values.size() - 1, values.get(values.size() - 1) + " (" + skuId + ")");
            }
            for (int o = 0; o < values.size(); o++) {
                line.put("Option" + (o + 1) + " value", text(values.get(o)));
            }
            variantFields(line, itemId, skuId, sku);
            printer.printRecord(COLUMNS.stream().map(c -> line.getOrDefault(c, "")).toList());
        }
        for (int p = 1; p < pictures.size(); p++) {
            Map<String, String> line = Map.of("URL handle", handle, "Product image URL", pictures.get(p),
                    "Image position", String.valueOf(p + 1), "Image alt text", text(first.getTitle()));
            printer.printRecord(COLUMNS.stream().map(c -> line.getOrDefault(c, "")).toList());
        }
        return 1;
    }

    private void productFields(Map<String, String> line, ProductRow first, List<String> flowTags) {
        line.put("Title", text(first.getTitle() == null ? "1688 item " + first.getItemId() : first.getTitle()));
        Object pictures = first.getExtras().get(ItemEnrichment.DESCRIPTION_COLUMN);
        line.put("Description", description(pictures == null ? List.of()
                : List.of(pictures.toString().strip().split("\\s+"))));
        String shop = vendor != null ? vendor : first.getShopName();
        // Shopify wants a vendor of two characters or more
        line.put("Vendor", text(shop == null || shop.strip().length() < 2 ? "1688" : shop.strip()));
        List<String> tags = new ArrayList<>();
        tags.add("1688");
        String category = field(first, "category_id");
        if (!category.isEmpty()) {
            tags.add("1688-category-" + category);
        }
        tags.addAll(flowTags);
        line.put("Tags", text(String.join(", ", tags)));
        // a merchant reviews every product before it is sold
        line.put("Published on online store", "FALSE");
        line.put("Status", "draft");
        line.put("Gift card", "FALSE");
    }

    private void variantFields(Map<String, String> line, String itemId, String skuId, ProductRow sku) {
        line.put("SKU", skuId.isEmpty() ? "1688-" + itemId : "1688-" + itemId + "-" + skuId);
        BigDecimal cost = SourcingRecords.number(sku, "sku_price");
        if (cost == null) {
            cost = sku.getPrice();
        }
        BigDecimal price = prices.price(cost);
        line.put("Price", plain(price));
        BigDecimal listPrice = prices.price(SourcingRecords.number(sku, "sku_list_price"));
        if (listPrice != null && price != null && listPrice.compareTo(price) > 0) {
            line.put("Compare-at price", plain(listPrice));
        }
        line.put("Cost per item", plain(cost == null ? null : prices.cost(cost)));
        line.put("Charge tax", "TRUE");
        Long stock = SourcingRecords.stock(sku);
        line.put("Inventory tracker", "shopify");
        line.put("Inventory quantity", stock == null ? "0" : String.valueOf(stock));
        line.put("Continue selling when out of stock", "DENY");
        BigDecimal kg = SourcingRecords.number(sku, "sku_weight_kg");
        if (kg != null && kg.signum() > 0) {
            line.put("Weight value (grams)", kg.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.HALF_UP)
                    .toPlainString());
        }
        line.put("Weight unit for display", "g");
        line.put("Requires shipping", "TRUE");
        line.put("Fulfillment service", "manual");
        String picture = field(sku, "sku_image_url");
        if (picture.startsWith("https://") || picture.startsWith("http://")) {
            line.put("Variant image URL", picture);
        }
    }

    /** The description pictures as HTML: a paragraph of each picture, nothing else. */
    static String description(List<String> pictures) {
        StringBuilder html = new StringBuilder();
        for (String picture : pictures == null ? List.<String>of() : pictures) {
            String url = ReportSummary.safeUrl(picture);
            if (url != null) {
                html.append("<p><img src=\"").append(escape(url)).append("\"></p>");
            }
        }
        return html.toString();
    }

    /** The product's pictures: all of the item's, else its one picture. */
    private static List<String> pictures(ProductRow first) {
        List<String> pictures = new ArrayList<>();
        Object all = first.getFields().get("image_urls");
        if (all instanceof Collection<?> urls) {
            urls.forEach(u -> {
                String url = ReportSummary.safeUrl(u == null ? null : u.toString());
                if (url != null && !pictures.contains(url)) {
                    pictures.add(url);
                }
            });
        }
        String main = ReportSummary.safeUrl(first.getImageUrl());
        if (pictures.isEmpty() && main != null) {
            pictures.add(main);
        }
        return pictures;
    }

    /** The option kinds of an item's SKUs ({@code 颜色:白色;尺码:L}), at most three, the others joined in the third. */
    private record Options(List<String> kinds, List<String> names) {

        static Options of(List<ProductRow> skus) {
            List<String> kinds = new ArrayList<>();
            for (ProductRow sku : skus) {
                pairs(sku).keySet().forEach(kind -> {
                    if (!kinds.contains(kind)) {
                        kinds.add(kind);
                    }
                });
            }
            if (kinds.isEmpty()) {
                return new Options(List.of(), List.of("Title"));
            }
            List<String> names = new ArrayList<>(kinds.subList(0, Math.min(kinds.size(), MOST_OPTIONS - 1)));
            if (kinds.size() >= MOST_OPTIONS) {
                names.add(String.join(" / ", kinds.subList(MOST_OPTIONS - 1, kinds.size())));
            }
            return new Options(List.copyOf(kinds), List.copyOf(names));
        }

        boolean joined() {
            return kinds.size() > MOST_OPTIONS;
        }

        List<String> values(ProductRow sku) {
            if (kinds.isEmpty()) {
                return List.of("Default Title");
            }
            Map<String, String> pairs = pairs(sku);
            List<String> values = new ArrayList<>();
            for (int k = 0; k < kinds.size(); k++) {
                String value = pairs.getOrDefault(kinds.get(k), "-");
                if (k < MOST_OPTIONS) {
                    values.add(value);
                } else {
                    values.set(MOST_OPTIONS - 1, values.get(MOST_OPTIONS - 1) + " / " + value);
                }
            }
            return values;
        }

        /** {@code 颜色:白色豹纹;尺码:L} as kind to value, in order. */
        private static Map<String, String> pairs(ProductRow sku) {
            Map<String, String> pairs = new LinkedHashMap<>();
            String names = field(sku, "sku_name");
            for (String pair : names.split(";")) {
                int colon = pair.indexOf(':');
                if (colon > 0 && colon < pair.length() - 1) {
                    pairs.putIfAbsent(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
                } else if (!pair.isBlank()) {
                    pairs.putIfAbsent("Option", pair.strip());
                }
            }
            return pairs;
        }
    }

    private static String field(ProductRow row, String name) {
        Object value = row.getFields().get(name);
        return value == null ? "" : value.toString().strip();
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * A text cell as Shopify shows it, guarded for a spreadsheet: a text that a spreadsheet would run as a formula
     * ({@code =…}, {@code +…}, {@code -…}, {@code @…}) starts with a space, which Shopify trims on import.
     */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        String text = value.replace('\r', ' ').replace('\n', ' ');
        return !text.isEmpty() && "=+-@\t".indexOf(text.charAt(0)) >= 0 ? " " + text : text;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
