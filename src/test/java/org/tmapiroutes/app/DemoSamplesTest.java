package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.tmapiroutes.inbox.QueryFileReader;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiEndpoint;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * The demo's sample files, dropped into the real inbox flows against the simulator the demo runs: every query of every
 * sample brings products, so nobody's first look at the product is an empty CSV.
 */
class DemoSamplesTest {

    @TempDir
    static Path dataDir;
    static RunningBundle bundle;

    static final List<String> SAMPLES = DemoMode.SAMPLES;

    @BeforeAll
    static void start() {
        bundle = RunningBundle.start(dataDir);
    }

    @AfterAll
    static void stop() {
        bundle.close();
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void givenDemoSample_whenDroppedIntoItsInbox_thenEveryQueryOfItHasProductsInTheCsv(String sample) throws Exception {
        String folder = sample.substring(0, sample.indexOf('/'));
        // the example of enrichment has a folder of its own for category ids
        String endpointId = folder.equals("category-landed-cost") ? "category-items" : folder;
        String name = sample.substring(sample.indexOf('/') + 1);
        byte[] content;
        try (InputStream in = DemoMode.class.getResourceAsStream("/demo/inbox/" + sample)) {
            content = in.readAllBytes();
        }
        List<TmapiQuery> queries = new QueryFileReader(new QueryValidator(new QueryDefaults(20, 5, "en")))
                .read(TmapiEndpoint.require(endpointId), name, content).queries();

        bundle.drop(folder, name, content);

        assertThat(bundle.awaitArchived(folder, name).getParent().getFileName()).hasToString(".done");
        String base = name.substring(0, name.lastIndexOf('.')) + "-";
        Path csv = bundle.outboxFiles(endpointId).stream().filter(p -> p.getFileName().toString().startsWith(base))
                .findFirst().orElseThrow();
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(RunningBundle.read(csv).substring(1))).getRecords();
        Map<String, Long> rowsPerQuery = rows.stream()
                .collect(Collectors.groupingBy(r -> r.get("query"), Collectors.counting()));
        if (!folder.equals(endpointId)) {
            assertThat(rows.stream().filter(r -> !r.get("landed_unit_cost").isEmpty())).as("enriched").hasSize(20);
        }
        assertThat(queries).isNotEmpty();
        for (TmapiQuery query : queries) {
            // the query column holds the value as the sample gives it (a link where a link is given; empty for none)
            String given = query.asGiven() == null ? "" : query.asGiven();
            assertThat(rowsPerQuery.getOrDefault(given, 0L)).as(query.describe()).isPositive();
        }
    }
}
