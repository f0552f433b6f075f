package io.kubesim.registry.schema;

import java.util.Map;

/**
 * The shape of a field as the fabric8 model declares it: a struct with named fields, a list, a string-keyed map,
 * a scalar, or anything.
 */
public sealed interface SchemaType {

    /** The type as Go prints it in decode errors, e.g. {@code []v1.Container}. */
    String goName();

    /** A struct: its JSON fields. */
    record Struct(Class<?> javaType) implements SchemaType {
        public Map<String, SchemaType> fields() {
            return Schema.fieldsOf(javaType);
        }

        /** The Go struct name, e.g. {@code PodSpec}. */
        public String structName() {
            return javaType.getSimpleName();
        }

        @Override
        public String goName() {
            return "v1." + structName();
        }
    }

    record ListOf(SchemaType element) implements SchemaType {
        @Override
        public String goName() {
            return "[]" + element.goName();
        }
    }

    record MapOf(SchemaType value) implements SchemaType {
        @Override
        public String goName() {
            return "map[string]" + value.goName();
        }
    }

    /** A scalar; {@code QUANTITY} and {@code INT_OR_STRING} have their own JSON rules. */
    record Scalar(Kind kind) implements SchemaType {
        public enum Kind { STRING, INT32, INT64, BOOL, FLOAT, QUANTITY, INT_OR_STRING }

        @Override
        public String goName() {
            return switch (kind) {
                case STRING -> "string";
                case INT32 -> "int32";
                case INT64 -> "int64";
                case BOOL -> "bool";
                case FLOAT -> "float64";
                case QUANTITY -> "resource.Quantity";
                case INT_OR_STRING -> "intstr.IntOrString";
            };
        }
    }

    /** Any JSON value (raw extensions, custom-serialized types). */
    record Any() implements SchemaType {
        @Override
        public String goName() {
            return "interface {}";
        }
    }
}
