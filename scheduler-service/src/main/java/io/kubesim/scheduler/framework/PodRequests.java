package io.kubesim.scheduler.framework;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * A pod's effective resource requests (pkg/api/v1/resource/helpers.go {@code PodRequests} and
 * {@code AggregateContainerRequests}, Kubernetes 1.32): the sum of the app containers and of the restartable
 * ("sidecar") init containers, maxed against each ordinary init container plus the sidecars started before it, plus
 * {@code spec.overhead}.
 */
final class PodRequests {

    /** Default cpu request (millicores) counted for scoring when a container has none (pkg/scheduler/util). */
    static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** Default memory request (bytes) counted for scoring when a container has none: 200 MiB. */
    static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private static final Map<String, BigDecimal> NON_ZERO_DEFAULTS = Map.of(
            Resource.CPU, BigDecimal.valueOf(DEFAULT_MILLI_CPU_REQUEST).movePointLeft(3),
            Resource.MEMORY, BigDecimal.valueOf(DEFAULT_MEMORY_REQUEST));

    private PodRequests() {
    }

    /** The pod's requests as upstream's scheduler sees them. */
    static Resource actual(Pod pod) {
        return Resource.ofAmounts(aggregate(pod, false));
    }

    /** The pod's requests with the non-zero cpu/memory defaults applied to containers that lack them. */
    static Resource nonZero(Pod pod) {
        return Resource.ofAmounts(aggregate(pod, true));
    }

    private static Map<String, BigDecimal> aggregate(Pod pod, boolean nonMissing) {
        Map<String, BigDecimal> reqs = new HashMap<>();
        if (pod.getSpec() == null) {
            return reqs;
        }
        for (Container c : list(pod.getSpec().getContainers())) {
            add(reqs, requests(c, nonMissing));
        }
        Map<String, BigDecimal> restartableInit = new HashMap<>();
        Map<String, BigDecimal> initMax = new HashMap<>();
        for (Container c : list(pod.getSpec().getInitContainers())) {
            Map<String, BigDecimal> containerReqs = requests(c, nonMissing);
            if ("Always".equals(c.getRestartPolicy())) {
                add(reqs, containerReqs);
                add(restartableInit, containerReqs);
                containerReqs = restartableInit;
            } else {
                Map<String, BigDecimal> tmp = new HashMap<>(containerReqs);
                add(tmp, restartableInit);
                containerReqs = tmp;
            }
            max(initMax, containerReqs);
        }
        max(reqs, initMax);
        Map<String, Quantity> overhead = pod.getSpec().getOverhead();
        if (overhead != null) {
            Map<String, BigDecimal> o = new HashMap<>();
            overhead.forEach((k, v) -> o.put(k, Resource.amount(v)));
            add(reqs, o);
        }
        return reqs;
    }

    private static Map<String, BigDecimal> requests(Container c, boolean nonMissing) {
        Map<String, BigDecimal> out = new HashMap<>();
        if (c.getResources() != null && c.getResources().getRequests() != null) {
            c.getResources().getRequests().forEach((k, v) -> out.put(k, Resource.amount(v)));
        }
        if (nonMissing) {
            NON_ZERO_DEFAULTS.forEach(out::putIfAbsent);
        }
        return out;
    }

    private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> more) {
        more.forEach((k, v) -> into.merge(k, v, BigDecimal::add));
    }

    private static void max(Map<String, BigDecimal> into, Map<String, BigDecimal> other) {
        other.forEach((k, v) -> into.merge(k, v, BigDecimal::max));
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
