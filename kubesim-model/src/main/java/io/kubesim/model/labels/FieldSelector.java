package io.kubesim.model.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed field selector ({@code spec.nodeName=n1,status.phase!=Succeeded}): terms that must all hold
 * (staging/src/k8s.io/apimachinery/pkg/fields/selector.go). Values may escape {@code \,}, {@code \=} and
 * {@code \\}.
 */
public record FieldSelector(List<Term> terms) {

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    /** One term: {@code field=value} or {@code field!=value}. */
    public record Term(String field, boolean equal, String value) {
        boolean matches(Map<String, String> fields) {
            String actual = fields.get(field);
            boolean eq = value.equals(actual == null ? "" : actual);
            return equal == eq;
        }
    }

    public FieldSelector {
        terms = List.copyOf(terms);
    }

    public static FieldSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : splitTerms(text)) {
            if (part.isEmpty()) {
                continue;
            }
            int i = operatorIndex(part);
            if (i < 0) {
                throw new IllegalArgumentException("invalid selector: '" + text + "'; can't understand '" + part
                        + "'");
            }
            String field = part.substring(0, i).trim();
            boolean notEqual = part.startsWith("!=", i);
            int valueStart = notEqual || part.startsWith("==", i) ? i + 2 : i + 1;
            terms.add(new Term(field, !notEqual, unescape(part.substring(valueStart))));
        }
        return new FieldSelector(terms);
    }

    public boolean matches(Map<String, String> fields) {
        for (Term t : terms) {
            if (!t.matches(fields)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    /** The value required for {@code field} by an equality term, or null. */
    public String requiredValue(String field) {
        for (Term t : terms) {
            if (t.equal() && t.field().equals(field)) {
                return t.value();
            }
        }
        return null;
    }

    private static List<String> splitTerms(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                sb.append(c).append(text.charAt(++i));
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }

    private static int operatorIndex(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || (c == '!' && i + 1 < part.length() && part.charAt(i + 1) == '=')) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                sb.append(value.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
