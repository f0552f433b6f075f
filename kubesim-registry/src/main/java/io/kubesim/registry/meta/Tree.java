package io.kubesim.registry.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Null-safe access to JSON object trees. Objects reach the registry as JSON; after the decode check
 * ({@link io.kubesim.registry.schema.Decoding}) every known field has its schema type, so these helpers only have to
 * treat absent and {@code null} the same way Go treats a zero value.
 */
public final class Tree {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Tree() {
    }

    public static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    public static boolean has(JsonNode parent, String field) {
        return parent != null && present(parent.get(field));
    }

    /** The child object, or null when absent or not an object. */
    public static ObjectNode obj(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode n = parent.get(field);
        return n instanceof ObjectNode o ? o : null;
    }

    /** The child array, or null when absent or not an array. */
    public static ArrayNode arr(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode n = parent.get(field);
        return n instanceof ArrayNode a ? a : null;
    }

    /** The objects of a child array (absent → empty). */
    public static List<ObjectNode> objects(JsonNode parent, String field) {
        ArrayNode a = arr(parent, field);
        List<ObjectNode> out = new ArrayList<>();
        if (a != null) {
            for (JsonNode n : a) {
                if (n instanceof ObjectNode o) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** The strings of a child array (absent → empty). */
    public static List<String> strings(JsonNode parent, String field) {
        ArrayNode a = arr(parent, field);
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (JsonNode n : a) {
                out.add(n.isString() ? n.stringValue() : n.toString());
            }
        }
        return out;
    }

    /** A string field; absent, null or a non-string → "" (Go's zero value). */
    public static String str(JsonNode parent, String field) {
        if (parent == null) {
            return "";
        }
        JsonNode n = parent.get(field);
        return n != null && n.isString() ? n.stringValue() : "";
    }

    /** A numeric field, or null when absent (a Go pointer). */
    public static Long lng(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode n = parent.get(field);
        return n != null && n.isNumber() ? n.asLong() : null;
    }

    /** A numeric field with Go's zero value for absent. */
    public static long lng0(JsonNode parent, String field) {
        Long v = lng(parent, field);
        return v == null ? 0 : v;
    }

    /** A boolean field, or null when absent. */
    public static Boolean bool(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode n = parent.get(field);
        return n != null && n.isBoolean() ? n.booleanValue() : null;
    }

    public static boolean isTrue(JsonNode parent, String field) {
        return Boolean.TRUE.equals(bool(parent, field));
    }

    /** A string map in key order (absent → empty). */
    public static Map<String, String> stringMap(JsonNode parent, String field) {
        Map<String, String> out = new TreeMap<>();
        ObjectNode o = obj(parent, field);
        if (o != null) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                JsonNode v = e.getValue();
                out.put(e.getKey(), v.isString() ? v.stringValue() : v.isNull() ? "" : v.toString());
            }
        }
        return out;
    }

    /** The child object, created when absent. */
    public static ObjectNode ensureObj(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    /** The child array, created when absent. */
    public static ArrayNode ensureArr(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ArrayNode a) {
            return a;
        }
        return parent.putArray(field);
    }

    public static ObjectNode metadata(JsonNode object) {
        ObjectNode m = obj(object, "metadata");
        return m == null ? NODES.objectNode() : m;
    }

    public static String name(JsonNode object) {
        return str(obj(object, "metadata"), "name");
    }

    public static String namespace(JsonNode object) {
        return str(obj(object, "metadata"), "namespace");
    }

    /**
     * Semantic equality as apimachinery's {@code equality.Semantic.DeepEqual}: absent, {@code null} and empty
     * values (empty string, empty list, empty map, false) are the same, numbers compare by value.
     */
    public static boolean semanticEqual(JsonNode a, JsonNode b) {
        return normalize(a).equals(normalize(b));
    }

    /** The value with empty members removed and numbers widened; null for an empty value. */
    public static JsonNode normalize(JsonNode node) {
        if (!present(node)) {
            return NODES.nullNode();
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : new TreeMap<>(toMap(node)).entrySet()) {
                JsonNode v = normalize(e.getValue());
                if (!v.isNull()) {
                    out.set(e.getKey(), v);
                }
            }
            return out.isEmpty() ? NODES.nullNode() : out;
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                return NODES.nullNode();
            }
            ArrayNode out = NODES.arrayNode();
            for (JsonNode v : node) {
                out.add(normalize(v));
            }
            return out;
        }
        if (node.isString() && node.stringValue().isEmpty()) {
            return NODES.nullNode();
        }
        if (node.isBoolean() && !node.booleanValue()) {
            return NODES.nullNode();
        }
        if (node.isNumber()) {
            return NODES.numberNode(node.decimalValue().stripTrailingZeros());
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(JsonNode node) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }
}
