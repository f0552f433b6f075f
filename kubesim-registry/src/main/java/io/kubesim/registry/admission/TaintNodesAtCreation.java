package io.kubesim.registry.admission;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.Resources;
import io.kubesim.registry.meta.Tree;

/**
 * TaintNodesAtCreation (plugin/pkg/admission/nodetaint/admission.go): a new node gets
 * {@code node.kubernetes.io/not-ready:NoSchedule} unless it has a taint with that key and effect, so nothing is
 * scheduled onto it before the node lifecycle controller has looked at it.
 */
record TaintNodesAtCreation() implements AdmissionPlugin {

    static final String NOT_READY = "node.kubernetes.io/not-ready";

    @Override
    public void admit(Attributes a) {
        if (a.type() != Resources.NODES || !a.isCreate()) {
            return;
        }
        ObjectNode spec = Tree.ensureObj(a.object(), "spec");
        for (ObjectNode taint : Tree.objects(spec, "taints")) {
            if (Tree.str(taint, "key").equals(NOT_READY) && Tree.str(taint, "effect").equals("NoSchedule")) {
                return;
            }
        }
        ObjectNode taint = Tree.ensureArr(spec, "taints").addObject();
        taint.put("key", NOT_READY);
        taint.put("effect", "NoSchedule");
    }
}
