package io.kubesim.registry.apps;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodDefaults;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.strategy.Strategy;

/**
 * ReplicaSets (pkg/registry/apps/replicaset/strategy.go, {@code ValidateReplicaSet*} of
 * pkg/apis/apps/validation/validation.go): replicas 1 by default, a selector that selects the template, generation
 * bumped on spec changes, immutable selector.
 */
public final class ReplicaSetStrategy implements Strategy {

    @Override
    public ResourceType type() {
        return Resources.REPLICA_SETS;
    }

    @Override
    public void defaults(ObjectNode rs) {
        ObjectNode spec = Tree.ensureObj(rs, "spec");
        if (!Tree.has(spec, "replicas")) {
            spec.put("replicas", 1);
        }
        PodDefaults.podTemplate(Tree.ensureObj(spec, "template"));
    }

    @Override
    public void prepareForCreate(ObjectNode rs) {
        Workloads.resetForCreate(rs);
    }

    @Override
    public ErrorList validate(ObjectNode rs) {
        ErrorList errs = MetaValidation.validateCreate(rs, true, NameRule.DNS_SUBDOMAIN);
        return errs.addAll(spec(Tree.ensureObj(rs, "spec"), Path.of("spec")));
    }

    private static ErrorList spec(ObjectNode spec, Path fld) {
        ErrorList errs = MetaValidation.nonNegative(Tree.lng0(spec, "replicas"), fld.child("replicas"));
        errs.addAll(MetaValidation.nonNegative(Tree.lng0(spec, "minReadySeconds"), fld.child("minReadySeconds")));
        return errs.addAll(Workloads.selectorAndTemplate(spec, fld, "deployment"));
    }

    @Override
    public void prepareForUpdate(ObjectNode rs, ObjectNode old) {
        PodStrategy.keepStatus(rs, old);
        Workloads.bumpGenerationIfSpecChanged(rs, old, false);
    }

    @Override
    public ErrorList validateUpdate(ObjectNode rs, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(rs, old);
        errs.addAll(spec(Tree.ensureObj(rs, "spec"), Path.of("spec")));
        return errs.addAll(Workloads.selectorImmutable(rs, old));
    }

    @Override
    public ErrorList validateStatusUpdate(ObjectNode rs, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(rs, old);
        ObjectNode status = Tree.obj(rs, "status");
        Path fld = Path.of("status");
        errs.addAll(Workloads.nonNegative(status, fld, "replicas", "fullyLabeledReplicas", "readyReplicas",
                "availableReplicas", "observedGeneration"));
        long replicas = Tree.lng0(status, "replicas");
        for (String f : List.of("fullyLabeledReplicas", "readyReplicas", "availableReplicas")) {
            if (Tree.lng0(status, f) > replicas) {
                errs.invalid(fld.child(f), Tree.lng0(status, f), "cannot be greater than status.replicas");
            }
        }
        if (Tree.lng0(status, "availableReplicas") > Tree.lng0(status, "readyReplicas")) {
            errs.invalid(fld.child("availableReplicas"), Tree.lng0(status, "availableReplicas"),
                    "cannot be greater than readyReplicas");
        }
        return errs;
    }
}
