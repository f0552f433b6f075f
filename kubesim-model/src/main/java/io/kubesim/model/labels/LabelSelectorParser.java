package io.kubesim.model.labels;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the string form of label selectors that {@code kubectl -l} sends: {@code a=b,c!=d,e in (f,g),!h,i},
 * following the grammar of staging/src/k8s.io/apimachinery/pkg/labels/selector.go.
 */
final class LabelSelectorParser {

    private final String text;
    private int pos;

    private LabelSelectorParser(String text) {
        this.text = text;
    }

    static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return LabelSelector.EVERYTHING;
        }
        return LabelSelector.of(new LabelSelectorParser(text).requirements());
    }

    private List<Requirement> requirements() {
        List<Requirement> out = new ArrayList<>();
        while (true) {
            skipSpaces();
            out.add(requirement());
            skipSpaces();
            if (pos >= text.length()) {
                return out;
            }
            if (text.charAt(pos) != ',') {
                throw error("found '" + text.charAt(pos) + "', expected: ',' or 'end of string'");
            }
            pos++;
        }
    }

    private Requirement requirement() {
        boolean not = false;
        if (peek() == '!') {
            not = true;
            pos++;
            skipSpaces();
        }
        String key = identifier("identifier");
        LabelValidation.requireKey(key);
        skipSpaces();
        if (not) {
            return new Requirement(key, Requirement.Operator.DOES_NOT_EXIST, List.of());
        }
        if (pos >= text.length() || peek() == ',') {
            return new Requirement(key, Requirement.Operator.EXISTS, List.of());
        }
        if (text.startsWith("==", pos)) {
            pos += 2;
            return single(key, Requirement.Operator.EQUALS);
        }
        if (text.startsWith("!=", pos)) {
            pos += 2;
            return single(key, Requirement.Operator.NOT_EQUALS);
        }
        if (peek() == '=') {
            pos++;
            return single(key, Requirement.Operator.EQUALS);
        }
        if (peek() == '>') {
            pos++;
            return integer(key, Requirement.Operator.GREATER_THAN);
        }
        if (peek() == '<') {
            pos++;
            return integer(key, Requirement.Operator.LESS_THAN);
        }
        if (wordAhead("notin")) {
            pos += 5;
            return set(key, Requirement.Operator.NOT_IN);
        }
        if (wordAhead("in")) {
            pos += 2;
            return set(key, Requirement.Operator.IN);
        }
        throw error("found '" + rest() + "', expected: in, notin, =, ==, !=, gt, lt");
    }

    private Requirement single(String key, Requirement.Operator op) {
        skipSpaces();
        String value = pos >= text.length() || peek() == ',' ? "" : identifier("identifier");
        LabelValidation.requireValue(value);
        return new Requirement(key, op, List.of(value));
    }

    private Requirement integer(String key, Requirement.Operator op) {
        skipSpaces();
        String value = identifier("integer");
        try {
            Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error("for 'Gt', 'Lt' operators, the value must be an integer");
        }
        return new Requirement(key, op, List.of(value));
    }

    private Requirement set(String key, Requirement.Operator op) {
        skipSpaces();
        if (peek() != '(') {
            throw error("found '" + rest() + "', expected: '('");
        }
        pos++;
        List<String> values = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (peek() == ')') {
                pos++;
                break;
            }
            String value = peek() == ',' ? "" : identifier("identifier");
            LabelValidation.requireValue(value);
            values.add(value);
            skipSpaces();
            if (peek() == ',') {
                pos++;
                skipSpaces();
                if (peek() == ')') {
                    values.add("");
                }
                continue;
            }
            if (peek() == ')') {
                pos++;
                break;
            }
            throw error("found '" + rest() + "', expected: ',' or ')'");
        }
        if (values.isEmpty()) {
            throw error("for 'in', 'notin' operators, values set can't be empty");
        }
        return new Requirement(key, op, values);
    }

    private String identifier(String what) {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == ',' || c == '=' || c == '!' || c == '(' || c == ')' || c == '<'
                    || c == '>') {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw error("found '" + rest() + "', expected: " + what);
        }
        return text.substring(start, pos);
    }

    private boolean wordAhead(String word) {
        if (!text.startsWith(word, pos)) {
            return false;
        }
        int end = pos + word.length();
        return end < text.length() && (Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(');
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String rest() {
        return pos >= text.length() ? "" : text.substring(pos);
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("unable to parse requirement: " + message);
    }
}
