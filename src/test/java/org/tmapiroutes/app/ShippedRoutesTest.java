package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped route file is valid Camel YAML DSL (checked against the schema camel-yaml-dsl ships, so a broken route
 * fails {@code mvn verify}), and opens with the comment that says what it does, what triggers it and its keys.
 */
class ShippedRoutesTest {

    private static JsonSchema schema;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = YamlRoutesBuilderLoader.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static Stream<Path> routeFiles() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("routes"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void givenShippedRouteFile_whenValidatedAgainstTheYamlDslSchema_thenNoError(Path file) throws Exception {
        JsonNode routes = YAML.readTree(file.toFile());

        Set<ValidationMessage> errors = schema.validate(routes);

        // a {{placeholder}} stands for a number or boolean that Camel resolves when it loads the route
        List<String> real = errors.stream().filter(e -> !isPlaceholderInTypedField(e)).map(Object::toString).toList();
        assertThat(real).as(file + " against camelYamlDsl.json").isEmpty();
    }

    private static boolean isPlaceholderInTypedField(ValidationMessage error) {
        JsonNode value = error.getInstanceNode();
        return value != null && value.isTextual() && value.asText().matches("\\{\\{[^}]+}}")
                && ("type".equals(error.getType()) || "oneOf".equals(error.getType()) || "anyOf".equals(error.getType()));
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void givenShippedRouteFile_whenRead_thenCommentHeaderAndIdMatchTheFileName(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String id = file.getFileName().toString().replace(".camel.yaml", "");

        assertThat(lines.get(0)).as("first line says what it does").startsWith("# " + id + ": ");
        assertThat(lines).as("the header names trigger and keys")
                .anyMatch(l -> l.startsWith("# Trigger:")).anyMatch(l -> l.startsWith("# Keys:"));
        JsonNode first = YAML.readTree(file.toFile()).get(0);
        String definedId = first.has("templatedRoute") ? first.get("templatedRoute").get("routeId").asText()
                : Stream.of("route", "routeConfiguration", "routeTemplate").filter(first::has).findFirst()
                        .map(kind -> first.get(kind).get("id").asText()).orElse(null);
        assertThat(definedId).isEqualTo(id);
        if (id.endsWith("-inbox")) {
            assertThat(lines).filteredOn(l -> l.startsWith("# Trigger:")).as("an inbox reads text, CSV and workbooks")
                    .singleElement().satisfies(trigger -> assertThat(trigger).contains(".txt", ".csv", ".xlsx"));
        }
    }

    /**
     * Camel keeps the steps of the clause that caught an exchange's first failure when a clause without steps catches
     * a later one (a stop, or the spend guard, during a 417's retries): so each clause of tmapi-errors has its own.
     */
    @Test
    void givenTheTmapiErrorPolicy_whenRead_thenEveryClauseHasStepsOfItsOwn() throws Exception {
        JsonNode clauses = YAML.readTree(Path.of("routes", "tmapi-errors.camel.yaml").toFile()).get(0)
                .get("routeConfiguration").get("onException");

        assertThat(clauses).isNotEmpty().allSatisfy(clause -> assertThat(clause.get("onException").path("steps"))
                .as(clause.get("onException").get("id").asText()).isNotEmpty());
    }
}
