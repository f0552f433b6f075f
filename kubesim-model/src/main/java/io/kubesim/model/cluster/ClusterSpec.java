package io.kubesim.model.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a simulated cluster, as a cluster file ({@code ./kubesim up -f cluster.yaml}) describes it.
 *
 * @param nodes the node templates; empty for a control plane without nodes ({@code --empty})
 */
public record ClusterSpec(List<NodeTemplate> nodes) {

    public ClusterSpec {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        Set<String> names = new HashSet<>();
        for (NodeTemplate t : nodes) {
            for (String n : t.names()) {
                if (!names.add(n)) {
                    throw new IllegalArgumentException("node name " + n + " is used twice");
                }
            }
        }
    }

    /**
     * The default cluster, modelled on the seed documents: an amd64 control-plane node tainted NoSchedule, two amd64
     * workers, one arm64 worker and one ppc64le worker, each 4 cpu / 8Gi / 110 pods, in zones a and b.
     */
    public static ClusterSpec defaultCluster() {
        return new ClusterSpec(List.of(
                new NodeTemplate("master", 1, "amd64", "linux", "4", "8Gi", 110, null, null,
                        Map.of("node-role.kubernetes.io/control-plane", ""),
                        List.of("node-role.kubernetes.io/control-plane:NoSchedule"), "zone-a", null),
                new NodeTemplate("amd64-w%d", 2, "amd64", "linux", "4", "8Gi", 110, null, null, null, null,
                        "zone-a", null),
                new NodeTemplate("arm64-w1", 1, "arm64", "linux", "4", "8Gi", 110, null, null, null, null,
                        "zone-b", null),
                new NodeTemplate("ppc64le-w1", 1, "ppc64le", "linux", "4", "8Gi", 110, null, null, null, null,
                        "zone-b", null)));
    }

    /** Templates grouped by agent ({@link NodeTemplate#agentGroup()}), in first-seen order. */
    public Map<String, List<NodeTemplate>> byAgent() {
        Map<String, List<NodeTemplate>> out = new LinkedHashMap<>();
        for (NodeTemplate t : nodes) {
            out.computeIfAbsent(t.agentGroup(), g -> new ArrayList<>()).add(t);
        }
        return out;
    }
}
