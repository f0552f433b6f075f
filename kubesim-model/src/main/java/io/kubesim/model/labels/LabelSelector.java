package io.kubesim.model.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/**
 * A parsed label selector: requirements that must all hold. {@link #NOTHING} matches no object (a nil
 * {@code metav1.LabelSelector}); an empty selector matches every object.
 */
public final class LabelSelector {

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    public static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = List.copyOf(requirements);
        this.nothing = nothing;
    }

    public static LabelSelector of(List<Requirement> requirements) {
        return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements, false);
    }

    /** A selector from a {@code metav1.LabelSelector}: null matches nothing, empty matches everything. */
    public static LabelSelector from(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> reqs.add(new Requirement(e.getKey(), Requirement.Operator.IN,
                            List.of(e.getValue() == null ? "" : e.getValue()))));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                Requirement.Operator op = switch (String.valueOf(r.getOperator())) {
                    case "In" -> Requirement.Operator.IN;
                    case "NotIn" -> Requirement.Operator.NOT_IN;
                    case "Exists" -> Requirement.Operator.EXISTS;
                    case "DoesNotExist" -> Requirement.Operator.DOES_NOT_EXIST;
                    default -> null;
                };
                if (op == null) {
                    return NOTHING; // an invalid operator makes the selector match nothing
                }
                reqs.add(new Requirement(r.getKey(), op, r.getValues() == null ? List.of() : r.getValues()));
            }
        }
        return of(reqs);
    }

    /** A selector that matches exactly these labels (a {@code matchLabels} / {@code nodeSelector} map). */
    public static LabelSelector fromMap(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> reqs.add(new Requirement(e.getKey(), Requirement.Operator.EQUALS,
                        List.of(e.getValue()))));
        return of(reqs);
    }

    public static LabelSelector parse(String text) {
        return LabelSelectorParser.parse(text);
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return !nothing && requirements.isEmpty();
    }

    public boolean isNothing() {
        return nothing;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    @Override
    public String toString() {
        if (nothing) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        for (Requirement r : requirements) {
            parts.add(switch (r.operator()) {
                case EQUALS -> r.key() + "=" + r.values().getFirst();
                case NOT_EQUALS -> r.key() + "!=" + r.values().getFirst();
                case IN -> r.key() + " in (" + String.join(",", r.values()) + ")";
                case NOT_IN -> r.key() + " notin (" + String.join(",", r.values()) + ")";
                case EXISTS -> r.key();
                case DOES_NOT_EXIST -> "!" + r.key();
                case GREATER_THAN -> r.key() + ">" + r.values().getFirst();
                case LESS_THAN -> r.key() + "<" + r.values().getFirst();
            });
        }
        return String.join(",", parts);
    }
}
