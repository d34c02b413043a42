package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The shipped configuration file documents every key of SPEC §4 with its default. (That -D and environment variables
 * override it is proven on the packaged jar, in {@link PackagedJarIT}.)
 */
class ConfigurationTest {

    private static final Map<String, String> DEFAULTS = Map.of(
            "tmapi.base-url", "https://api.tmapi.io",
            "tmapi.timeout-seconds", "60",
            "tmapi.max-concurrency", "3",
            "tmapi.page-size", "20",
            "tmapi.max-pages", "5",
            "tmapi.language", "en",
            "data.dir", "data");

    @Test
    void givenShippedConfig_whenRead_thenEveryKeyHasItsDefaultAndACommentAbove() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("config/application.properties"));

        DEFAULTS.forEach((key, value) -> {
            int index = lines.indexOf(key + " = " + value);
            assertThat(index).as(key + " = " + value).isPositive();
            assertThat(lines.get(index - 1)).as("comment above " + key).startsWith("# ");
        });
        assertThat(lines).contains("tmapi.api-token = {{env:TMAPI_API_TOKEN:}}");
        assertThat(lines).filteredOn(l -> !l.startsWith("#") && !l.isBlank())
                .allSatisfy(l -> assertThat(lines.get(lines.indexOf(l) - 1)).as("comment above " + l).startsWith("#"));
    }
}
