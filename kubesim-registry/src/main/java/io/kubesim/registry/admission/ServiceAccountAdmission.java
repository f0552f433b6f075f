package io.kubesim.registry.admission;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.Resources;
import io.kubesim.registry.meta.Tree;

/**
 * The defaulting part of ServiceAccount (plugin/pkg/admission/serviceaccount/admission.go): a new pod without
 * {@code serviceAccountName} runs as {@code default}; mirror pods are left alone. The account's existence is not
 * checked and no token volume is mounted (kubesim has no service-account tokens).
 */
record ServiceAccountAdmission() implements AdmissionPlugin {

    static final String MIRROR_POD = "kubernetes.io/config.mirror";

    @Override
    public void admit(Attributes a) {
        if (a.type() != Resources.PODS || !a.isCreate()) {
            return;
        }
        if (Tree.has(Tree.obj(Tree.metadata(a.object()), "annotations"), MIRROR_POD)) {
            return;
        }
        ObjectNode spec = Tree.ensureObj(a.object(), "spec");
        if (Tree.str(spec, "serviceAccountName").isEmpty()) {
            spec.put("serviceAccountName", "default");
        }
    }
}
