package io.kubesim.registry.patch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * Go's {@code %v} rendering of decoded JSON ({@code map[string]interface{}}, {@code []interface{}}), which
 * upstream's patch errors embed: {@code map[image:nginx name:web]}, {@code [a b]}.
 */
final class GoFormat {

    private GoFormat() {
    }

    static String value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "<nil>";
        }
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            List<String> parts = new ArrayList<>();
            sorted.forEach((k, v) -> parts.add(k + ":" + value(v)));
            return "map[" + String.join(" ", parts) + "]";
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(v -> parts.add(value(v)));
            return "[" + String.join(" ", parts) + "]";
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(1e21)) < 0) {
                return d.toBigInteger().toString();
            }
            return Double.toString(d.doubleValue());
        }
        return node.toString();
    }
}
