package io.kubesim.state.store;

import java.math.BigDecimal;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The resources a pod requests and whether a node can take one more pod: the check state-service makes on every
 * binding so that two schedulers racing for the same node can never overcommit it. The request of a pod is the
 * larger of the sum over its containers and the largest init container, plus its overhead (the rule of
 * pkg/api/v1/resource/helpers.go PodRequests).
 */
final class PodResources {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private PodResources() {
    }

    record Requests(long milliCpu, long memoryBytes) {
    }

    /**
     * What a bound pod takes of its node.
     *
     * @param nodeName the node it is bound to
     * @param terminal Succeeded or Failed: it takes nothing any more
     * @param requests what it requests
     */
    record Usage(String nodeName, boolean terminal, Requests requests) {
    }

    /** The usage of a bound core/v1 Pod; null for anything else, or a pod not bound. */
    static Usage usage(JsonNode object) {
        if (!"Pod".equals(object.path("kind").asString("")) || !"v1".equals(object.path("apiVersion").asString(""))) {
            return null;
        }
        String node = Projection.nodeName(object);
        return node == null ? null : new Usage(node, isTerminal(object), requests(object));
    }

    /** Null if the pod fits on the node next to {@code others}; else the first shortage, e.g. {@code Insufficient cpu}. */
    static String overcommit(JsonNode node, List<Usage> others, JsonNode pod) {
        JsonNode allocatable = node.path("status").path("allocatable");
        long running = 0;
        long cpu = 0;
        long memory = 0;
        for (Usage other : others) {
            if (other.terminal()) {
                continue;
            }
            running++;
            cpu += other.requests().milliCpu();
            memory += other.requests().memoryBytes();
        }
        Requests wanted = requests(pod);
        if (allocatable.has("pods") && running + 1 > quantity(allocatable.get("pods")).longValue()) {
            return "Too many pods";
        }
        if (wanted.milliCpu() > 0 && allocatable.has("cpu")
                && cpu + wanted.milliCpu() > quantity(allocatable.get("cpu")).multiply(THOUSAND).longValue()) {
            return "Insufficient cpu";
        }
        if (wanted.memoryBytes() > 0 && allocatable.has("memory")
                && memory + wanted.memoryBytes() > quantity(allocatable.get("memory")).longValue()) {
            return "Insufficient memory";
        }
        return null;
    }

    static boolean isTerminal(JsonNode pod) {
        String phase = pod.path("status").path("phase").asString("");
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static Requests requests(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        long cpu = 0;
        long memory = 0;
        for (JsonNode c : spec.path("containers")) {
            cpu += request(c, "cpu", true);
            memory += request(c, "memory", false);
        }
        for (JsonNode c : spec.path("initContainers")) {
            cpu = Math.max(cpu, request(c, "cpu", true));
            memory = Math.max(memory, request(c, "memory", false));
        }
        JsonNode overhead = spec.path("overhead");
        if (overhead.has("cpu")) {
            cpu += quantity(overhead.get("cpu")).multiply(THOUSAND).longValue();
        }
        if (overhead.has("memory")) {
            memory += quantity(overhead.get("memory")).longValue();
        }
        return new Requests(cpu, memory);
    }

    private static long request(JsonNode container, String resource, boolean milli) {
        JsonNode q = container.path("resources").path("requests").path(resource);
        if (q.isMissingNode() || q.isNull()) {
            return 0;
        }
        BigDecimal amount = quantity(q);
        return (milli ? amount.multiply(THOUSAND) : amount).setScale(0, java.math.RoundingMode.CEILING).longValue();
    }

    private static BigDecimal quantity(JsonNode q) {
        try {
            return Quantity.getAmountInBytes(new Quantity(q.asString()));
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
    }
}
