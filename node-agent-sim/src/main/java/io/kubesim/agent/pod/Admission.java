package io.kubesim.agent.pod;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import io.kubesim.agent.node.SimulatedNode;

/**
 * The kubelet's admission of a pod bound to its node (pkg/kubelet/lifecycle/predicate.go): the pod's OS must be the
 * node's ({@code spec.os.name}, and a {@code kubernetes.io/os} node selector), and its requests must fit the node's
 * allocatable minus what the pods already admitted request. The first failure rejects the pod: reason
 * {@code OutOf<resource>} with the message {@code Node didn't have enough resource: <resource>, requested: N, used:
 * N, capacity: N} (cpu in millicores, memory in bytes, pods counted).
 */
final class Admission {

    /** Why a pod was not admitted. */
    record Rejection(String reason, String message) {
    }

    static final String POD_OS_SELECTOR_MISMATCH = "PodOSSelectorNodeLabelDoesNotMatch";
    static final String POD_OS_NOT_SUPPORTED = "PodOSNotSupported";

    private Admission() {
    }

    /**
     * @param admitted the requests of the pods already admitted and not terminated on the node
     */
    static Optional<Rejection> check(Pod pod, SimulatedNode node, Collection<Map<String, Long>> admitted) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && selector.containsKey("kubernetes.io/os")
                && !selector.get("kubernetes.io/os").equals(node.os())) {
            return Optional.of(new Rejection(POD_OS_SELECTOR_MISMATCH,
                    "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label"));
        }
        if (pod.getSpec().getOs() != null && pod.getSpec().getOs().getName() != null
                && !pod.getSpec().getOs().getName().equals(node.os())) {
            return Optional.of(new Rejection(POD_OS_NOT_SUPPORTED,
                    "Failed to admit pod as the OS field doesn't match node OS"));
        }
        Map<String, Long> allocatable = new LinkedHashMap<>();
        for (Map.Entry<String, Quantity> e : node.allocatable().entrySet()) {
            allocatable.put(e.getKey(), PodResources.amount(e.getKey(), e.getValue()));
        }
        long allowedPods = allocatable.getOrDefault("pods", 0L);
        if (admitted.size() + 1 > allowedPods) {
            return Optional.of(insufficient("pods", 1, admitted.size(), allowedPods));
        }
        Map<String, Long> used = new LinkedHashMap<>();
        for (Map<String, Long> r : admitted) {
            r.forEach((k, v) -> used.merge(k, v, Long::sum));
        }
        Map<String, Long> requested = PodResources.requests(pod);
        for (String r : new String[] {"cpu", "memory", "ephemeral-storage"}) {
            long req = requested.getOrDefault(r, 0L);
            long cap = allocatable.getOrDefault(r, 0L);
            long u = used.getOrDefault(r, 0L);
            if (req > 0 && req > cap - u) {
                return Optional.of(insufficient(r, req, u, cap));
            }
        }
        for (Map.Entry<String, Long> e : requested.entrySet()) {
            String r = e.getKey();
            if (!r.contains("/") || r.startsWith("kubernetes.io/") || e.getValue() == 0) {
                continue;
            }
            long cap = allocatable.getOrDefault(r, 0L);
            long u = used.getOrDefault(r, 0L);
            if (e.getValue() > cap - u) {
                return Optional.of(insufficient(r, e.getValue(), u, cap));
            }
        }
        return Optional.empty();
    }

    private static Rejection insufficient(String resource, long requested, long used, long capacity) {
        return new Rejection("OutOf" + resource, "Node didn't have enough resource: " + resource + ", requested: "
                + requested + ", used: " + used + ", capacity: " + capacity);
    }
}
