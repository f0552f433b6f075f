package io.kubesim.registry.field;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * A bad value rendered the way Go's {@code %#v} prints it in {@code field.Error} messages, for values that are not
 * plain strings or numbers: {@code map[string]string{"app":"web"}},
 * {@code v1.LabelSelector{MatchLabels:..., MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}.
 * {@link io.kubesim.model.status.FieldError} prints it through {@link #toString()}.
 *
 * <p>Pointers inside structs print as {@code (*T)(nil)} when absent; when present Go prints a memory address, which
 * is replaced by the fixed {@code 0xc000000000}.
 */
public record GoValue(String text) {

    private static final String ADDRESS = "0xc000000000";

    @Override
    public String toString() {
        return text;
    }

    /** Go's {@code %q}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code map[string]string{"a":"b", "c":"d"}} with sorted keys, or {@code map[string]string(nil)}. */
    public static GoValue stringMap(JsonNode map) {
        return new GoValue(renderStringMap(map));
    }

    /** {@code []string{"a", "b"}} or {@code []string(nil)}. */
    public static GoValue stringSlice(JsonNode list) {
        return new GoValue(renderStringSlice(list));
    }

    /** A {@code metav1.LabelSelector} value (the pointer already dereferenced, as field.Error does). */
    public static GoValue labelSelector(JsonNode selector) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) {
            return new GoValue("null");
        }
        return new GoValue(renderLabelSelector(selector));
    }

    /** An {@code intstr.IntOrString} value. */
    public static GoValue intOrString(JsonNode value) {
        return new GoValue(renderIntOrString(value));
    }

    /** A {@code core.Taint} value. */
    public static GoValue taint(JsonNode taint) {
        String timeAdded = present(taint.get("timeAdded")) ? "(*v1.Time)(" + ADDRESS + ")" : "(*v1.Time)(nil)";
        return new GoValue("core.Taint{Key:" + quote(text(taint, "key")) + ", Value:" + quote(text(taint, "value"))
                + ", Effect:" + quote(text(taint, "effect")) + ", TimeAdded:" + timeAdded + "}");
    }

    /** A {@code core.NodeAddress} value. */
    public static GoValue nodeAddress(JsonNode address) {
        return new GoValue("core.NodeAddress{Type:" + quote(text(address, "type")) + ", Address:"
                + quote(text(address, "address")) + "}");
    }

    /** A struct with the given Go type name whose fields are all pointers, e.g. a PDB spec. */
    public static GoValue pointerStruct(String goType, JsonNode object, List<String[]> fields) {
        List<String> parts = new ArrayList<>();
        for (String[] f : fields) {
            String jsonName = f[0];
            String goName = f[1];
            String pointee = f[2];
            parts.add(goName + ":(*" + pointee + ")(" + (present(object.get(jsonName)) ? ADDRESS : "nil") + ")");
        }
        return new GoValue(goType + "{" + String.join(", ", parts) + "}");
    }

    /**
     * A {@code resource.Quantity} passed by value, which Go prints as its struct (the quantity's String method has
     * a pointer receiver).
     */
    public static GoValue quantity(String canonical, java.math.BigDecimal value, boolean binary) {
        java.math.BigDecimal stripped = value.stripTrailingZeros();
        long mantissa;
        int scale;
        if (binary) {
            mantissa = value.longValue();
            scale = 0;
        } else {
            int exponent = -stripped.scale();
            int adjusted = Math.floorDiv(exponent, 3) * 3;
            mantissa = stripped.unscaledValue().multiply(java.math.BigInteger.TEN.pow(exponent - adjusted))
                    .longValue();
            scale = adjusted;
        }
        return new GoValue("resource.Quantity{i:resource.int64Amount{value:" + mantissa + ", scale:" + scale
                + "}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:" + quote(canonical) + ", Format:"
                + quote(binary ? "BinarySI" : "DecimalSI") + "}");
    }

    /** Any other value: a literal text chosen by the caller. */
    public static GoValue literal(String text) {
        return new GoValue(text);
    }

    private static String renderStringMap(JsonNode map) {
        if (!present(map)) {
            return "map[string]string(nil)";
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            sorted.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString());
        }
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(quote(k) + ":" + quote(v)));
        return "map[string]string{" + String.join(", ", parts) + "}";
    }

    private static String renderStringSlice(JsonNode list) {
        if (!present(list)) {
            return "[]string(nil)";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode v : list) {
            parts.add(quote(v.isString() ? v.stringValue() : v.toString()));
        }
        return "[]string{" + String.join(", ", parts) + "}";
    }

    private static String renderLabelSelector(JsonNode selector) {
        JsonNode exprs = selector.get("matchExpressions");
        String rendered;
        if (!present(exprs)) {
            rendered = "[]v1.LabelSelectorRequirement(nil)";
        } else {
            List<String> parts = new ArrayList<>();
            for (JsonNode r : exprs) {
                parts.add("v1.LabelSelectorRequirement{Key:" + quote(text(r, "key")) + ", Operator:"
                        + quote(text(r, "operator")) + ", Values:" + renderStringSlice(r.get("values")) + "}");
            }
            rendered = "[]v1.LabelSelectorRequirement{" + String.join(", ", parts) + "}";
        }
        return "v1.LabelSelector{MatchLabels:" + renderStringMap(selector.get("matchLabels")) + ", MatchExpressions:"
                + rendered + "}";
    }

    private static String renderIntOrString(JsonNode value) {
        if (value != null && value.isString()) {
            return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + quote(value.stringValue()) + "}";
        }
        long i = value != null && value.isNumber() ? value.asLong() : 0;
        return "intstr.IntOrString{Type:0, IntVal:" + i + ", StrVal:\"\"}";
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isString() ? v.stringValue() : "";
    }
}
