package io.kubesim.registry.admission;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.Resources;
import io.kubesim.registry.meta.Tree;

/**
 * DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds/admission.go): pods tolerate the
 * {@code not-ready} and {@code unreachable} NoExecute taints for 300 s unless they already tolerate them (a
 * toleration with that key or an empty key, and effect NoExecute or empty). Runs on create and update.
 */
record DefaultTolerationSeconds(AdmissionSettings settings) implements AdmissionPlugin {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    @Override
    public void admit(Attributes a) {
        if (a.type() != Resources.PODS) {
            return;
        }
        ObjectNode spec = Tree.ensureObj(a.object(), "spec");
        boolean notReady = false;
        boolean unreachable = false;
        for (ObjectNode t : Tree.objects(spec, "tolerations")) {
            String key = Tree.str(t, "key");
            String effect = Tree.str(t, "effect");
            boolean noExecute = effect.equals("NoExecute") || effect.isEmpty();
            notReady |= (key.equals(NOT_READY) || key.isEmpty()) && noExecute;
            unreachable |= (key.equals(UNREACHABLE) || key.isEmpty()) && noExecute;
        }
        if (!notReady) {
            add(Tree.ensureArr(spec, "tolerations"), NOT_READY, settings.defaultNotReadyTolerationSeconds());
        }
        if (!unreachable) {
            add(Tree.ensureArr(spec, "tolerations"), UNREACHABLE, settings.defaultUnreachableTolerationSeconds());
        }
    }

    private static void add(ArrayNode tolerations, String key, long seconds) {
        ObjectNode t = tolerations.addObject();
        t.put("key", key);
        t.put("operator", "Exists");
        t.put("effect", "NoExecute");
        t.put("tolerationSeconds", seconds);
    }
}
