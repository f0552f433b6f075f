package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Tree.items;
import static io.kubesim.gateway.printers.Tree.stringMap;
import static io.kubesim.gateway.printers.Tree.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Label selectors and label maps as the printers show them: {@code labels.FormatLabels} and the {@code String()} of
 * the selector built by {@code metav1.LabelSelectorAsSelector} (requirements sorted by key, {@code matchLabels} as
 * {@code k=v}, set values sorted), from staging/src/k8s.io/apimachinery/pkg/labels and pkg/apis/meta/v1/helpers.go.
 */
final class Selectors {

    private Selectors() {
    }

    /** {@code a=b,c=d}, or {@code <none>} for no labels. */
    static String formatLabels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "<none>";
        }
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** A {@code metav1.LabelSelector}: empty text for an absent or empty selector, {@code <invalid>} if malformed. */
    static String labelSelector(JsonNode selector) {
        List<String[]> requirements = new ArrayList<>();
        for (Map.Entry<String, String> label : stringMap(selector, "matchLabels").entrySet()) {
            requirements.add(new String[] {label.getKey(), label.getKey() + "=" + label.getValue()});
        }
        for (JsonNode expression : items(selector, "matchExpressions")) {
            String key = text(expression, "key");
            List<String> values = items(expression, "values").stream()
                    .map(v -> v.isString() ? v.stringValue() : "").sorted().toList();
            String requirement = switch (text(expression, "operator")) {
                case "In" -> values.isEmpty() ? null : key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> values.isEmpty() ? null : key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> values.isEmpty() ? key : null;
                case "DoesNotExist" -> values.isEmpty() ? "!" + key : null;
                default -> null;
            };
            if (requirement == null) {
                return "<invalid>";
            }
            requirements.add(new String[] {key, requirement});
        }
        return requirements.stream().sorted(Comparator.comparing(r -> r[0])).map(r -> r[1])
                .collect(Collectors.joining(","));
    }
}
