package io.kubesim.registry.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.registry.quantity.Quantity;
import io.kubesim.registry.quantity.QuantityException;

/**
 * What kube-apiserver's JSON decoder rejects: values of the wrong JSON type ({@code json: cannot unmarshal string
 * into Go struct field DeploymentSpec.spec.replicas of type int32}), malformed quantities and base64 data, and, in
 * strict mode, unknown and duplicate fields ({@code unknown field "spec.containers[0].imagePullPolicyy"}). The
 * wording follows encoding/json and sigs.k8s.io/json as used by
 * staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go.
 */
public final class Decoding {

    private Decoding() {
    }

    /** The first decode error of an object of this type, in document order. */
    public static Optional<String> firstError(ResourceType type, JsonNode object) {
        SchemaType.Struct root = new SchemaType.Struct(type.javaType());
        String bytesField = switch (type.kind()) {
            case "Secret" -> "data";
            case "ConfigMap" -> "binaryData";
            default -> "";
        };
        return Optional.ofNullable(check(object, root, type.kind(), "", bytesField));
    }

    /** Field paths the schema does not know, in document order. */
    public static List<String> unknownFields(ResourceType type, JsonNode object) {
        List<String> out = new ArrayList<>();
        unknown(object, new SchemaType.Struct(type.javaType()), "", out);
        return out;
    }

    /** Paths of fields that occur twice in the same JSON object of the text, in document order. */
    public static List<String> duplicateFields(String json) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = KubeJson.json().createParser(json)) {
            duplicates(p, p.nextToken(), "", out);
        } catch (RuntimeException e) {
            return out;
        }
        return out;
    }

    /** {@code bytesField}: the top-level map whose values are Go {@code []byte}, i.e. base64 in JSON. */
    private static String check(JsonNode node, SchemaType type, String struct, String path, String bytesField) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (type) {
            case SchemaType.Any any -> {
                return null;
            }
            case SchemaType.Struct s -> {
                if (!node.isObject()) {
                    return mismatch(node, s, struct, path);
                }
                Map<String, SchemaType> fields = s.fields();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    SchemaType ft = fields.get(e.getKey());
                    if (ft == null) {
                        continue;
                    }
                    String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    if (path.isEmpty() && e.getKey().equals(bytesField)) {
                        String err = base64(e.getValue());
                        if (err != null) {
                            return err;
                        }
                        continue;
                    }
                    String err = check(e.getValue(), ft, s.structName(), childPath, "");
                    if (err != null) {
                        return err;
                    }
                }
                return null;
            }
            case SchemaType.ListOf l -> {
                if (!node.isArray()) {
                    return mismatch(node, l, struct, path);
                }
                for (JsonNode v : node) {
                    String err = check(v, l.element(), struct, path, "");
                    if (err != null) {
                        return err;
                    }
                }
                return null;
            }
            case SchemaType.MapOf m -> {
                if (!node.isObject()) {
                    return mismatch(node, m, struct, path);
                }
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    String err = check(e.getValue(), m.value(), struct, path + "." + e.getKey(), "");
                    if (err != null) {
                        return err;
                    }
                }
                return null;
            }
            case SchemaType.Scalar sc -> {
                return scalar(node, sc, struct, path);
            }
        }
    }

    private static String scalar(JsonNode node, SchemaType.Scalar sc, String struct, String path) {
        return switch (sc.kind()) {
            case STRING -> node.isString() ? null : mismatch(node, sc, struct, path);
            case BOOL -> node.isBoolean() ? null : mismatch(node, sc, struct, path);
            case FLOAT -> node.isNumber() ? null : mismatch(node, sc, struct, path);
            case INT32 -> integer(node, sc, struct, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> integer(node, sc, struct, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case QUANTITY -> quantity(node);
            case INT_OR_STRING -> {
                if (node.isString()) {
                    yield null;
                }
                if (node.isNumber() && fitsInteger(node, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                    yield null;
                }
                yield "json: cannot unmarshal " + what(node) + " into Go value of type int32";
            }
        };
    }

    private static String integer(JsonNode node, SchemaType type, String struct, String path, long min, long max) {
        if (node.isNumber() && fitsInteger(node, min, max)) {
            return null;
        }
        return mismatch(node, type, struct, path);
    }

    private static boolean fitsInteger(JsonNode node, long min, long max) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return false; // 1e999 read as infinity has no decimal value
        }
        BigDecimal d = node.decimalValue();
        if (d.stripTrailingZeros().scale() > 0 || node.isFloatingPointNumber() && node.toString().contains(".")) {
            return false;
        }
        return d.compareTo(BigDecimal.valueOf(min)) >= 0 && d.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    private static String quantity(JsonNode node) {
        String text = node.isString() ? node.stringValue() : node.isNumber() ? node.toString() : node.toString();
        try {
            Quantity.parse(text);
            return null;
        } catch (QuantityException e) {
            return e.getMessage();
        }
    }

    private static String base64(JsonNode data) {
        if (data == null || !data.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            JsonNode v = e.getValue();
            if (!v.isString()) {
                continue;
            }
            String s = v.stringValue();
            try {
                Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException ex) {
                int at = 0;
                while (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '+'
                        || s.charAt(at) == '/')) {
                    at++;
                }
                return "illegal base64 data at input byte " + at;
            }
        }
        return null;
    }

    private static String mismatch(JsonNode node, SchemaType type, String struct, String path) {
        String target = path.isEmpty() ? "Go value" : "Go struct field " + struct + "." + path;
        return "json: cannot unmarshal " + what(node) + " into " + target + " of type " + type.goName();
    }

    private static String what(JsonNode node) {
        if (node.isString()) {
            return "string";
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? "number" : "number " + node.toString();
        }
        if (node.isBoolean()) {
            return "bool";
        }
        return node.isArray() ? "array" : "object";
    }

    private static void unknown(JsonNode node, SchemaType type, String path, List<String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        switch (type) {
            case SchemaType.Struct s when node.isObject() -> {
                Map<String, SchemaType> fields = s.fields();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    SchemaType ft = fields.get(e.getKey());
                    if (ft == null) {
                        out.add(childPath);
                    } else {
                        unknown(e.getValue(), ft, childPath, out);
                    }
                }
            }
            case SchemaType.ListOf l when node.isArray() -> {
                for (int i = 0; i < node.size(); i++) {
                    unknown(node.get(i), l.element(), path + "[" + i + "]", out);
                }
            }
            case SchemaType.MapOf m when node.isObject() -> {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    unknown(e.getValue(), m.value(), path + "." + e.getKey(), out);
                }
            }
            default -> {
            }
        }
    }

    private static void duplicates(JsonParser p, JsonToken token, String path, List<String> out) {
        if (token == JsonToken.START_OBJECT) {
            Set<String> seen = new HashSet<>();
            JsonToken t = p.nextToken();
            while (t == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                String childPath = path.isEmpty() ? name : path + "." + name;
                if (!seen.add(name)) {
                    out.add(childPath);
                }
                duplicates(p, p.nextToken(), childPath, out);
                t = p.nextToken();
            }
        } else if (token == JsonToken.START_ARRAY) {
            int i = 0;
            JsonToken t = p.nextToken();
            while (t != JsonToken.END_ARRAY && t != null) {
                duplicates(p, t, path + "[" + i + "]", out);
                i++;
                t = p.nextToken();
            }
        }
    }
}
