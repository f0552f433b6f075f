package io.kubesim.state.audit;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The change between two versions of an object as an RFC 6902 JSON Patch ({@code add}, {@code remove},
 * {@code replace} on RFC 6901 pointers): applying the patch to the older version gives the newer one. Objects are
 * compared field by field (removals first, then additions and changes in the newer version's field order); arrays
 * element by element over their common length, then elements appended ({@code add} at increasing indexes) or
 * dropped ({@code remove} from the end backwards), so a condition appended to {@code status.conditions} is one
 * {@code add}, not a replacement of the whole list. Values of different types are one {@code replace}.
 */
final class JsonDiff {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonDiff() {
    }

    /** The patch from {@code before} to {@code after}; empty when they are equal. */
    static ArrayNode diff(JsonNode before, JsonNode after) {
        ArrayNode ops = NODES.arrayNode();
        diff("", before, after, ops);
        return ops;
    }

    /** The patch that creates {@code object} from nothing: one {@code add} of the whole document. */
    static ArrayNode whole(JsonNode object) {
        ArrayNode ops = NODES.arrayNode();
        ops.addObject().put("op", "add").put("path", "").set("value", object);
        return ops;
    }

    private static void diff(String path, JsonNode a, JsonNode b, ArrayNode ops) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!b.has(e.getKey())) {
                    ops.addObject().put("op", "remove").put("path", path + "/" + escape(e.getKey()));
                }
            }
            for (Map.Entry<String, JsonNode> e : b.properties()) {
                String child = path + "/" + escape(e.getKey());
                JsonNode old = a.get(e.getKey());
                if (old == null) {
                    ops.addObject().put("op", "add").put("path", child).set("value", e.getValue());
                } else {
                    diff(child, old, e.getValue(), ops);
                }
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                diff(path + "/" + i, a.get(i), b.get(i), ops);
            }
            for (int i = common; i < b.size(); i++) {
                ops.addObject().put("op", "add").put("path", path + "/" + i).set("value", b.get(i));
            }
            for (int i = a.size() - 1; i >= common; i--) {
                ops.addObject().put("op", "remove").put("path", path + "/" + i);
            }
            return;
        }
        ops.addObject().put("op", "replace").put("path", path).set("value", b);
    }

    /** RFC 6901: {@code ~} → {@code ~0}, {@code /} → {@code ~1}. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
