package io.kubesim.registry.patch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.schema.SchemaType;

/**
 * Strategic merge patch (staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go, {@code mergeMap} with
 * MergeParallelList and IgnoreUnmatchedNulls): maps merge key by key and {@code null} deletes; lists replace unless
 * their field carries {@code patchStrategy:"merge"}, in which case scalar lists are unioned and lists of maps are
 * merged by the merge key, new items going before the untouched ones as upstream orders them. Directives:
 * {@code $patch: replace|delete} in maps, {@code {"$patch": "delete"|"replace"}} items in merged lists,
 * {@code $retainKeys}, {@code $setElementOrder/<field>} and {@code $deleteFromPrimitiveList/<field>}.
 */
final class StrategicMergePatch {

    private static final String DIRECTIVE = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

    static final String ERR_RETAIN_KEYS = "invalid patch format of retainKeys";
    static final String ERR_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";
    static final String ERR_PRIMITIVE_LIST = "invalid patch format of primitive list";
    static final String ERR_LIST_OF_LISTS = "lists of lists are not supported";

    private StrategicMergePatch() {
    }

    /** Applies {@code patch} to {@code original}; both are consumed. */
    static ObjectNode apply(ObjectNode original, ObjectNode patch, SchemaType type) {
        return mergeMap(original, patch, type);
    }

    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, SchemaType type) {
        if (patch.has(DIRECTIVE)) {
            JsonNode directive = patch.get(DIRECTIVE);
            String d = directive.isString() ? directive.stringValue() : GoFormat.value(directive);
            if (d.equals("replace")) {
                patch.remove(DIRECTIVE);
                return patch;
            }
            if (d.equals("delete")) {
                return Tree.NODES.objectNode();
            }
            throw PatchError.badRequest("unknown patch type: " + d + " in map: " + GoFormat.value(patch));
        }
        ObjectNode orig = original == null ? Tree.NODES.objectNode() : original;
        retainKeys(orig, patch);
        setElementOrder(orig, patch, type);
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        patch.properties().forEach(e -> entries.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            String key = e.getKey();
            JsonNode patchValue = e.getValue();
            boolean deleteList = false;
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                key = extractKey(key, DELETE_FROM_PRIMITIVE_LIST, ERR_PRIMITIVE_LIST);
                deleteList = true;
            }
            if (patchValue == null || patchValue.isNull()) {
                orig.remove(key);
                continue;
            }
            JsonNode originalValue = orig.get(key);
            if (originalValue == null) {
                orig.set(key, patchValue);
                continue;
            }
            if (kind(originalValue) != kind(patchValue)) {
                orig.set(key, patchValue);
                continue;
            }
            Field field = lookup(type, key);
            if (originalValue.isObject()) {
                orig.set(key, mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, field.type()));
            } else if (originalValue.isArray()) {
                orig.set(key, field.meta().merge()
                        ? mergeSlice((ArrayNode) originalValue, (ArrayNode) patchValue, element(field.type()),
                                field.meta().mergeKey(), deleteList)
                        : patchValue);
            } else {
                orig.set(key, patchValue);
            }
        }
        return orig;
    }

    private record Field(SchemaType type, PatchStrategies.Meta meta) {
    }

    /** {@code LookupPatchMetadata}: the field's schema and strategy; unknown fields merge generically. */
    private static Field lookup(SchemaType type, String key) {
        if (type instanceof SchemaType.Struct s) {
            SchemaType ft = s.fields().get(key);
            return new Field(ft == null ? new SchemaType.Any() : ft, PatchStrategies.of(s.structName(), key));
        }
        if (type instanceof SchemaType.MapOf m) {
            return new Field(m.value(), PatchStrategies.Meta.NONE);
        }
        return new Field(new SchemaType.Any(), PatchStrategies.Meta.NONE);
    }

    private static SchemaType element(SchemaType listType) {
        return listType instanceof SchemaType.ListOf l ? l.element() : new SchemaType.Any();
    }

    private enum JsonKind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    private static JsonKind kind(JsonNode n) {
        if (n.isObject()) {
            return JsonKind.OBJECT;
        }
        if (n.isArray()) {
            return JsonKind.ARRAY;
        }
        if (n.isString()) {
            return JsonKind.STRING;
        }
        if (n.isNumber()) {
            return JsonKind.NUMBER;
        }
        return n.isBoolean() ? JsonKind.BOOLEAN : JsonKind.NULL;
    }

    private static String extractKey(String key, String prefix, String error) {
        String[] parts = key.split("/", 2);
        if (parts.length <= 1 || !parts[0].equals(prefix)) {
            throw PatchError.badRequest(error);
        }
        return parts[1];
    }

    /** {@code applyRetainKeysDirective}. */
    private static void retainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw PatchError.badRequest(ERR_RETAIN_KEYS);
        }
        Set<String> keep = new HashSet<>();
        retain.forEach(v -> keep.add(v.isString() ? v.stringValue() : v.toString()));
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            if (e.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (!keep.contains(k)) {
                throw PatchError.badRequest(ERR_RETAIN_KEYS);
            }
        }
        List<String> drop = new ArrayList<>();
        original.propertyNames().forEach(k -> {
            if (!keep.contains(k)) {
                drop.add(k);
            }
        });
        original.remove(drop);
    }

    /** {@code mergePatchIntoOriginal}: merges each list named by a {@code $setElementOrder/<field>} and orders it. */
    private static void setElementOrder(ObjectNode original, ObjectNode patch, SchemaType type) {
        List<String> keys = new ArrayList<>();
        patch.propertyNames().forEach(k -> {
            if (k.startsWith(SET_ELEMENT_ORDER)) {
                keys.add(k);
            }
        });
        for (String key : keys) {
            JsonNode order = patch.remove(key);
            if (!order.isArray()) {
                throw PatchError.badRequest("expected a []interface {}, but received a " + goType(order));
            }
            String field = extractKey(key, SET_ELEMENT_ORDER, ERR_SET_ELEMENT_ORDER);
            JsonNode originalList = original.get(field);
            JsonNode patchList = patch.get(field);
            if (originalList != null && !originalList.isArray()) {
                throw PatchError.badRequest("expected a []interface {}, but received a " + goType(originalList));
            }
            if (patchList != null && !patchList.isArray()) {
                throw PatchError.badRequest("expected a []interface {}, but received a " + goType(patchList));
            }
            Field meta = lookup(type, field);
            String mergeKey = meta.meta().mergeKey();
            validateSetOrder(patchList, order, mergeKey);
            List<JsonNode> merged;
            if (originalList != null && patchList == null) {
                merged = list(originalList);
            } else if (originalList == null && patchList != null) {
                merged = list(patchList);
            } else if (originalList != null) {
                merged = meta.meta().merge()
                        ? list(mergeSlice((ArrayNode) originalList, (ArrayNode) patchList, element(meta.type()),
                                mergeKey, false))
                        : list(patchList);
            } else {
                continue;
            }
            List<JsonNode> orderList = list(order);
            List<JsonNode> patchItems = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            partition(merged, orderList, mergeKey, patchItems, serverOnly);
            boolean maps = merged.stream().anyMatch(JsonNode::isObject);
            List<JsonNode> both = normalizeElementOrder(patchItems, serverOnly, orderList,
                    originalList == null ? List.of() : list(originalList), mergeKey, maps);
            ArrayNode out = Tree.NODES.arrayNode();
            both.forEach(out::add);
            original.set(field, out);
            patch.remove(field);
        }
    }

    /** {@code validatePatchWithSetOrderList}: patch items must appear in the order list, in its order. */
    private static void validateSetOrder(JsonNode patchList, JsonNode order, String mergeKey) {
        if (patchList == null || order.isEmpty() || patchList.isEmpty()) {
            return;
        }
        List<JsonNode> nonDelete = new ArrayList<>();
        for (JsonNode item : patchList) {
            if (!(mergeKey.length() > 0 && item.isObject() && "delete".equals(Tree.str(item, DIRECTIVE)))) {
                nonDelete.add(item);
            }
        }
        int pi = 0;
        int oi = 0;
        while (pi < nonDelete.size() && oi < order.size()) {
            JsonNode item = nonDelete.get(pi);
            if (item.isObject() && item.has(DIRECTIVE)) {
                pi++;
                continue;
            }
            if (keyEquals(item, order.get(oi), mergeKey)) {
                pi++;
            }
            oi++;
        }
        if (pi < nonDelete.size() && oi >= order.size()) {
            throw PatchError.badRequest("The order in patch list:\n" + GoFormat.value(patchList) + "\n doesn't match "
                    + SET_ELEMENT_ORDER + " list:\n" + GoFormat.value(order) + "\n");
        }
    }

    private static boolean keyEquals(JsonNode left, JsonNode right, String mergeKey) {
        if (mergeKey.isEmpty()) {
            return scalarEquals(left, right);
        }
        if (!left.isObject()) {
            throw PatchError.badRequest("expected a map[string]interface {}, but received a " + goType(left));
        }
        if (!right.isObject()) {
            throw PatchError.badRequest("expected a map[string]interface {}, but received a " + goType(right));
        }
        requireKey(left, mergeKey);
        requireKey(right, mergeKey);
        return scalarEquals(left.get(mergeKey), right.get(mergeKey));
    }

    /** {@code mergeSlice}. */
    private static ArrayNode mergeSlice(ArrayNode original, ArrayNode patch, SchemaType elemType, String mergeKey,
            boolean deleteList) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        JsonKind elementKind = elementKind(original, patch);
        List<JsonNode> orig = list(original);
        List<JsonNode> patchItems = list(patch);
        List<JsonNode> merged;
        boolean maps = elementKind == JsonKind.OBJECT;
        if (!maps) {
            if (deleteList) {
                List<JsonNode> kept = new ArrayList<>();
                for (JsonNode v : orig) {
                    if (patchItems.stream().noneMatch(d -> scalarEquals(d, v))) {
                        kept.add(v);
                    }
                }
                return array(kept);
            }
            List<JsonNode> both = new ArrayList<>(orig);
            both.addAll(patchItems);
            merged = deduplicate(both);
        } else {
            if (mergeKey.isEmpty()) {
                throw PatchError.badRequest("cannot merge lists without merge key for type struct");
            }
            List<JsonNode> withoutSpecial = new ArrayList<>();
            boolean replace = false;
            for (JsonNode v : patchItems) {
                if (!v.has(DIRECTIVE)) {
                    withoutSpecial.add(v);
                    continue;
                }
                String d = v.get(DIRECTIVE).isString() ? v.get(DIRECTIVE).stringValue() : GoFormat.value(v.get(DIRECTIVE));
                switch (d) {
                    case "delete" -> {
                        requireKey(v, mergeKey);
                        JsonNode value = v.get(mergeKey);
                        orig.removeIf(o -> o.isObject() && scalarEquals(o.get(mergeKey), value));
                    }
                    case "replace" -> replace = true;
                    case "merge" -> throw PatchError.badRequest("merging lists cannot yet be specified in the patch");
                    default -> throw PatchError.badRequest("unknown patch type: " + d + " in map: "
                            + GoFormat.value(v));
                }
            }
            if (replace) {
                orig = withoutSpecial;
                patchItems = List.of();
            } else {
                patchItems = withoutSpecial;
            }
            merged = new ArrayList<>(orig);
            for (JsonNode v : patchItems) {
                requireKey(v, mergeKey);
                int found = -1;
                for (int i = 0; i < merged.size(); i++) {
                    if (!merged.get(i).isObject()) {
                        throw PatchError.badRequest("value for key " + i + " is not a map.");
                    }
                    if (merged.get(i).has(mergeKey) && scalarEquals(merged.get(i).get(mergeKey), v.get(mergeKey))) {
                        found = i;
                        break;
                    }
                }
                if (found >= 0) {
                    merged.set(found, mergeMap((ObjectNode) merged.get(found), (ObjectNode) v, elemType));
                } else {
                    merged.add(v);
                }
            }
        }
        List<JsonNode> inPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        partition(merged, patchItems, mergeKey, inPatch, serverOnly);
        return array(normalizeElementOrder(inPatch, serverOnly, patchItems, orig, mergeKey, maps));
    }

    private static void requireKey(JsonNode item, String mergeKey) {
        if (!item.has(mergeKey)) {
            throw PatchError.badRequest("map: " + GoFormat.value(item) + " does not contain declared merge key: "
                    + mergeKey);
        }
    }

    private static JsonKind elementKind(ArrayNode a, ArrayNode b) {
        JsonKind found = null;
        for (ArrayNode list : List.of(a, b)) {
            for (JsonNode v : list) {
                JsonKind k = kind(v);
                if (found == null) {
                    found = k;
                    if (k == JsonKind.ARRAY) {
                        throw PatchError.unprocessable(ERR_LIST_OF_LISTS);
                    }
                } else if (found != k) {
                    throw PatchError.badRequest("list element types are not identical: [" + GoFormat.value(a) + " "
                            + GoFormat.value(b) + "]");
                }
            }
        }
        return found;
    }

    /** Splits items into those present in {@code by} (by merge key, or value for scalars) and the others. */
    private static void partition(List<JsonNode> items, List<JsonNode> by, String mergeKey, List<JsonNode> present,
            List<JsonNode> absent) {
        for (JsonNode v : items) {
            boolean found;
            if (mergeKey.isEmpty() || !v.isObject()) {
                found = by.stream().anyMatch(b -> scalarEquals(b, v));
            } else {
                requireKey(v, mergeKey);
                found = by.stream().anyMatch(b -> b.isObject() && scalarEquals(b.get(mergeKey), v.get(mergeKey)));
            }
            (found ? present : absent).add(v);
        }
    }

    /**
     * {@code normalizeElementOrder}: patch items ordered as in the patch, server-only items as on the server, then
     * interleaved ({@code mergeSortedSlice}): a server item goes first only when both are on the server and it
     * came first there.
     */
    private static List<JsonNode> normalizeElementOrder(List<JsonNode> patch, List<JsonNode> serverOnly,
            List<JsonNode> patchOrder, List<JsonNode> serverOrder, String mergeKey, boolean maps) {
        List<JsonNode> right = sortBy(patch, patchOrder, mergeKey, maps);
        List<JsonNode> left = sortBy(serverOnly, serverOrder, mergeKey, maps);
        List<JsonNode> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i >= left.size()) {
                out.add(right.get(j++));
            } else if (j >= right.size()) {
                out.add(left.get(i++));
            } else {
                int li = index(serverOrder, left.get(i), mergeKey, maps);
                int ri = index(serverOrder, right.get(j), mergeKey, maps);
                if (li >= 0 && ri >= 0 && li < ri) {
                    out.add(left.get(i++));
                } else {
                    out.add(right.get(j++));
                }
            }
        }
        return out;
    }

    private static List<JsonNode> sortBy(List<JsonNode> items, List<JsonNode> order, String mergeKey, boolean maps) {
        List<JsonNode> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(v -> {
            int idx = index(order, v, mergeKey, maps);
            return idx < 0 ? Integer.MAX_VALUE : idx;
        }));
        return sorted;
    }

    private static int index(List<JsonNode> list, JsonNode item, String mergeKey, boolean maps) {
        JsonNode key = maps ? item.get(mergeKey) : item;
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = maps ? list.get(i).get(mergeKey) : list.get(i);
            if (scalarEquals(key, v)) {
                return i;
            }
        }
        return -1;
    }

    private static List<JsonNode> deduplicate(List<JsonNode> items) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : items) {
            if (out.stream().noneMatch(o -> scalarEquals(o, v))) {
                out.add(v);
            }
        }
        return out;
    }

    /** Go's {@code ==} on decoded JSON values: numbers by value, everything else by equality. */
    static boolean scalarEquals(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b || (a == null ? b.isNull() : a.isNull());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String goType(JsonNode n) {
        return switch (kind(n)) {
            case OBJECT -> "map[string]interface {}";
            case ARRAY -> "[]interface {}";
            case STRING -> "string";
            case NUMBER -> "float64";
            case BOOLEAN -> "bool";
            case NULL -> "<nil>";
        };
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode out = Tree.NODES.arrayNode();
        items.forEach(out::add);
        return out;
    }
}
