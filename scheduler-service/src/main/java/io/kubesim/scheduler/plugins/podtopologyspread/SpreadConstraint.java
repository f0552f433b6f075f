package io.kubesim.scheduler.plugins.podtopologyspread;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.labels.Requirement;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.RequiredNodeAffinity;
import io.kubesim.scheduler.framework.Selector;
import io.kubesim.scheduler.framework.Tolerations;

/**
 * A parsed topology spread constraint (plugins/podtopologyspread/common.go {@code topologySpreadConstraint},
 * Kubernetes 1.32): {@code minDomains} defaults to 1, {@code nodeAffinityPolicy} to Honor, {@code nodeTaintsPolicy} to
 * Ignore, and {@code matchLabelKeys} are folded into the selector with the pod's values.
 */
record SpreadConstraint(int maxSkew, String topologyKey, Selector selector, int minDomains,
                        boolean honorNodeAffinity, boolean honorNodeTaints) {

    /** The pod's constraints with this {@code whenUnsatisfiable} action. */
    static List<SpreadConstraint> of(List<TopologySpreadConstraint> constraints, Map<String, String> podLabels,
                                     String action) {
        List<SpreadConstraint> out = new ArrayList<>();
        for (TopologySpreadConstraint c : constraints) {
            if (!action.equals(c.getWhenUnsatisfiable())) {
                continue;
            }
            LabelSelector selector = LabelSelector.from(c.getLabelSelector());
            if (c.getMatchLabelKeys() != null && !c.getMatchLabelKeys().isEmpty() && !selector.isNothing()) {
                List<Requirement> reqs = new ArrayList<>();
                for (String key : c.getMatchLabelKeys()) {
                    String value = podLabels.get(key);
                    if (value != null) {
                        reqs.add(new Requirement(key, Requirement.Operator.EQUALS, List.of(value)));
                    }
                }
                if (!reqs.isEmpty()) {
                    reqs.addAll(selector.requirements());
                    selector = LabelSelector.of(reqs);
                }
            }
            out.add(new SpreadConstraint(c.getMaxSkew() == null ? 0 : c.getMaxSkew(),
                    c.getTopologyKey() == null ? "" : c.getTopologyKey(), Selector.of(selector),
                    c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return List.copyOf(out);
    }

    /** Whether the node counts for this constraint under its node inclusion policies. */
    boolean includes(PodInfo pod, NodeInfo node, RequiredNodeAffinity podAffinity) {
        if (honorNodeAffinity && !podAffinity.matches(node)) {
            return false;
        }
        return !honorNodeTaints || Tolerations.firstUntoleratedBlockingTaint(node.taints(), pod.tolerations()) == null;
    }

    /** Matching pods on the node: same namespace, not terminating; an empty selector counts nothing. */
    int countMatching(NodeInfo node, String namespace) {
        return selector.isEverything() ? 0 : node.countMatching(selector, namespace);
    }

    /** Whether the node has every constraint's topology key. */
    static boolean nodeHasAllKeys(Map<String, String> nodeLabels, List<SpreadConstraint> constraints) {
        for (SpreadConstraint c : constraints) {
            if (!nodeLabels.containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }
}
