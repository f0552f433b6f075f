package io.kubesim.registry.apps;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.Selectors;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodValidation;

/**
 * Rules the ReplicaSet, Deployment and DaemonSet validations share (pkg/apis/apps/validation/validation.go): the
 * selector, the template checked against it ({@code ValidatePodTemplateSpecForReplicaSet}), status counters.
 */
final class Workloads {

    private Workloads() {
    }

    /** Selector required, valid and non-empty, then the template against it. */
    static ErrorList selectorAndTemplate(ObjectNode spec, Path fld, String kindForEmpty) {
        ErrorList errs = new ErrorList();
        JsonNode selector = spec.get("selector");
        Path selPath = fld.child("selector");
        if (!Tree.present(selector)) {
            errs.required(selPath, "");
        } else {
            errs.addAll(Selectors.validate(selector, selPath));
            if (Selectors.isEmpty(selector)) {
                errs.invalid(selPath, GoValue.labelSelector(selector), "empty selector is invalid for " + kindForEmpty);
            }
        }
        if (!Selectors.parseable(selector)) {
            errs.invalid(selPath, GoValue.labelSelector(selector), "invalid label selector");
        } else {
            errs.addAll(templateForReplicaSet(Tree.obj(spec, "template"), selector, fld.child("template")));
        }
        return errs;
    }

    /** {@code ValidatePodTemplateSpecForReplicaSet}. */
    private static ErrorList templateForReplicaSet(ObjectNode template, JsonNode selector, Path fld) {
        ErrorList errs = new ErrorList();
        if (template == null) {
            return errs.required(fld, "");
        }
        errs.addAll(labelsMatch(template, selector, fld));
        errs.addAll(PodValidation.templateSpec(template, fld));
        errs.addAll(restartAlways(template, fld));
        if (Tree.has(Tree.obj(template, "spec"), "activeDeadlineSeconds")) {
            errs.forbidden(fld.child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not "
                    + "Supported");
        }
        return errs;
    }

    /** A non-empty selector must select the template's labels. */
    static ErrorList labelsMatch(ObjectNode template, JsonNode selector, Path fld) {
        ErrorList errs = new ErrorList();
        Map<String, String> labels = Tree.stringMap(Tree.obj(template, "metadata"), "labels");
        if (!Selectors.isEmpty(selector) && !Selectors.matches(selector, labels)) {
            errs.invalid(fld.child("metadata", "labels"),
                    GoValue.stringMap(Tree.obj(Tree.obj(template, "metadata"), "labels")),
                    "`selector` does not match template `labels`");
        }
        return errs;
    }

    static ErrorList restartAlways(ObjectNode template, Path fld) {
        ErrorList errs = new ErrorList();
        String policy = Tree.str(Tree.obj(template, "spec"), "restartPolicy");
        if (!policy.equals("Always")) {
            errs.notSupported(fld.child("spec", "restartPolicy"), policy, List.of("Always"));
        }
        return errs;
    }

    /** {@code spec.selector} may not change (apps/v1). */
    static ErrorList selectorImmutable(ObjectNode obj, ObjectNode old) {
        ErrorList errs = new ErrorList();
        JsonNode selector = Tree.obj(obj, "spec") == null ? null : Tree.obj(obj, "spec").get("selector");
        JsonNode oldSelector = Tree.obj(old, "spec") == null ? null : Tree.obj(old, "spec").get("selector");
        if (!Tree.semanticEqual(selector, oldSelector)) {
            errs.invalid(Path.of("spec", "selector"), GoValue.labelSelector(selector), MetaValidation.FIELD_IMMUTABLE);
        }
        return errs;
    }

    /** Non-negative status counters. */
    static ErrorList nonNegative(ObjectNode status, Path fld, String... fields) {
        ErrorList errs = new ErrorList();
        for (String f : fields) {
            errs.addAll(MetaValidation.nonNegative(Tree.lng0(status, f), fld.child(f)));
        }
        return errs;
    }

    /** Bumps {@code metadata.generation} when the spec changed ({@code PrepareForUpdate}). */
    static void bumpGenerationIfSpecChanged(ObjectNode obj, ObjectNode old, boolean annotationsToo) {
        boolean changed = !Tree.semanticEqual(obj.get("spec"), old.get("spec"));
        if (annotationsToo) {
            changed |= !Tree.semanticEqual(Tree.metadata(obj).get("annotations"), Tree.metadata(old).get("annotations"));
        }
        if (changed) {
            Tree.ensureObj(obj, "metadata").put("generation", Tree.lng0(Tree.metadata(old), "generation") + 1);
        }
    }

    /** New workload objects start at generation 1 with an empty status. */
    static void resetForCreate(ObjectNode obj) {
        obj.putObject("status");
        Tree.ensureObj(obj, "metadata").put("generation", 1);
    }
}
