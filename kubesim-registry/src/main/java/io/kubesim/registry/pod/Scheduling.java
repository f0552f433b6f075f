package io.kubesim.registry.pod;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Selectors;
import io.kubesim.registry.meta.Tree;

/**
 * Validation of what the scheduler reads (pkg/apis/core/validation/validation.go): node affinity
 * ({@code ValidateNodeSelector}, {@code ValidateNodeSelectorRequirement}, {@code ValidateNodeFieldSelectorRequirement},
 * {@code ValidatePreferredSchedulingTerms}), pod (anti-)affinity ({@code validatePodAffinityTerm}), tolerations
 * ({@code ValidateTolerations}), taint effects and topology spread constraints.
 */
public final class Scheduling {

    public static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private Scheduling() {
    }

    static ErrorList affinity(ObjectNode affinity, Path fld) {
        ErrorList errs = new ErrorList();
        if (affinity == null) {
            return errs;
        }
        ObjectNode node = Tree.obj(affinity, "nodeAffinity");
        if (node != null) {
            Path np = fld.child("nodeAffinity");
            ObjectNode required = Tree.obj(node, "requiredDuringSchedulingIgnoredDuringExecution");
            if (required != null) {
                errs.addAll(nodeSelector(required, np.child("requiredDuringSchedulingIgnoredDuringExecution")));
            }
            List<ObjectNode> preferred = Tree.objects(node, "preferredDuringSchedulingIgnoredDuringExecution");
            Path pp = np.child("preferredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < preferred.size(); i++) {
                ObjectNode term = preferred.get(i);
                long weight = Tree.lng0(term, "weight");
                if (weight <= 0 || weight > 100) {
                    errs.invalid(pp.index(i).child("weight"), weight, "must be in the range 1-100");
                }
                errs.addAll(nodeSelectorTerm(Tree.obj(term, "preference"), false, pp.index(i).child("preference")));
            }
        }
        for (String kind : List.of("podAffinity", "podAntiAffinity")) {
            ObjectNode pa = Tree.obj(affinity, kind);
            if (pa == null) {
                continue;
            }
            Path kp = fld.child(kind);
            Path rp = kp.child("requiredDuringSchedulingIgnoredDuringExecution");
            List<ObjectNode> required = Tree.objects(pa, "requiredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < required.size(); i++) {
                errs.addAll(podAffinityTerm(required.get(i), rp.index(i)));
            }
            Path pp = kp.child("preferredDuringSchedulingIgnoredDuringExecution");
            List<ObjectNode> preferred = Tree.objects(pa, "preferredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < preferred.size(); i++) {
                ObjectNode w = preferred.get(i);
                long weight = Tree.lng0(w, "weight");
                if (weight <= 0 || weight > 100) {
                    errs.invalid(pp.index(i).child("weight"), weight, "must be in the range 1-100");
                }
                ObjectNode term = Tree.obj(w, "podAffinityTerm");
                errs.addAll(podAffinityTerm(term == null ? Tree.NODES.objectNode() : term,
                        pp.index(i).child("podAffinityTerm")));
            }
        }
        return errs;
    }

    private static ErrorList nodeSelector(ObjectNode selector, Path fld) {
        ErrorList errs = new ErrorList();
        Path tp = fld.child("nodeSelectorTerms");
        List<ObjectNode> terms = Tree.objects(selector, "nodeSelectorTerms");
        if (terms.isEmpty()) {
            return errs.required(tp, "must have at least one node selector term");
        }
        for (int i = 0; i < terms.size(); i++) {
            errs.addAll(nodeSelectorTerm(terms.get(i), true, tp.index(i)));
        }
        return errs;
    }

    private static ErrorList nodeSelectorTerm(ObjectNode term, boolean checkValues, Path fld) {
        ErrorList errs = new ErrorList();
        List<ObjectNode> exprs = Tree.objects(term, "matchExpressions");
        for (int j = 0; j < exprs.size(); j++) {
            errs.addAll(nodeSelectorRequirement(exprs.get(j), checkValues, fld.child("matchExpressions").index(j)));
        }
        List<ObjectNode> fields = Tree.objects(term, "matchFields");
        for (int j = 0; j < fields.size(); j++) {
            errs.addAll(nodeFieldSelectorRequirement(fields.get(j), fld.child("matchFields").index(j)));
        }
        return errs;
    }

