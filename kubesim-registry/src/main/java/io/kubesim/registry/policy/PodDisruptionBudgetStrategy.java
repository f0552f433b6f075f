package io.kubesim.registry.policy;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.apps.IntOrPercent;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Selectors;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.strategy.Strategy;

/**
 * PodDisruptionBudgets (pkg/registry/policy/poddisruptionbudget/strategy.go,
 * {@code ValidatePodDisruptionBudget*} of pkg/apis/policy/validation/validation.go): minAvailable and
 * maxUnavailable are exclusive, each a non-negative int or a percentage of at most 100%; generation bumped on spec
 * changes; status through the subresource.
 */
public final class PodDisruptionBudgetStrategy implements Strategy {

    private static final List<String[]> SPEC_FIELDS = List.of(
            new String[] {"minAvailable", "MinAvailable", "intstr.IntOrString"},
            new String[] {"selector", "Selector", "v1.LabelSelector"},
            new String[] {"maxUnavailable", "MaxUnavailable", "intstr.IntOrString"},
            new String[] {"unhealthyPodEvictionPolicy", "UnhealthyPodEvictionPolicy",
                    "policy.UnhealthyPodEvictionPolicyType"});

    @Override
    public ResourceType type() {
        return Resources.POD_DISRUPTION_BUDGETS;
    }

    @Override
    public void defaults(ObjectNode pdb) {
        // policy/v1 has no defaults for PodDisruptionBudget
    }

    @Override
    public void prepareForCreate(ObjectNode pdb) {
        ObjectNode status = pdb.putObject("status");
        for (String f : List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods")) {
            status.put(f, 0);
        }
        Tree.ensureObj(pdb, "metadata").put("generation", 1);
    }

    @Override
    public ErrorList validate(ObjectNode pdb) {
        ErrorList errs = MetaValidation.validateCreate(pdb, true, NameRule.DNS_SUBDOMAIN);
        ObjectNode spec = Tree.ensureObj(pdb, "spec");
        Path fld = Path.of("spec");
        if (Tree.has(spec, "minAvailable") && Tree.has(spec, "maxUnavailable")) {
            errs.invalid(fld, GoValue.pointerStruct("policy.PodDisruptionBudgetSpec", spec, SPEC_FIELDS),
                    "minAvailable and maxUnavailable cannot be both set");
        }
        for (String f : List.of("minAvailable", "maxUnavailable")) {
            if (Tree.has(spec, f)) {
                errs.addAll(IntOrPercent.positiveIntOrPercent(spec.get(f), fld.child(f)));
                errs.addAll(IntOrPercent.notMoreThan100Percent(spec.get(f), fld.child(f)));
            }
        }
        errs.addAll(Selectors.validate(spec.get("selector"), fld.child("selector")));
        if (Tree.has(spec, "unhealthyPodEvictionPolicy")) {
            String policy = Tree.str(spec, "unhealthyPodEvictionPolicy");
            if (!policy.equals("AlwaysAllow") && !policy.equals("IfHealthyBudget")) {
                errs.notSupported(fld.child("unhealthyPodEvictionPolicy"), policy,
                        List.of("AlwaysAllow", "IfHealthyBudget"));
            }
        }
        return errs;
    }

    @Override
    public void prepareForUpdate(ObjectNode pdb, ObjectNode old) {
        PodStrategy.keepStatus(pdb, old);
        if (!Tree.semanticEqual(pdb.get("spec"), old.get("spec"))) {
            Tree.ensureObj(pdb, "metadata").put("generation", Tree.lng0(Tree.metadata(old), "generation") + 1);
        }
    }

    @Override
    public ErrorList validateUpdate(ObjectNode pdb, ObjectNode old) {
        return MetaValidation.validateUpdate(pdb, old).addAll(validate(pdb));
    }

    @Override
    public ErrorList validateStatusUpdate(ObjectNode pdb, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(pdb, old);
        ObjectNode status = Tree.obj(pdb, "status");
        for (String f : List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods")) {
            errs.addAll(MetaValidation.nonNegative(Tree.lng0(status, f), Path.of("status", f)));
        }
        return errs;
    }
}
