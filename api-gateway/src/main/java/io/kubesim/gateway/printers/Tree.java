package io.kubesim.gateway.printers;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * Null-safe reading of stored objects as JSON trees, with Go's zero values for absent fields: the printers read the
 * trees the gateway stores instead of converting thousands of objects to fabric8 types per list.
 */
final class Tree {

    private Tree() {
    }

    /** The node at {@code path} below {@code node}, a missing node if any step is absent. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            current = current.path(step);
        }
        return current;
    }

    /** The string at {@code path}, empty when absent or not a string. */
    static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isString() ? value.stringValue() : "";
    }

    /** The integer at {@code path}, 0 when absent. */
    static long number(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isNumber() ? value.longValue() : 0;
    }

    static boolean flag(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isBoolean() && value.booleanValue();
    }

    static boolean present(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return !value.isMissingNode() && !value.isNull();
    }

    /** The elements of the array at {@code path}, empty when absent. */
    static List<JsonNode> items(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        List<JsonNode> out = new ArrayList<>();
        if (value.isArray()) {
            value.values().forEach(out::add);
        }
        return out;
    }

    /** The string map at {@code path} sorted by key, empty when absent. */
    static Map<String, String> stringMap(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        Map<String, String> out = new TreeMap<>();
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                out.put(entry.getKey(), entry.getValue().isString() ? entry.getValue().stringValue() : "");
            }
        }
        return out;
    }

    /** The number of properties of the object at {@code path}. */
    static int size(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isObject() || value.isArray() ? value.size() : 0;
    }

    /** A {@code Time} or {@code MicroTime} at {@code path}, null when absent or unreadable (Go's zero time). */
    static Instant time(JsonNode node, String... path) {
        String text = text(node, path);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An {@code IntOrString} as Go's {@code IntOrString.String()} prints it; null when absent. */
    static String intOrString(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (value.isNumber()) {
            return Long.toString(value.longValue());
        }
        return value.isString() ? value.stringValue() : null;
    }
}