    private static ErrorList nodeSelectorRequirement(ObjectNode rq, boolean checkValues, Path fld) {
        ErrorList errs = new ErrorList();
        List<String> values = Tree.strings(rq, "values");
        String op = Tree.str(rq, "operator");
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    errs.required(fld.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    errs.forbidden(fld.child("values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }
            }
            case "Gt", "Lt" -> {
                if (values.size() != 1) {
                    errs.required(fld.child("values"), "must be specified single value when `operator` is 'Lt' or "
                            + "'Gt'");
                }
            }
            default -> errs.invalid(fld.child("operator"), op, "not a valid selector operator");
        }
        String key = Tree.str(rq, "key");
        errs.invalidEach(fld.child("key"), key, Names.qualifiedName(key));
        if (checkValues) {
            for (int i = 0; i < values.size(); i++) {
                errs.invalidEach(fld.child("values").index(i), values.get(i), Names.labelValue(values.get(i)));
            }
        }
        return errs;
    }

    private static ErrorList nodeFieldSelectorRequirement(ObjectNode rq, Path fld) {
        ErrorList errs = new ErrorList();
        List<String> values = Tree.strings(rq, "values");
        String op = Tree.str(rq, "operator");
        if (op.equals("In") || op.equals("NotIn")) {
            if (values.size() != 1) {
                errs.required(fld.child("values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
            }
        } else {
            errs.invalid(fld.child("operator"), op, "not a valid selector operator");
        }
        String key = Tree.str(rq, "key");
        if (!key.equals("metadata.name")) {
            errs.invalid(fld.child("key"), key, "not a valid field selector key");
        } else {
            for (int i = 0; i < values.size(); i++) {
                errs.invalidEach(fld.child("values").index(i), values.get(i),
                        Names.nameIsDnsSubdomain(values.get(i), false));
            }
        }
        return errs;
    }

    private static ErrorList podAffinityTerm(ObjectNode term, Path fld) {
        ErrorList errs = new ErrorList();
        errs.addAll(Selectors.validate(term.get("labelSelector"), fld.child("labelSelector")));
        errs.addAll(Selectors.validate(term.get("namespaceSelector"), fld.child("namespaceSelector")));
        for (String ns : Tree.strings(term, "namespaces")) {
            errs.invalidEach(fld.child("namespace"), ns, Names.nameIsDnsLabel(ns, false));
        }
        String topologyKey = Tree.str(term, "topologyKey");
        if (topologyKey.isEmpty()) {
            errs.required(fld.child("topologyKey"), "can not be empty");
        }
        return errs.invalidEach(fld.child("topologyKey"), topologyKey, Names.qualifiedName(topologyKey));
    }

    /** {@code ValidateTolerations}. */
    public static ErrorList tolerations(List<ObjectNode> tolerations, Path fld) {
        ErrorList errs = new ErrorList();
        for (int i = 0; i < tolerations.size(); i++) {
            ObjectNode t = tolerations.get(i);
            Path p = fld.index(i);
            String key = Tree.str(t, "key");
            String operator = Tree.str(t, "operator");
            String value = Tree.str(t, "value");
            String effect = Tree.str(t, "effect");
            if (!key.isEmpty()) {
                errs.invalidEach(p.child("key"), key, Names.qualifiedName(key));
            }
            if (key.isEmpty() && !operator.equals("Exists")) {
                errs.invalid(p.child("operator"), operator,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            }
            if (Tree.has(t, "tolerationSeconds") && !effect.equals("NoExecute")) {
                errs.invalid(p.child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
            }
            switch (operator) {
                case "Equal", "" -> {
                    List<String> msgs = Names.labelValue(value);
                    if (!msgs.isEmpty()) {
                        errs.invalid(p.child("operator"), value, String.join(";", msgs));
                    }
                }
                case "Exists" -> {
                    if (!value.isEmpty()) {
                        errs.invalid(p.child("operator"), value, "value must be empty when `operator` is 'Exists'");
                    }
                }
                default -> errs.notSupported(p.child("operator"), operator, List.of("Equal", "Exists"));
            }
            if (!effect.isEmpty()) {
                errs.addAll(taintEffect(effect, true, p.child("effect")));
            }
        }
        return errs;
    }

    /** {@code validateTaintEffect}. */
    public static ErrorList taintEffect(String effect, boolean allowEmpty, Path fld) {
        ErrorList errs = new ErrorList();
        if (!allowEmpty && effect.isEmpty()) {
            return errs.required(fld, "");
        }
        if (!TAINT_EFFECTS.contains(effect)) {
            errs.notSupported(fld, effect, TAINT_EFFECTS);
        }
        return errs;
    }

    static ErrorList topologySpreadConstraints(List<ObjectNode> constraints, Path fld) {
        ErrorList errs = new ErrorList();
        for (int i = 0; i < constraints.size(); i++) {
            ObjectNode c = constraints.get(i);
            Path p = fld.index(i);
            long maxSkew = Tree.lng0(c, "maxSkew");
            if (maxSkew <= 0) {
                errs.invalid(p.child("maxSkew"), maxSkew, "must be greater than zero");
            }
            String key = Tree.str(c, "topologyKey");
            if (key.isEmpty()) {
                errs.required(p.child("topologyKey"), "can not be empty");
            } else {
                List<String> msgs = Names.qualifiedName(key);
                if (!msgs.isEmpty()) {
                    errs.invalid(p.child("topologyKey"), key, msgs.getFirst());
                }
            }
            String action = Tree.str(c, "whenUnsatisfiable");
            if (!action.equals("DoNotSchedule") && !action.equals("ScheduleAnyway")) {
                errs.notSupported(p.child("whenUnsatisfiable"), action, List.of("DoNotSchedule", "ScheduleAnyway"));
            }
            for (int j = i + 1; j < constraints.size(); j++) {
                ObjectNode other = constraints.get(j);
                if (key.equals(Tree.str(other, "topologyKey")) && action.equals(Tree.str(other, "whenUnsatisfiable"))) {
                    errs.duplicate(p.child("{topologyKey, whenUnsatisfiable}"), "{" + key + ", " + action + "}");
                    break;
                }
            }
            Long minDomains = Tree.lng(c, "minDomains");
            if (minDomains != null) {
                if (minDomains <= 0) {
                    errs.invalid(p.child("minDomains"), minDomains, "must be greater than zero");
                }
                if (!action.equals("DoNotSchedule")) {
                    errs.invalid(p.child("minDomains"), minDomains,
                            "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not " + action);
                }
            }
            for (String policy : List.of("nodeAffinityPolicy", "nodeTaintsPolicy")) {
                if (Tree.has(c, policy)) {
                    String v = Tree.str(c, policy);
                    if (!v.equals("Honor") && !v.equals("Ignore")) {
                        errs.notSupported(p.child(policy), v, List.of("Honor", "Ignore"));
                    }
                }
            }
            errs.addAll(Selectors.validate(c.get("labelSelector"), p.child("labelSelector")));
        }
        return errs;
    }
}
