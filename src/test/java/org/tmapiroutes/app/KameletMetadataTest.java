package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped Kamelet carries the metadata of the Kamelet catalog, which tools and the README list: its name, a
 * title a user reads, a description, a title and a description for every property, and defaults as {@code default:}
 * values of the listed ones.
 */
class KameletMetadataTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Path> kamelets() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/kamelets"))) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".kamelet.yaml")).sorted().toList();
            assertThat(all).isNotEmpty();
            return all.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void givenShippedKamelet_whenItsDefinitionIsRead_thenTitlesAndDescriptionsAreThereForItAndEveryProperty(
            Path file) throws Exception {
        JsonNode kamelet = YAML.readTree(file.toFile());
        String name = file.getFileName().toString().replace(".kamelet.yaml", "");
        JsonNode definition = kamelet.at("/spec/definition");

        assertThat(kamelet.at("/metadata/name").asText()).isEqualTo(name);
        assertThat(kamelet.at("/metadata/labels").path("camel.apache.org/kamelet.type").asText()).isEqualTo("action");
        assertThat(definition.path("title").asText()).as(name + " title").isNotBlank().isNotEqualTo(name);
        assertThat(definition.path("description").asText()).as(name + " description").isNotBlank();
        definition.path("properties").fields().forEachRemaining(property -> {
            String where = name + "." + property.getKey();
            assertThat(property.getValue().path("title").asText()).as(where + " title").isNotBlank();
            assertThat(property.getValue().path("description").asText()).as(where + " description").isNotBlank();
            assertThat(property.getValue().path("title").asText()).as(where + " title says no default in words")
                    .doesNotContainIgnoringCase("default");
            JsonNode allowed = property.getValue().path("enum");
            if (property.getValue().has("default") && allowed.isArray()) {
                assertThat(allowed.toString()).as(where + " default is allowed")
                        .contains("\"" + property.getValue().get("default").asText() + "\"");
            }
        });
    }
}
