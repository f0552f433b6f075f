package io.kubesim.agent.pod;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * Resource requests of a pod as the kubelet's admission counts them (component-helpers resource.PodRequests):
 * per resource the larger of the sum over app containers and the largest init container, plus
 * {@code spec.overhead}; a container's request defaults to its limit. CPU in millicores, the rest in units
 * (bytes for memory and ephemeral storage). QoS class as pkg/apis/core/v1/helper/qos GetPodQOS.
 */
final class PodResources {

    private PodResources() {
    }

    static Map<String, Long> requests(Pod pod) {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (Container c : list(pod.getSpec().getContainers())) {
            containerRequests(c).forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        for (Container c : list(pod.getSpec().getInitContainers())) {
            containerRequests(c).forEach((k, v) -> sum.merge(k, v, Math::max));
        }
        Map<String, Quantity> overhead = pod.getSpec().getOverhead();
        if (overhead != null) {
            overhead.forEach((k, v) -> sum.merge(k, amount(k, v), Long::sum));
        }
        return sum;
    }

    static Map<String, Long> containerRequests(Container c) {
        Map<String, Long> out = new LinkedHashMap<>();
        ResourceRequirements r = c.getResources();
        if (r == null) {
            return out;
        }
        if (r.getLimits() != null) {
            r.getLimits().forEach((k, v) -> out.put(k, amount(k, v)));
        }
        if (r.getRequests() != null) {
            r.getRequests().forEach((k, v) -> out.put(k, amount(k, v)));
        }
        return out;
    }

    /** CPU in millicores (rounded up), everything else in whole units (rounded up). */
    static long amount(String resource, Quantity q) {
        BigDecimal v = Quantity.getAmountInBytes(q);
        if (resource.equals("cpu")) {
            v = v.multiply(BigDecimal.valueOf(1000));
        }
        return v.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** {@code status.qosClass}: Guaranteed, Burstable or BestEffort. */
    static String qosClass(Pod pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : all(pod)) {
            ResourceRequirements r = c.getResources();
            Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
            Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
            for (String res : new String[] {"cpu", "memory"}) {
                Quantity limit = limits.get(res);
                Quantity request = requests.getOrDefault(res, limit);
                if ((request != null && Quantity.getAmountInBytes(request).signum() != 0)
                        || (limit != null && Quantity.getAmountInBytes(limit).signum() != 0)) {
                    any = true;
                }
                if (limit == null || request == null
                        || Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(request)) != 0) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static List<Container> all(Pod pod) {
        List<Container> out = new java.util.ArrayList<>(list(pod.getSpec().getInitContainers()));
        out.addAll(list(pod.getSpec().getContainers()));
        return out;
    }

    private static List<Container> list(List<Container> l) {
        return l == null ? List.of() : l;
    }
}
