package io.kubesim.controller.framework;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.json.KubeJson;

/** Small helpers for building the JSON controllers write, with Go's {@code omitempty} habits. */
public final class Json {

    private Json() {
    }

    public static ObjectNode object() {
        return KubeJson.json().createObjectNode();
    }

    /**
     * {@code omitempty} for integers: written only when not zero, as an int node when it fits (so it equals the
     * same number parsed back from the log).
     */
    public static ObjectNode putNonZero(ObjectNode node, String field, long value) {
        if (value != 0) {
            putNumber(node, field, value);
        }
        return node;
    }

    /** An integer as JSON parsers read it back: an int node when it fits, else a long node. */
    public static ObjectNode putNumber(ObjectNode node, String field, long value) {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            node.put(field, (int) value);
        } else {
            node.put(field, value);
        }
        return node;
    }

    public static String time(Instant instant) {
        return KubeTime.time(instant);
    }

    /** A copy of a cached object with {@code status} replaced (its resourceVersion is kept for compare-and-swap). */
    public static ObjectNode withStatus(ObjectNode cached, JsonNode status) {
        ObjectNode copy = cached.deepCopy();
        copy.set("status", status);
        return copy;
    }

    /** {@code {"metadata":{"resourceVersion":rv, ...}}}: the start of a compare-and-swap merge patch. */
    public static ObjectNode casPatch(String resourceVersion) {
        ObjectNode patch = object();
        patch.putObject("metadata").put("resourceVersion", resourceVersion);
        return patch;
    }

    public static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode node = object();
        map.forEach(node::put);
        return node;
    }

    public static int intOr(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    public static long longOr(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
