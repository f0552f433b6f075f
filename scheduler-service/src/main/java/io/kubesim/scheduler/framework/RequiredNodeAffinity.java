package io.kubesim.scheduler.framework;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A pod's {@code spec.nodeSelector} AND its required node affinity
 * (component-helpers/scheduling/corev1/nodeaffinity {@code GetRequiredNodeAffinity}, Kubernetes 1.32).
 */
public final class RequiredNodeAffinity {

    private final Map<String, String> nodeSelector;
    private final NodeSelectorTerms required;

    private RequiredNodeAffinity(Map<String, String> nodeSelector, NodeSelectorTerms required) {
        this.nodeSelector = nodeSelector;
        this.required = required;
    }

    public static RequiredNodeAffinity of(Pod pod) {
        Map<String, String> selector = pod.getSpec() == null || pod.getSpec().getNodeSelector() == null ? Map.of()
                : pod.getSpec().getNodeSelector();
        NodeSelector ns = requiredSelector(pod);
        return new RequiredNodeAffinity(selector, ns == null ? null
                : NodeSelectorTerms.required(ns.getNodeSelectorTerms() == null ? java.util.List.of()
                        : ns.getNodeSelectorTerms()));
    }

    /** {@code spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution}, or {@code null}. */
    public static NodeSelector requiredSelector(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getAffinity() == null
                || pod.getSpec().getAffinity().getNodeAffinity() == null) {
            return null;
        }
        return pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    /** Whether the pod has neither a node selector nor required node affinity. */
    public boolean isEmpty() {
        return nodeSelector.isEmpty() && required == null;
    }

    public boolean matches(NodeInfo node) {
        return matches(node.name(), node.labels());
    }

    public boolean matches(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return matches(node.getMetadata().getName(), labels == null ? Map.of() : labels);
    }

    boolean matches(String nodeName, Map<String, String> labels) {
        for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return required == null || required.matchesAny(nodeName, labels);
    }
}
