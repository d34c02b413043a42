import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tmapiroutes.delivery.ProductCsvWriter;
import org.tmapiroutes.item.ProductNormalizer;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.item.ProductSteps;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * Local pipeline throughput: parse TMAPI pages (category-items shape, from the docs example), normalise every item to
 * the §7 row, keep those at 5 CNY or less, write the §7 CSV. Writes the input for the Python reference too.
 *
 * Arguments: [items=100000] [rounds=5] [input file=bench/out/pages.json]
 */
public class Pipeline {

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path input = Path.of(args.length > 2 ? args[2] : "bench/out/pages.json");
        ObjectMapper json = new ObjectMapper();
        JsonNode example = json.readTree(Path.of("src/test/resources/tmapi/category-items/response-200.json").toFile());

        // pages of 20 items, shaped like the docs example, with varied ids and prices
        ArrayNode pages = json.createArrayNode();
        for (int p = 0; p < items / 20; p++) {
            ObjectNode page = example.deepCopy();
            ArrayNode list = (ArrayNode) page.path("data").path("items");
            ArrayNode filled = json.createArrayNode();
            for (int i = 0; i < 20; i++) {
                ObjectNode item = list.get(i % list.size()).deepCopy();
                int n = p * 20 + i;
                item.put("item_id", 900_000_000_000L + n);
                String price = new BigDecimal(n % 1000).divide(BigDecimal.valueOf(100)).add(BigDecimal.ONE).toPlainString();
                item.put("price", price);
                ((ObjectNode) item.get("price_info")).put("sale_price", price);
                filled.add(item);
            }
            ((ObjectNode) page.get("data")).set("items", filled);
            pages.add(page);
        }
        Files.createDirectories(input.toAbsolutePath().getParent());
        Files.write(input, json.writeValueAsBytes(pages));
        // each page arrives as its own HTTP body, as in the bundle
        List<byte[]> bodies = new ArrayList<>();
        for (JsonNode page : pages) {
            bodies.add(json.writeValueAsBytes(page));
        }
        pages = null;

        ProductNormalizer normalizer = new ProductNormalizer();
        ProductSteps steps = new ProductSteps();
        ProductCsvWriter csv = new ProductCsvWriter();
        double best = 0;
        int kept = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            List<ProductRow> rows = new ArrayList<>(items);
            Instant now = Instant.now();
            for (byte[] body : bodies) {
                JsonNode page = json.readTree(body);
                rows.addAll(normalizer.normalizePage(TmapiEndpoint.CATEGORY_ITEMS, Map.of("cat_id", "1031922"),
                        page.path("data").path("items"), now));
            }
            List<ProductRow> cheap = steps.priceRange(rows, "", "5");
            ByteArrayOutputStream out = new ByteArrayOutputStream(cheap.size() * 400);
            csv.write(cheap, out);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, items / seconds);
            kept = cheap.size();
        }
        System.out.printf(Locale.ROOT, "java     %,10.0f items/s (best of %d rounds, %d items, %d kept)%n", best, rounds,
                items, kept);
    }
}
