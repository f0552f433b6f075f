package io.kubesim.registry.patch;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON patch (RFC 6902, with the semantics of evanphx/json-patch v4 that kube-apiserver uses): add, remove,
 * replace, move, copy and test on RFC 6901 pointers; {@code -} appends to a list. A malformed document is a 400,
 * an operation that does not apply a 422.
 */
final class JsonPatch {

    /** One operation of the patch. */
    sealed interface Operation permits Add, Remove, Replace, Move, Copy, Test {
    }

    record Add(List<String> path, JsonNode value) implements Operation {
    }

    record Remove(List<String> path) implements Operation {
    }

    record Replace(List<String> path, JsonNode value) implements Operation {
    }

    record Move(List<String> from, List<String> path) implements Operation {
    }

    record Copy(List<String> from, List<String> path) implements Operation {
    }

    record Test(List<String> path, JsonNode value) implements Operation {
    }

    private JsonPatch() {
    }

    /** Decodes the operations ({@code jsonpatch.DecodePatch}); a non-array is a 400. */
    static List<Operation> decode(JsonNode patch) {
        if (!patch.isArray()) {
            String what = patch.isObject() ? "object" : patch.isString() ? "string" : patch.isNumber() ? "number"
                    : patch.isBoolean() ? "bool" : "null";
            throw PatchError.badRequest("json: cannot unmarshal " + what + " into Go value of type jsonpatch.Patch");
        }
        List<Operation> ops = new ArrayList<>();
        for (JsonNode op : patch) {
            ops.add(operation(op));
        }
        return ops;
    }

    private static Operation operation(JsonNode op) {
        if (!op.isObject()) {
            throw PatchError.badRequest("json: cannot unmarshal " + (op.isArray() ? "array" : "string")
                    + " into Go value of type jsonpatch.Operation");
        }
        String kind = op.path("op").isString() ? op.path("op").stringValue() : "Unknown";
        return switch (kind) {
            case "add" -> new Add(pointer(op, "path"), value(op));
            case "remove" -> new Remove(pointer(op, "path"));
            case "replace" -> new Replace(pointer(op, "path"), value(op));
            case "move" -> new Move(pointer(op, "from"), pointer(op, "path"));
            case "copy" -> new Copy(pointer(op, "from"), pointer(op, "path"));
            case "test" -> new Test(pointer(op, "path"), op.get("value"));
            default -> throw PatchError.unprocessable("Unexpected kind: " + kind);
        };
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw PatchError.unprocessable("missing value");
        }
        return op.get("value");
    }

    /** RFC 6901: "/a/b~1c" → [a, b/c]. */
    private static List<String> pointer(JsonNode op, String field) {
        JsonNode p = op.get(field);
        if (p == null || !p.isString()) {
            throw PatchError.unprocessable("operation missing " + field + " field");
        }
        String s = p.stringValue();
        List<String> parts = new ArrayList<>();
        if (s.isEmpty()) {
            return parts;
        }
        if (!s.startsWith("/")) {
            throw PatchError.unprocessable("invalid path: " + s);
        }
        for (String part : s.substring(1).split("/", -1)) {
            parts.add(part.replace("~1", "/").replace("~0", "~"));
        }
        return parts;
    }

    static JsonNode apply(JsonNode doc, List<Operation> ops) {
        JsonNode root = doc;
        for (Operation op : ops) {
            root = switch (op) {
                case Add a -> add(root, a.path(), a.value().deepCopy());
                case Remove r -> {
                    remove(root, r.path());
                    yield root;
                }
                case Replace r -> {
                    remove(root, r.path());
                    yield add(root, r.path(), r.value().deepCopy());
                }
                case Move m -> {
                    JsonNode v = get(root, m.from());
                    remove(root, m.from());
                    yield add(root, m.path(), v);
                }
                case Copy c -> add(root, c.path(), get(root, c.from()).deepCopy());
                case Test t -> {
                    JsonNode v = find(root, t.path());
                    boolean equal = v == null ? t.value() == null || t.value().isNull()
                            : t.value() != null && StrategicMergePatch.scalarEquals(v, t.value());
                    if (!equal) {
                        throw PatchError.unprocessable("testing value " + render(t.path()) + " failed: test failed");
                    }
                    yield root;
                }
            };
        }
        return root;
    }

    private static JsonNode add(JsonNode root, List<String> path, JsonNode value) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = find(root, path.subList(0, path.size() - 1));
        String last = path.getLast();
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if (last.equals("-")) {
                a.add(value);
            } else {
                int i = index(last, a.size() + 1);
                a.insert(i, value);
            }
        } else {
            throw PatchError.unprocessable("add operation does not apply: doc is missing path: \"" + render(path)
                    + "\": missing value");
        }
        return root;
    }

    private static void remove(JsonNode root, List<String> path) {
        JsonNode parent = path.isEmpty() ? null : find(root, path.subList(0, path.size() - 1));
        String last = path.isEmpty() ? "" : path.getLast();
        if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a && !last.equals("-")) {
            a.remove(index(last, a.size()));
        } else {
            throw PatchError.unprocessable("doc is missing path: \"" + render(path) + "\": missing value");
        }
    }

    private static JsonNode get(JsonNode root, List<String> path) {
        JsonNode v = find(root, path);
        if (v == null) {
            throw PatchError.unprocessable("doc is missing from path: \"" + render(path) + "\": missing value");
        }
        return v;
    }

    private static JsonNode find(JsonNode root, List<String> path) {
        JsonNode cur = root;
        for (String part : path) {
            if (cur instanceof ObjectNode o) {
                cur = o.get(part);
            } else if (cur instanceof ArrayNode a) {
                if (!part.matches("[0-9]+") || Integer.parseInt(part) >= a.size()) {
                    return null;
                }
                cur = a.get(Integer.parseInt(part));
            } else {
                return null;
            }
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    private static int index(String part, int limit) {
        if (!part.matches("[0-9]+") || part.length() > 9 || Integer.parseInt(part) >= limit) {
            throw PatchError.unprocessable("Unable to access invalid index: " + part + ": invalid index referenced");
        }
        return Integer.parseInt(part);
    }

    private static String render(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String p : path) {
            sb.append('/').append(p.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }
}
