package io.kubesim.gateway.api;

import java.util.Set;

import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;

/**
 * Query parameters decoded as kube-apiserver's parameter codec decodes them into ListOptions, DeleteOptions and
 * friends (staging/src/k8s.io/apimachinery/pkg/runtime/conversion.go: Convert_Slice_string_To_int64 and _To_bool):
 * a value Go's strconv cannot read is 400 BadRequest with strconv's own words.
 */
final class QueryParams {

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private QueryParams() {
    }

    /** A boolean parameter; absent or empty is false. */
    static boolean bool(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (TRUE.contains(value)) {
            return true;
        }
        if (FALSE.contains(value)) {
            return false;
        }
        throw new ApiException(Statuses.badRequest("strconv.ParseBool: parsing " + goQuote(value)
                + ": invalid syntax"));
    }

    /** An integer parameter; null when absent or empty. */
    static Long int64(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            boolean digits = value.matches("[+-]?[0-9]+");
            throw new ApiException(Statuses.badRequest("strconv.ParseInt: parsing " + goQuote(value) + ": "
                    + (digits ? "value out of range" : "invalid syntax")));
        }
    }

    /** Go's %q of a string, for the characters that matter in a message. */
    static String goQuote(String s) {
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
}
