package io.kubesim.model.cluster;

import java.util.List;
import java.util.Map;

/**
 * One simulated node (or a group of identical ones) as a cluster file describes it. The launcher hands the templates
 * of one os/architecture to the node agent of that architecture, which registers the nodes.
 *
 * @param name              the node name; with {@code count > 1} a pattern containing {@code %d} (1-based)
 * @param count             how many nodes this template makes (default 1)
 * @param architecture      {@code kubernetes.io/arch}: amd64, arm64, ppc64le, s390x
 * @param os                {@code kubernetes.io/os}: linux (default) or windows
 * @param cpu               cpu capacity, a quantity (default "4")
 * @param memory            memory capacity, a quantity (default "8Gi")
 * @param pods              pods capacity (default 110)
 * @param ephemeralStorage  ephemeral storage capacity (default "100Gi")
 * @param extendedResources extra resources, e.g. {@code nvidia.com/gpu: "2"}
 * @param labels            extra labels
 * @param taints            taints, each {@code key[=value]:Effect}
 * @param zone              {@code topology.kubernetes.io/zone}, optional
 * @param pullBandwidth     image pull bandwidth in MB/s on the virtual clock (default 50)
 * @param reserved          what the node holds back from pods, as the kubelet's {@code --kube-reserved} plus
 *                          {@code --system-reserved} (e.g. {@code cpu: 500m, memory: 1Gi}): allocatable = capacity minus
 *                          this (default nothing: allocatable = capacity)
 */
public record NodeTemplate(String name, Integer count, String architecture, String os, String cpu, String memory,
        Integer pods, String ephemeralStorage, Map<String, String> extendedResources, Map<String, String> labels,
        List<String> taints, String zone, Double pullBandwidth, Map<String, String> reserved) {

    public static final List<String> ARCHITECTURES = List.of("amd64", "arm64", "ppc64le", "s390x");
    public static final List<String> OPERATING_SYSTEMS = List.of("linux", "windows");

    public NodeTemplate {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a node needs a name");
        }
        count = count == null ? 1 : count;
        if (count < 1) {
            throw new IllegalArgumentException("node " + name + ": count must be at least 1");
        }
        if (count > 1 && !name.contains("%d")) {
            throw new IllegalArgumentException("node " + name + ": a name for count > 1 needs %d, e.g. worker-%d");
        }
        if (architecture == null || !ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("node " + name + ": architecture must be one of " + ARCHITECTURES
                    + ", was " + architecture);
        }
        os = os == null ? "linux" : os;
        if (!OPERATING_SYSTEMS.contains(os)) {
            throw new IllegalArgumentException("node " + name + ": os must be one of " + OPERATING_SYSTEMS);
        }
        cpu = cpu == null ? "4" : cpu;
        memory = memory == null ? "8Gi" : memory;
        pods = pods == null ? 110 : pods;
        ephemeralStorage = ephemeralStorage == null ? "100Gi" : ephemeralStorage;
        extendedResources = extendedResources == null ? Map.of() : Map.copyOf(extendedResources);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        pullBandwidth = pullBandwidth == null ? 50.0 : pullBandwidth;
        reserved = reserved == null ? Map.of() : Map.copyOf(reserved);
    }

    /** A template that reserves nothing (allocatable = capacity). */
    public NodeTemplate(String name, Integer count, String architecture, String os, String cpu, String memory,
            Integer pods, String ephemeralStorage, Map<String, String> extendedResources, Map<String, String> labels,
            List<String> taints, String zone, Double pullBandwidth) {
        this(name, count, architecture, os, cpu, memory, pods, ephemeralStorage, extendedResources, labels, taints,
                zone, pullBandwidth, null);
    }

    /** The node names this template makes. */
    public List<String> names() {
        if (count == 1 && !name.contains("%d")) {
            return List.of(name);
        }
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> name.replace("%d", String.valueOf(i)))
                .toList();
    }

    /** The agent group this node belongs to: {@code amd64}, {@code arm64}, or {@code windows-amd64}. */
    public String agentGroup() {
        return "linux".equals(os) ? architecture : os + "-" + architecture;
    }
}
