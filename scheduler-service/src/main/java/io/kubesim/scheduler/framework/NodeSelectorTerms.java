package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.kubesim.model.labels.LabelValidation;

/**
 * Compiled node selector terms (staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
 * {@code LazyErrorNodeSelector} and {@code PreferredSchedulingTerms}, Kubernetes 1.32, with
 * staging/src/k8s.io/apimachinery/pkg/labels/selector.go for the operators).
 *
 * <p>Terms are ORed; inside a term every expression and field requirement must hold. An empty term is dropped (it
 * matches nothing); a term that fails to parse (e.g. {@code Gt} with a non-integer) never matches but the other terms
 * are still evaluated.
 */
public final class NodeSelectorTerms {

    private enum Op { IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT }

    private record LabelRequirement(String key, Op op, List<String> values, long bound) {

        boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            switch (op) {
                case IN:
                    return actual != null && values.contains(actual);
                case NOT_IN:
                    return actual == null || !values.contains(actual);
                case EXISTS:
                    return actual != null;
                case DOES_NOT_EXIST:
                    return actual == null;
                default:
                    if (actual == null) {
                        return false;
                    }
                    long v;
                    try {
                        v = Long.parseLong(actual);
                    } catch (NumberFormatException e) {
                        return false;
                    }
                    return op == Op.GT ? v > bound : v < bound;
            }
        }
    }

    private record FieldRequirement(String key, boolean equal, String value) {

        boolean matches(String nodeName) {
            String actual = "metadata.name".equals(key) ? nodeName : "";
            return equal == actual.equals(value);
        }
    }

    /** One compiled term; {@code error} is non-null when the term could not be parsed. */
    private record Term(List<LabelRequirement> labels, List<FieldRequirement> fields, boolean hasFields,
                        int weight, String error) {

        boolean matches(String nodeName, Map<String, String> nodeLabels) {
            if (error != null) {
                return false;
            }
            for (LabelRequirement r : labels) {
                if (!r.matches(nodeLabels)) {
                    return false;
                }
            }
            if (hasFields && nodeName != null && !nodeName.isEmpty()) {
                for (FieldRequirement r : fields) {
                    if (!r.matches(nodeName)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private final List<Term> terms;

    private NodeSelectorTerms(List<Term> terms) {
        this.terms = terms;
    }

    /** Required terms ({@code nodeSelectorTerms}). */
    public static NodeSelectorTerms required(List<NodeSelectorTerm> selectorTerms) {
        List<Term> out = new ArrayList<>();
        for (NodeSelectorTerm t : selectorTerms) {
            if (!isEmpty(t)) {
                out.add(compile(t, 0));
            }
        }
        return new NodeSelectorTerms(out);
    }

    /**
     * Preferred terms with their weights; terms with weight 0 or no requirements are dropped. Returns the first parse
     * error instead when a term cannot be parsed (upstream returns it from PreScore).
     */
    public static NodeSelectorTerms preferred(List<io.fabric8.kubernetes.api.model.PreferredSchedulingTerm> prefs) {
        List<Term> out = new ArrayList<>();
        for (var p : prefs) {
            int weight = p.getWeight() == null ? 0 : p.getWeight();
            if (weight == 0 || p.getPreference() == null || isEmpty(p.getPreference())) {
                continue;
            }
            out.add(compile(p.getPreference(), weight));
        }
        return new NodeSelectorTerms(out);
    }

    /** The first parse error of any term, or {@code null}. */
    public String firstError() {
        for (Term t : terms) {
            if (t.error() != null) {
                return t.error();
            }
        }
        return null;
    }

    /** Whether any term matches the node. */
    public boolean matchesAny(String nodeName, Map<String, String> nodeLabels) {
        for (Term t : terms) {
            if (t.matches(nodeName, nodeLabels)) {
                return true;
            }
        }
        return false;
    }

    /** Sum of the weights of the matching (preferred) terms. */
    public long weightOfMatching(String nodeName, Map<String, String> nodeLabels) {
        long sum = 0;
        for (Term t : terms) {
            if (t.matches(nodeName, nodeLabels)) {
                sum += t.weight();
            }
        }
        return sum;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    private static boolean isEmpty(NodeSelectorTerm t) {
        return (t.getMatchExpressions() == null || t.getMatchExpressions().isEmpty())
                && (t.getMatchFields() == null || t.getMatchFields().isEmpty());
    }

    private static Term compile(NodeSelectorTerm t, int weight) {
        List<LabelRequirement> labels = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (t.getMatchExpressions() != null) {
            for (NodeSelectorRequirement r : t.getMatchExpressions()) {
                LabelRequirement req = labelRequirement(r, errors);
                if (req != null) {
                    labels.add(req);
                }
            }
        }
        List<FieldRequirement> fields = new ArrayList<>();
        boolean hasFields = t.getMatchFields() != null && !t.getMatchFields().isEmpty();
        if (hasFields) {
            for (NodeSelectorRequirement r : t.getMatchFields()) {
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                String op = String.valueOf(r.getOperator());
                if (!op.equals("In") && !op.equals("NotIn")) {
                    errors.add("Unsupported value: \"" + op + "\": supported values: \"In\", \"NotIn\"");
                } else if (values.size() != 1) {
                    errors.add("Invalid value: " + values + ": must have one element");
                } else {
                    fields.add(new FieldRequirement(r.getKey(), op.equals("In"), values.getFirst()));
                }
            }
        }
        return new Term(List.copyOf(labels), List.copyOf(fields), hasFields, weight,
                errors.isEmpty() ? null : String.join("; ", errors));
    }

    private static LabelRequirement labelRequirement(NodeSelectorRequirement r, List<String> errors) {
        String key = r.getKey() == null ? "" : r.getKey();
        List<String> values = r.getValues() == null ? List.of() : List.copyOf(r.getValues());
        int before = errors.size();
        for (String e : LabelValidation.qualifiedNameErrors(key)) {
            errors.add("key: Invalid value: \"" + key + "\": " + e);
        }
        Op op;
        long bound = 0;
        switch (String.valueOf(r.getOperator())) {
            case "In" -> op = Op.IN;
            case "NotIn" -> op = Op.NOT_IN;
            case "Exists" -> op = Op.EXISTS;
            case "DoesNotExist" -> op = Op.DOES_NOT_EXIST;
            case "Gt" -> op = Op.GT;
            case "Lt" -> op = Op.LT;
            default -> {
                errors.add("operator: Unsupported value: \"" + r.getOperator() + "\"");
                return null;
            }
        }
        switch (op) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errors.add("values: for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errors.add("values: values set must be empty for exists and does not exist");
                }
            }
            default -> {
                if (values.size() != 1) {
                    errors.add("values: for 'Gt', 'Lt' operators, exactly one value is required");
                } else {
                    try {
                        bound = Long.parseLong(values.getFirst());
                    } catch (NumberFormatException e) {
                        errors.add("values[0]: for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }
            }
        }
        for (String v : values) {
            for (String e : LabelValidation.labelValueErrors(v)) {
                errors.add("values: Invalid value: \"" + v + "\": " + e);
            }
        }
        return errors.size() == before ? new LabelRequirement(key, op, values, bound) : null;
    }
}
