package io.kubesim.registry.apps;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodDefaults;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.strategy.Strategy;

/**
 * Deployments (pkg/registry/apps/deployment/strategy.go, {@code SetDefaults_Deployment} of
 * pkg/apis/apps/v1/defaults.go, {@code ValidateDeployment*} of pkg/apis/apps/validation/validation.go): replicas 1,
 * RollingUpdate 25%/25%, 10 revisions, 600 s progress deadline; generation bumped on spec or annotation changes;
 * immutable selector; status through the subresource only.
 */
public final class DeploymentStrategy implements Strategy {

    @Override
    public ResourceType type() {
        return Resources.DEPLOYMENTS;
    }

    @Override
    public void defaults(ObjectNode d) {
        ObjectNode spec = Tree.ensureObj(d, "spec");
        if (!Tree.has(spec, "replicas")) {
            spec.put("replicas", 1);
        }
        ObjectNode strategy = Tree.ensureObj(spec, "strategy");
        if (Tree.str(strategy, "type").isEmpty()) {
            strategy.put("type", "RollingUpdate");
        }
        if (Tree.str(strategy, "type").equals("RollingUpdate")) {
            ObjectNode ru = Tree.ensureObj(strategy, "rollingUpdate");
            if (!Tree.has(ru, "maxUnavailable")) {
                ru.put("maxUnavailable", "25%");
            }
            if (!Tree.has(ru, "maxSurge")) {
                ru.put("maxSurge", "25%");
            }
        }
        if (!Tree.has(spec, "revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        if (!Tree.has(spec, "progressDeadlineSeconds")) {
            spec.put("progressDeadlineSeconds", 600);
        }
        PodDefaults.podTemplate(Tree.ensureObj(spec, "template"));
    }

    @Override
    public void prepareForCreate(ObjectNode d) {
        Workloads.resetForCreate(d);
    }

    @Override
    public ErrorList validate(ObjectNode d) {
        ErrorList errs = MetaValidation.validateCreate(d, true, NameRule.DNS_SUBDOMAIN);
        return errs.addAll(spec(Tree.ensureObj(d, "spec"), Path.of("spec")));
    }

    private static ErrorList spec(ObjectNode spec, Path fld) {
        ErrorList errs = MetaValidation.nonNegative(Tree.lng0(spec, "replicas"), fld.child("replicas"));
        errs.addAll(Workloads.selectorAndTemplate(spec, fld, "deployment"));
        errs.addAll(strategy(Tree.obj(spec, "strategy"), fld.child("strategy")));
        long minReady = Tree.lng0(spec, "minReadySeconds");
        errs.addAll(MetaValidation.nonNegative(minReady, fld.child("minReadySeconds")));
        Long history = Tree.lng(spec, "revisionHistoryLimit");
        if (history != null) {
            errs.addAll(MetaValidation.nonNegative(history, fld.child("revisionHistoryLimit")));
        }
        Long deadline = Tree.lng(spec, "progressDeadlineSeconds");
        if (deadline != null) {
            errs.addAll(MetaValidation.nonNegative(deadline, fld.child("progressDeadlineSeconds")));
            if (deadline <= minReady) {
                errs.invalid(fld.child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds");
            }
        }
        return errs;
    }

    private static ErrorList strategy(ObjectNode strategy, Path fld) {
        ErrorList errs = new ErrorList();
        String type = Tree.str(strategy, "type");
        ObjectNode ru = Tree.obj(strategy, "rollingUpdate");
        switch (type) {
            case "Recreate" -> {
                if (ru != null) {
                    errs.forbidden(fld.child("rollingUpdate"), "may not be specified when strategy `type` is "
                            + "'Recreate'");
                }
            }
            case "RollingUpdate" -> {
                if (ru == null) {
                    errs.required(fld.child("rollingUpdate"), "this should be defaulted and never be nil");
                } else {
                    Path rp = fld.child("rollingUpdate");
                    JsonNode maxUnavailable = ru.get("maxUnavailable");
                    JsonNode maxSurge = ru.get("maxSurge");
                    errs.addAll(IntOrPercent.positiveIntOrPercent(maxUnavailable, rp.child("maxUnavailable")));
                    errs.addAll(IntOrPercent.positiveIntOrPercent(maxSurge, rp.child("maxSurge")));
                    if (IntOrPercent.intOrPercentValue(maxUnavailable) == 0
                            && IntOrPercent.intOrPercentValue(maxSurge) == 0) {
                        errs.invalid(rp.child("maxUnavailable"), GoValue.intOrString(maxUnavailable),
                                "may not be 0 when `maxSurge` is 0");
                    }
                    errs.addAll(IntOrPercent.notMoreThan100Percent(maxUnavailable, rp.child("maxUnavailable")));
                }
            }
            default -> errs.notSupported(fld, GoValue.literal("apps.DeploymentStrategy{Type:" + GoValue.quote(type)
                    + ", RollingUpdate:(*apps.RollingUpdateDeployment)(" + (ru == null ? "nil" : "0xc000000000")
                    + ")}"), List.of("Recreate", "RollingUpdate"));
        }
        return errs;
    }

    @Override
    public void prepareForUpdate(ObjectNode d, ObjectNode old) {
        PodStrategy.keepStatus(d, old);
        Workloads.bumpGenerationIfSpecChanged(d, old, true);
    }

    @Override
    public ErrorList validateUpdate(ObjectNode d, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(d, old);
        errs.addAll(spec(Tree.ensureObj(d, "spec"), Path.of("spec")));
        return errs.addAll(Workloads.selectorImmutable(d, old));
    }

    @Override
    public ErrorList validateStatusUpdate(ObjectNode d, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(d, old);
        ObjectNode status = Tree.obj(d, "status");
        Path fld = Path.of("status");
        errs.addAll(Workloads.nonNegative(status, fld, "observedGeneration", "replicas", "updatedReplicas",
                "readyReplicas", "availableReplicas", "unavailableReplicas"));
        Long collisions = Tree.lng(status, "collisionCount");
        if (collisions != null) {
            errs.addAll(MetaValidation.nonNegative(collisions, fld.child("collisionCount")));
        }
        long replicas = Tree.lng0(status, "replicas");
        String msg = "cannot be greater than status.replicas";
        for (String f : List.of("updatedReplicas", "readyReplicas", "availableReplicas")) {
            if (Tree.lng0(status, f) > replicas) {
                errs.invalid(fld.child(f), Tree.lng0(status, f), msg);
            }
        }
        if (Tree.lng0(status, "availableReplicas") > Tree.lng0(status, "readyReplicas")) {
            errs.invalid(fld.child("availableReplicas"), Tree.lng0(status, "availableReplicas"),
                    "cannot be greater than readyReplicas");
        }
        Long oldCollisions = Tree.lng(Tree.obj(old, "status"), "collisionCount");
        if (oldCollisions != null && (collisions == null || collisions < oldCollisions)) {
            errs.invalid(fld.child("collisionCount"), collisions == null ? 0 : collisions, "cannot be decremented");
        }
        return errs;
    }
}
