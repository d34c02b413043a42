package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each endpoint's Kamelet ({@code tmapi-<id>-action}) offers exactly the parameters of the endpoint catalog, with the
 * catalog's types, allowed values and defaults, and passes every one of them on: the two can never disagree.
 */
class EndpointKameletsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Defaults the product takes from its configuration rather than from the docs. */
    private static final List<String> CONFIGURED_DEFAULTS = List.of("page_size", "language");

    private static JsonNode kamelet(TmapiEndpoint endpoint) throws Exception {
        try (InputStream in = EndpointKameletsTest.class.getResourceAsStream(
                "/kamelets/tmapi-" + endpoint.id() + "-action.kamelet.yaml")) {
            assertThat(in).as("a Kamelet for " + endpoint.id()).isNotNull();
            return YAML.readTree(in);
        }
    }

    private static String camelCase(String name) {
        Matcher m = Pattern.compile("_(\\w)").matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group(1).toUpperCase());
        }
        return m.appendTail(out).toString();
    }

    private static String jsonType(ParameterSpec.Type type) {
        return switch (type) {
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case DECIMAL -> "number";
            case STRING, LINK -> "string";
            // an id or the item's link
            case ITEM_ID -> "string";
        };
    }

    /** The catalog's parameters plus the two the product adds, by Kamelet property name. */
    private static Map<String, ParameterSpec> expected(TmapiEndpoint endpoint) {
        Map<String, ParameterSpec> expected = new LinkedHashMap<>();
        endpoint.parameters().forEach(p -> expected.put(camelCase(p.name()), p));
        expected.put("maxPages", ParameterSpec.optional(QueryValidator.MAX_PAGES, ParameterSpec.Type.INTEGER));
        expected.put("maxItems", ParameterSpec.optional(QueryValidator.MAX_ITEMS, ParameterSpec.Type.INTEGER));
        return expected;
    }

    @ParameterizedTest
    @EnumSource(TmapiEndpoint.class)
    void givenEndpointKamelet_whenComparedWithTheCatalog_thenSameParametersTypesEnumsAndDefaults(TmapiEndpoint endpoint)
            throws Exception {
        JsonNode definition = kamelet(endpoint).at("/spec/definition");
        JsonNode properties = definition.get("properties");
        Map<String, ParameterSpec> expected = expected(endpoint);

        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(definition.get("required")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(endpoint.parameters().stream().filter(ParameterSpec::required)
                        .map(p -> camelCase(p.name())).toList());
        assertThat(definition.get("title").asText()).isNotBlank();
        expected.forEach((name, spec) -> {
            JsonNode property = properties.get(name);
            assertThat(property.path("title").asText()).as(name + " title").isNotBlank();
            assertThat(property.path("description").asText()).as(name + " description").isNotBlank();
            assertThat(property.path("type").asText()).as(name + " type").isEqualTo(jsonType(spec.type()));
            List<String> allowed = new ArrayList<>();
            property.path("enum").forEach(v -> allowed.add(v.asText()));
            assertThat(allowed).as(name + " enum").isEqualTo(spec.allowedValues());
            String documented = CONFIGURED_DEFAULTS.contains(spec.name()) ? null : spec.defaultValue();
            assertThat(property.has("default") ? property.get("default").asText() : null).as(name + " default")
                    .isEqualTo(documented);
        });
    }

    @ParameterizedTest
    @EnumSource(TmapiEndpoint.class)
    void givenEndpointKamelet_whenItsTemplateIsRead_thenEveryParameterIsPassedOnUnderItsTmapiName(
            TmapiEndpoint endpoint) throws Exception {
        String template = YAML.writeValueAsString(kamelet(endpoint).at("/spec/template"));

        for (Map.Entry<String, ParameterSpec> entry : expected(endpoint).entrySet()) {
            assertThat(template).as(entry.getKey()).contains(entry.getValue().name() + "={{?" + entry.getKey() + "}}");
        }
        assertThat(template).contains("build('" + endpoint.id() + "'");
    }
}
