package io.kubesim.model.labels;

import java.util.List;
import java.util.Map;

/**
 * One requirement of a label selector (staging/src/k8s.io/apimachinery/pkg/labels/selector.go).
 *
 * @param key      label key
 * @param operator how the label is compared
 * @param values   values; empty for Exists / DoesNotExist, exactly one for Equals / NotEquals / Gt / Lt
 */
public record Requirement(String key, Operator operator, List<String> values) {

    public enum Operator {
        IN, NOT_IN, EXISTS, DOES_NOT_EXIST, EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN
    }

    public Requirement {
        values = List.copyOf(values);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels == null ? null : labels.get(key);
        boolean has = labels != null && labels.containsKey(key);
        return switch (operator) {
            case IN, EQUALS -> has && values.contains(actual);
            case NOT_IN, NOT_EQUALS -> !has || !values.contains(actual);
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN -> {
                if (!has) {
                    yield false;
                }
                try {
                    long label = Long.parseLong(actual);
                    long bound = Long.parseLong(values.getFirst());
                    yield operator == Operator.GREATER_THAN ? label > bound : label < bound;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
        };
    }
}
