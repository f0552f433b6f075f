package io.kubesim.model.status;

import java.util.Locale;
import java.util.Map;

/**
 * One validation error on one field, worded as apimachinery's {@code field.Error}
 * (staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go).
 *
 * @param type     what is wrong
 * @param field    the field path, e.g. {@code spec.containers[0].image}
 * @param badValue the offending value; {@link #OMIT} to leave it out of the message
 * @param detail   extra text, may be empty
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

    /** Marker: the bad value is not printed. */
    public static final Object OMIT = new Object() {
        @Override
        public String toString() {
            return "<omitted>";
        }
    };

    public enum Type {
        NOT_FOUND("Not found", "FieldValueNotFound"),
        REQUIRED("Required value", "FieldValueRequired"),
        DUPLICATE("Duplicate value", "FieldValueDuplicate"),
        INVALID("Invalid value", "FieldValueInvalid"),
        NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported"),
        FORBIDDEN("Forbidden", "FieldValueForbidden"),
        TOO_LONG("Too long", "FieldValueTooLong"),
        TOO_MANY("Too many", "FieldValueTooMany"),
        INTERNAL("Internal error", "InternalError"),
        TYPE_INVALID("Invalid value", "FieldValueTypeInvalid");

        private final String text;
        private final String causeReason;

        Type(String text, String causeReason) {
            this.text = text;
            this.causeReason = causeReason;
        }

        public String text() {
            return text;
        }

        public String causeReason() {
            return causeReason;
        }
    }

    public FieldError {
        detail = detail == null ? "" : detail;
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, "", detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    public static FieldError notSupported(String field, Object value, Iterable<String> supported) {
        StringBuilder sb = new StringBuilder("supported values: ");
        boolean first = true;
        for (String s : supported) {
            if (!first) {
                sb.append(", ");
            }
            sb.append('"').append(s).append('"');
            first = false;
        }
        return new FieldError(Type.NOT_SUPPORTED, field, value, sb.toString());
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, "", detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, "");
    }

    public static FieldError tooLong(String field, Object value, int max) {
        return new FieldError(Type.TOO_LONG, field, value, "may not be more than " + max + " bytes");
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError(Type.NOT_FOUND, field, value, "");
    }

    /** The message body without the field: {@code Invalid value: "x": must be ...}. */
    public String body() {
        String s;
        if (type == Type.REQUIRED || type == Type.FORBIDDEN || type == Type.TOO_LONG || type == Type.INTERNAL
                || badValue == OMIT) {
            s = type.text();
        } else {
            s = type.text() + ": " + render(badValue);
        }
        if (!detail.isEmpty()) {
            s += ": " + detail;
        }
        return s;
    }

    /** {@code field: body}, as {@code field.Error.Error()}. */
    public String message() {
        return field + ": " + body();
    }

    @Override
    public String toString() {
        return message();
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return map.toString();
        }
        return String.format(Locale.ROOT, "%s", value);
    }

    /** Go's {@code %q} for the printable ASCII strings that occur in practice. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
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
}
