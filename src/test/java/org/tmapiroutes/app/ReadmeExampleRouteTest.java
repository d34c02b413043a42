package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route the README shows under "Writing your own route" works as written when dropped into routes/. */
class ReadmeExampleRouteTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path routesDir;

    static String exampleFromReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("# cheap-sunglasses-every-hour");
        int end = readme.indexOf("```", start);
        assertThat(start).as("README holds the example").isPositive();
        return readme.substring(start, end);
    }

    @Test
    void givenReadmeExample_whenAddedToARunningBundle_thenItWritesTheCheapestProducts() throws Exception {
        RunningBundle.copyShippedRoutes(routesDir);
        try (RunningBundle bundle = RunningBundle.start(dataDir, routesDir, Map.of())) {
            Files.writeString(routesDir.resolve("cheap-sunglasses-every-hour.camel.yaml"), exampleFromReadme());

            Path folder = dataDir.resolve("outbox/sunglasses");
            Path csv = await().atMost(RunningBundle.PATIENCE).until(() -> RunningBundle.list(folder).stream()
                    .filter(p -> p.getFileName().toString().startsWith("cheap-")).findFirst().orElse(null), p -> p != null);

            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0)).startsWith("\uFEFFsource,query,item_id");
            assertThat(lines).hasSize(41);
            assertThat(bundle.simulator.requests()).hasSize(2)
                    .allSatisfy(r -> assertThat(r.query()).containsEntry("sort", "price_up"));
        }
    }
}
