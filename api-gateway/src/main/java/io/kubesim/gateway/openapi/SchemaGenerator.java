package io.kubesim.gateway.openapi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.patch.PatchStrategies;

/**
 * OpenAPI v3 schemas of the model classes, by reflection: one object schema per class, named as upstream
 * ({@link SchemaNames}), with a property per Jackson property ({@code @JsonProperty} fields of fabric8 classes,
 * components of records), sorted by name like kube-openapi's output.
 *
 * <p>Types as in the schemas kube-apiserver publishes (staging/src/k8s.io/kube-openapi/pkg/builder3): strings,
 * {@code integer} int32/int64, {@code boolean}, lists as {@code array} with {@code items}, maps as {@code object} with
 * {@code additionalProperties}, model classes as {@code allOf: [{$ref}]} at property level and {@code $ref} inside
 * {@code items}/{@code additionalProperties}. {@code Quantity} ({@code oneOf} string, number) and {@code IntOrString}
 * ({@code oneOf} integer, string, format {@code int-or-string}) are leaf schemas, as is {@code MicroTime} (also for
 * fabric8's {@code java.time} fields, which are MicroTimes upstream). Timestamps, which fabric8 types as strings, stay
 * plain strings. Any other field type is refused, so that a catalog entry needing a new mapping cannot slip through.
 */
final class SchemaGenerator {

    private static final String REF_PREFIX = "#/components/schemas/";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private static final String MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";

    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    /** Every schema generated so far, by name. */
    Map<String, ObjectNode> schemas() {
        return schemas;
    }

    /** Generates the schema of a model class and of everything it references; returns its name. */
    String define(Class<?> type) {
        String name = SchemaNames.of(type);
        if (schemas.containsKey(name)) {
            return name;
        }
        ObjectNode leaf = leaf(name);
        if (leaf != null) {
            schemas.put(name, leaf);
            return name;
        }
        ObjectNode schema = object();
        schemas.put(name, schema);
        schema.put("type", "object");
        Map<String, ObjectNode> properties = new TreeMap<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                properties.put(component.getName(), patchStrategy(name, component.getName(),
                        property(component.getGenericType(), type, component.getName())));
            }
        } else {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    JsonProperty json = field.getAnnotation(JsonProperty.class);
                    if (json == null || Modifier.isStatic(field.getModifiers())
                            || field.isAnnotationPresent(JsonIgnore.class)) {
                        continue;
                    }
                    String property = json.value().isEmpty() ? field.getName() : json.value();
                    if (!properties.containsKey(property)) {
                        properties.put(property, patchStrategy(name, property,
                                property(field.getGenericType(), type, property)));
                    }
                }
            }
        }
        if (!properties.isEmpty()) {
            schema.putObject("properties").setAll(properties);
        }
        return name;
    }

    /**
     * The struct tags {@code patchStrategy}/{@code patchMergeKey} of a field as the extensions kube-openapi publishes
     * ({@code x-kubernetes-patch-merge-key}, {@code x-kubernetes-patch-strategy}): kubectl apply reads them from the
     * v3 document to compute its strategic merge patch, so without them it would replace whole lists (e.g. send every
     * container again) and never print {@code unchanged}.
     */
    private static ObjectNode patchStrategy(String schemaName, String property, ObjectNode schema) {
        PatchStrategies.Meta meta = PatchStrategies.of(schemaName.substring(schemaName.lastIndexOf('.') + 1),
                property);
        if (meta.merge()) {
            if (!meta.mergeKey().isEmpty()) {
                schema.put("x-kubernetes-patch-merge-key", meta.mergeKey());
            }
            schema.put("x-kubernetes-patch-strategy", "merge");
        }
        return schema;
    }

    /** The names of the schemas reachable from {@code roots} through {@code $ref}s, roots included. */
    Map<String, ObjectNode> closure(Collection<String> roots) {
        Map<String, ObjectNode> out = new TreeMap<>();
        roots.forEach(root -> visit(root, out));
        return out;
    }

    /** A {@code $ref} to a generated schema. */
    static ObjectNode ref(String name) {
        return object().put("$ref", REF_PREFIX + name);
    }

    /** The names a node refers to, at any depth. */
    static void collectRefs(JsonNode node, Collection<String> into) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString() && ref.stringValue().startsWith(REF_PREFIX)) {
                into.add(ref.stringValue().substring(REF_PREFIX.length()));
            }
        }
        for (JsonNode child : node.values()) {
            collectRefs(child, into);
        }
    }

    private void visit(String name, Map<String, ObjectNode> out) {
        if (out.containsKey(name)) {
            return;
        }
        ObjectNode schema = schemas.get(name);
        if (schema == null) {
            throw new IllegalStateException("schema " + name + " was never generated");
        }
        out.put(name, schema);
        List<String> refs = new ArrayList<>();
        collectRefs(schema, refs);
        refs.forEach(ref -> visit(ref, out));
    }

    private ObjectNode property(Type type, Class<?> owner, String property) {
        ObjectNode schema = inline(type, owner, property);
        if (schema.has("$ref")) {
            ObjectNode wrapped = object();
            wrapped.putArray("allOf").add(schema);
            return wrapped;
        }
        return schema;
    }

    private ObjectNode inline(Type type, Class<?> owner, String property) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = object().put("type", "array");
                array.set("items", inline(arguments[0], owner, property));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = object().put("type", "object");
                map.set("additionalProperties", inline(arguments[1], owner, property));
                return map;
            }
        }
        if (!(type instanceof Class<?> c)) {
            throw new IllegalStateException("unsupported type " + type + " of " + owner.getName() + "." + property);
        }
        if (c == String.class) {
            return object().put("type", "string");
        }
        if (c == Integer.class || c == int.class) {
            return object().put("type", "integer").put("format", "int32");
        }
        if (c == Long.class || c == long.class) {
            return object().put("type", "integer").put("format", "int64");
        }
        if (c == Boolean.class || c == boolean.class) {
            return object().put("type", "boolean");
        }
        if (Temporal.class.isAssignableFrom(c)) {
            schemas.computeIfAbsent(MICRO_TIME, SchemaGenerator::leaf);
            return ref(MICRO_TIME);
        }
        if (SchemaNames.isModel(c)) {
            return ref(define(c));
        }
        throw new IllegalStateException("unsupported type " + c.getName() + " of " + owner.getName() + "." + property);
    }

    /** The schemas of the types serialized as scalars, or null for an object type. */
    private static ObjectNode leaf(String name) {
        return switch (name) {
            case QUANTITY -> {
                ObjectNode schema = object().put("description", "Quantity is a fixed-point representation of a "
                        + "number, written as a string with an optional suffix: 128974848, 129e6, 129M, 123Mi, 100m.");
                schema.putArray("oneOf").add(object().put("type", "string")).add(object().put("type", "number"));
                yield schema;
            }
            case INT_OR_STRING -> {
                ObjectNode schema = object().put("description", "IntOrString is a type that can hold an int32 or a "
                        + "string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes "
                        + "the inner type.");
                schema.put("format", "int-or-string");
                schema.putArray("oneOf").add(object().put("type", "integer")).add(object().put("type", "string"));
                yield schema;
            }
            case MICRO_TIME -> object().put("description", "MicroTime is version of Time with microsecond level "
                    + "precision.").put("type", "string").put("format", "date-time");
            default -> null;
        };
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
