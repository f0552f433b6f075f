package io.kubesim.registry.core;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.strategy.Strategy;

/**
 * Namespaces (pkg/registry/core/namespace/strategy.go, {@code ValidateNamespace*} of
 * pkg/apis/core/validation/validation.go, {@code SetDefaults_Namespace*} of pkg/apis/core/v1/defaults.go): a
 * DNS-label name, the {@code kubernetes.io/metadata.name} label, phase {@code Active} and the {@code kubernetes}
 * finalizer on create; finalizers and status only change through their subresources.
 */
public final class NamespaceStrategy implements Strategy {

    static final String NAME_LABEL = "kubernetes.io/metadata.name";

    @Override
    public ResourceType type() {
        return Resources.NAMESPACES;
    }

    @Override
    public void defaults(ObjectNode ns) {
        String name = Tree.name(ns);
        if (!name.isEmpty()) {
            Tree.ensureObj(Tree.ensureObj(ns, "metadata"), "labels").put(NAME_LABEL, name);
        }
        ObjectNode status = Tree.obj(ns, "status");
        if (status != null && Tree.str(status, "phase").isEmpty()) {
            status.put("phase", "Active");
        }
    }

    @Override
    public void prepareForCreate(ObjectNode ns) {
        ns.putObject("status").put("phase", "Active");
        ObjectNode spec = Tree.ensureObj(ns, "spec");
        if (!Tree.strings(spec, "finalizers").contains("kubernetes")) {
            Tree.ensureArr(spec, "finalizers").add("kubernetes");
        }
    }

    @Override
    public ErrorList validate(ObjectNode ns) {
        ErrorList errs = MetaValidation.validateCreate(ns, false, NameRule.DNS_LABEL);
        return errs.addAll(finalizers(ns));
    }

    private static ErrorList finalizers(ObjectNode ns) {
        ErrorList errs = new ErrorList();
        for (String f : Tree.strings(Tree.obj(ns, "spec"), "finalizers")) {
            errs.addAll(MetaValidation.kubeFinalizerName(f, Path.of("spec", "finalizers")));
        }
        return errs;
    }

    @Override
    public void prepareForUpdate(ObjectNode ns, ObjectNode old) {
        ObjectNode spec = Tree.ensureObj(ns, "spec");
        ArrayNode oldFinalizers = Tree.arr(Tree.obj(old, "spec"), "finalizers");
        if (oldFinalizers == null) {
            spec.remove("finalizers");
        } else {
            spec.set("finalizers", oldFinalizers.deepCopy());
        }
        PodStrategy.keepStatus(ns, old);
    }

    @Override
    public ErrorList validateUpdate(ObjectNode ns, ObjectNode old) {
        return MetaValidation.validateUpdate(ns, old);
    }

    @Override
    public ErrorList validateStatusUpdate(ObjectNode ns, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(ns, old);
        String phase = Tree.str(Tree.obj(ns, "status"), "phase");
        Path p = Path.of("status", "Phase");
        if (!Tree.has(Tree.metadata(ns), "deletionTimestamp")) {
            if (!phase.equals("Active")) {
                errs.invalid(p, phase, "may only be 'Active' if `deletionTimestamp` is empty");
            }
        } else if (!phase.equals("Terminating")) {
            errs.invalid(p, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty");
        }
        return errs;
    }

    @Override
    public void canonicalize(ObjectNode ns) {
        String name = Tree.name(ns);
        if (!name.isEmpty()) {
            Tree.ensureObj(Tree.ensureObj(ns, "metadata"), "labels").put(NAME_LABEL, name);
        }
    }
}
