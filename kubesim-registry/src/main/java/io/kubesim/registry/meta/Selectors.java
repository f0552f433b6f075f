package io.kubesim.registry.meta;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;

/**
 * {@code metav1.LabelSelector} rules: {@code ValidateLabelSelector}
 * (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go) and the conversion to a selector
 * ({@code LabelSelectorAsSelector}, staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go): a nil selector
 * matches nothing, an empty one everything.
 */
public final class Selectors {

    private Selectors() {
    }

    public static ErrorList validate(JsonNode selector, Path path) {
        ErrorList errs = new ErrorList();
        if (!Tree.present(selector)) {
            return errs;
        }
        errs.addAll(MetaValidation.labels(Tree.obj(selector, "matchLabels"), path.child("matchLabels")));
        List<ObjectNode> exprs = Tree.objects(selector, "matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            ObjectNode r = exprs.get(i);
            Path rp = path.child("matchExpressions").index(i);
            List<String> values = Tree.strings(r, "values");
            String op = Tree.str(r, "operator");
            switch (op) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        errs.required(rp.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        errs.forbidden(rp.child("values"),
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    }
                }
                default -> errs.invalid(rp.child("operator"), op, "not a valid selector operator");
            }
            String key = Tree.str(r, "key");
            errs.invalidEach(rp.child("key"), key, Names.qualifiedName(key));
            for (int v = 0; v < values.size(); v++) {
                errs.invalidEach(rp.child("values").index(v), values.get(v), Names.labelValue(values.get(v)));
            }
        }
        return errs;
    }

    /** Whether {@code LabelSelectorAsSelector} accepts the selector. */
    public static boolean parseable(JsonNode selector) {
        if (!Tree.present(selector)) {
            return true;
        }
        for (Map.Entry<String, String> e : Tree.stringMap(selector, "matchLabels").entrySet()) {
            if (!Names.qualifiedName(e.getKey()).isEmpty() || !Names.labelValue(e.getValue()).isEmpty()) {
                return false;
            }
        }
        for (ObjectNode r : Tree.objects(selector, "matchExpressions")) {
            List<String> values = Tree.strings(r, "values");
            boolean ok = switch (Tree.str(r, "operator")) {
                case "In", "NotIn" -> !values.isEmpty();
                case "Exists", "DoesNotExist" -> values.isEmpty();
                default -> false;
            };
            if (!ok || !Names.qualifiedName(Tree.str(r, "key")).isEmpty()
                    || values.stream().anyMatch(v -> !Names.labelValue(v).isEmpty())) {
                return false;
            }
        }
        return true;
    }

    /** A present selector without any requirement (matches everything). */
    public static boolean isEmpty(JsonNode selector) {
        return Tree.present(selector) && Tree.stringMap(selector, "matchLabels").isEmpty()
                && Tree.objects(selector, "matchExpressions").isEmpty();
    }

    /** Whether the labels satisfy the selector; an absent selector matches nothing. */
    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (!Tree.present(selector)) {
            return false;
        }
        for (Map.Entry<String, String> e : Tree.stringMap(selector, "matchLabels").entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (ObjectNode r : Tree.objects(selector, "matchExpressions")) {
            String key = Tree.str(r, "key");
            List<String> values = Tree.strings(r, "values");
            boolean ok = switch (Tree.str(r, "operator")) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
