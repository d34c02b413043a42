package org.tmapiroutes.app.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lists where a JSON document's shape differs from a docs example: missing or extra keys and different JSON types,
 * each as a path such as {@code data.items[0].shop_info.login_id: expected STRING, got NUMBER}.
 *
 * <p>Array elements are compared with the union of the example's elements, so one example item that lacks an
 * optional key does not hide it. Where the example shows {@code null} any value is accepted, since {@code null} says
 * nothing about the type (also where only some of its elements show {@code null}, such as the last
 * {@code quantity_prices} tier's {@code end_num}); an example's empty array requires an empty array.
 */
final class JsonShapeDifferences {

    private JsonShapeDifferences() {
    }

    static List<String> between(JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        compare("", expected, actual, differences);
        return differences;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isNull()) {
            return;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            differences.add(where(path) + ": expected " + expected.getNodeType() + ", got " + actual.getNodeType());
            return;
        }
        if (expected.isNumber() && expected.isIntegralNumber() != actual.isIntegralNumber()) {
            differences.add(where(path) + ": expected " + numberKind(expected) + ", got " + numberKind(actual));
        } else if (expected.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                JsonNode value = actual.get(key);
                if (value == null) {
                    differences.add(child(path, key) + ": missing");
                } else {
                    compare(child(path, key), expected.get(key), value, differences);
                }
            }
            actual.fieldNames().forEachRemaining(key -> {
                if (!keys.contains(key)) {
                    differences.add(child(path, key) + ": unexpected key");
                }
            });
        } else if (expected.isArray()) {
            if (expected.isEmpty()) {
                if (!actual.isEmpty()) {
                    differences.add(where(path) + ": expected [], got " + actual.size() + " elements");
                }
                return;
            }
            JsonNode element = union(expected);
            for (int i = 0; i < actual.size(); i++) {
                compare(path + "[" + i + "]", element, actual.get(i), differences);
            }
        }
    }

    /**
     * One node whose shape covers every element of the array: objects merge their keys; a value some element shows as
     * {@code null} accepts any value.
     */
    static JsonNode union(Iterable<JsonNode> elements) {
        JsonNode merged = null;
        for (JsonNode element : elements) {
            merged = merge(merged, element);
        }
        return merged == null ? JsonNodeFactory.instance.nullNode() : merged;
    }

    private static JsonNode merge(JsonNode left, JsonNode right) {
        if (left == null) {
            return right;
        }
        if (left.isNull() || right.isNull()) {
            // a scalar the example shows as null somewhere says nothing about its type; a structure keeps its shape
            JsonNode other = left.isNull() ? right : left;
            return other.isContainerNode() ? other : JsonNodeFactory.instance.nullNode();
        }
        if (!left.isObject() || !right.isObject()) {
            return left;
        }
        ObjectNode merged = left.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = right.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            merged.set(field.getKey(), merge(merged.get(field.getKey()), field.getValue()));
        }
        return merged;
    }

    private static String numberKind(JsonNode number) {
        return number.isIntegralNumber() ? "NUMBER (integer)" : "NUMBER (decimal)";
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String where(String path) {
        return path.isEmpty() ? "(root)" : path;
    }
}
