package io.kubesim.registry.schema;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.annotation.JsonDeserialize;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The API schema, read from the fabric8 model classes: their {@code @JsonProperty} fields are the known JSON
 * fields (what fabric8 does not know lands in {@code additionalProperties}). Computed once per class.
 */
final class Schema {

    private static final Map<Class<?>, Map<String, SchemaType>> FIELDS = new ConcurrentHashMap<>();

    private Schema() {
    }

    static Map<String, SchemaType> fieldsOf(Class<?> type) {
        return FIELDS.computeIfAbsent(type, Schema::introspect);
    }

    private static Map<String, SchemaType> introspect(Class<?> type) {
        Map<String, SchemaType> out = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p == null) {
                    continue;
                }
                String name = p.value().isEmpty() ? f.getName() : p.value();
                out.putIfAbsent(name, typeOf(f.getGenericType()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static SchemaType typeOf(Type t) {
        if (t instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            Type[] args = pt.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return new SchemaType.ListOf(typeOf(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new SchemaType.MapOf(typeOf(args[1]));
            }
            return new SchemaType.Any();
        }
        if (!(t instanceof Class<?> c)) {
            return new SchemaType.Any();
        }
        if (c == String.class) {
            return new SchemaType.Scalar(SchemaType.Scalar.Kind.STRING);
        }
        if (c == Integer.class || c == int.class) {
            return new SchemaType.Scalar(SchemaType.Scalar.Kind.INT32);
        }
        if (c == Long.class || c == long.class) {
            return new SchemaType.Scalar(SchemaType.Scalar.Kind.INT64);
        }
        if (c == Boolean.class || c == boolean.class) {
            return new SchemaType.Scalar(SchemaType.Scalar.Kind.BOOL);
        }
        if (c == Double.class || c == Float.class || c == double.class || c == float.class) {
            return new SchemaType.Scalar(SchemaType.Scalar.Kind.FLOAT);
        }
        if (c == Quantity.class) {
            return new SchemaType.Scalar(SchemaType.Scalar.Kind.QUANTITY);
        }
        if (IntOrString.class.isAssignableFrom(c)) {
            return new SchemaType.Scalar(SchemaType.Scalar.Kind.INT_OR_STRING);
        }
        if (c.isInterface() || c == Object.class || hasCustomDeserializer(c) || carriesRawJson(c)) {
            return new SchemaType.Any();
        }
        return new SchemaType.Struct(c);
    }

    private static boolean hasCustomDeserializer(Class<?> c) {
        JsonDeserialize d = c.getAnnotation(JsonDeserialize.class);
        return d != null && !d.using().getSimpleName().equals("None");
    }

    /** Classes outside the model, or without any {@code @JsonProperty} field, carry raw JSON. */
    private static boolean carriesRawJson(Class<?> c) {
        if (!c.getName().startsWith("io.fabric8.")) {
            return true;
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(JsonProperty.class)) {
                    return false;
                }
            }
        }
        return true;
    }
}
