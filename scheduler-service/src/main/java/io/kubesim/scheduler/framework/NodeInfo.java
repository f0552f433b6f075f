package io.kubesim.scheduler.framework;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;

/**
 * A node with the pods assigned to it and what they use (pkg/scheduler/framework/types.go {@code NodeInfo},
 * Kubernetes 1.32). The scheduler cache keeps one per node; snapshots hold copies, so a cycle never sees the cache
 * change under it. Preemption works on further copies ({@link #copy()}) it may add pods to and remove pods from.
 */
public final class NodeInfo {

    private Node node;
    private String name;
    private Map<String, String> labels = Map.of();
    private List<Taint> taints = List.of();
    private boolean unschedulable;
    private Resource allocatable = Resource.ZERO;

    // Immutable lists, replaced on every change: copies share them.
    private List<PodInfo> pods = List.of();
    private List<PodInfo> podsWithAffinity = List.of();
    private List<PodInfo> podsWithRequiredAntiAffinity = List.of();
    private Resource requested = Resource.ZERO;
    private long nonZeroMilliCpu;
    private long nonZeroMemory;
    private HostPortInfo usedPorts = new HostPortInfo();
    private Map<String, ImageStateSummary> imageStates = Map.of();
    private long generation;
    private int podCount;

    /** The last count of {@link #countMatching}, valid while the pod list is the same. */
    private record MatchCount(Selector selector, String namespace, List<PodInfo> pods, int count) {
    }

    private volatile MatchCount lastMatchCount;

    /** A summary of an image present on a node: its size and on how many nodes of the snapshot it is. */
    public record ImageStateSummary(long size, int numNodes) {
    }

    NodeInfo() {
    }

    /** A node with no pods (for tests and queueing hints that evaluate a node on its own). */
    public static NodeInfo of(Node node) {
        NodeInfo info = new NodeInfo();
        info.setNode(node);
        return info;
    }

    void setNode(Node node) {
        this.node = node;
        this.name = node.getMetadata().getName();
        this.labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        this.taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        this.unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        this.allocatable = node.getStatus() == null ? Resource.ZERO : Resource.of(node.getStatus().getAllocatable());
    }

    void removeNode() {
        this.node = null;
    }

    void setImageStates(Map<String, ImageStateSummary> imageStates) {
        this.imageStates = imageStates;
    }

    void setGeneration(long generation) {
        this.generation = generation;
    }

    /** Adds a pod and what it uses. */
    public void addPod(PodInfo pod) {
        pods = append(pods, pod);
        podCount = pods.size();
        if (pod.withAffinity()) {
            podsWithAffinity = append(podsWithAffinity, pod);
        }
        if (pod.withRequiredAntiAffinity()) {
            podsWithRequiredAntiAffinity = append(podsWithRequiredAntiAffinity, pod);
        }
        update(pod, 1);
    }

    /** Removes the pod with this uid; false if it is not on this node. */
    public boolean removePod(String uid) {
        int index = indexOf(pods, uid);
        if (index < 0) {
            return false;
        }
        PodInfo removed = pods.get(index);
        pods = without(pods, index);
        podCount = pods.size();
        if (removed.withAffinity()) {
            podsWithAffinity = without(podsWithAffinity, indexOf(podsWithAffinity, uid));
        }
        if (removed.withRequiredAntiAffinity()) {
            podsWithRequiredAntiAffinity = without(podsWithRequiredAntiAffinity,
                    indexOf(podsWithRequiredAntiAffinity, uid));
        }
        update(removed, -1);
        return true;
    }

    private static List<PodInfo> append(List<PodInfo> list, PodInfo pod) {
        PodInfo[] a = list.toArray(new PodInfo[list.size() + 1]);
        a[list.size()] = pod;
        return List.of(a);
    }

    private static List<PodInfo> without(List<PodInfo> list, int index) {
        PodInfo[] a = new PodInfo[list.size() - 1];
        for (int i = 0, j = 0; i < list.size(); i++) {
            if (i != index) {
                a[j++] = list.get(i);
            }
        }
        return List.of(a);
    }

    private static int indexOf(List<PodInfo> list, String uid) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).uid().equals(uid)) {
                return i;
            }
        }
        return -1;
    }

    private void update(PodInfo pod, int sign) {
        requested = sign > 0 ? requested.plus(pod.requests()) : requested.minus(pod.requests());
        nonZeroMilliCpu += sign * pod.nonZeroMilliCpu();
        nonZeroMemory += sign * pod.nonZeroMemory();
        for (HostPortInfo.HostPort p : pod.hostPorts()) {
            if (sign > 0) {
                usedPorts.add(p);
            } else {
                usedPorts.remove(p);
            }
        }
    }

    /** A copy whose pods and ports can be changed without touching this one. */
    public NodeInfo copy() {
        NodeInfo c = new NodeInfo();
        c.copyFrom(this);
        c.usedPorts = usedPorts.isEmpty() ? new HostPortInfo() : usedPorts.copy();
        return c;
    }

    /** Makes this object show {@code other}'s state, sharing its collections (snapshot slots). */
    void copyFrom(NodeInfo other) {
        node = other.node;
        name = other.name;
        labels = other.labels;
        taints = other.taints;
        unschedulable = other.unschedulable;
        allocatable = other.allocatable;
        pods = other.pods;
        podCount = other.podCount;
        podsWithAffinity = other.podsWithAffinity;
        podsWithRequiredAntiAffinity = other.podsWithRequiredAntiAffinity;
        requested = other.requested;
        nonZeroMilliCpu = other.nonZeroMilliCpu;
        nonZeroMemory = other.nonZeroMemory;
        usedPorts = other.usedPorts;
        imageStates = other.imageStates;
        generation = other.generation;
    }

    /** The node, or {@code null} for a node that was deleted while pods were still assigned to it. */
    public Node node() {
        return node;
    }

    public String name() {
        return name;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    /** {@code spec.unschedulable}. */
    public boolean unschedulable() {
        return unschedulable;
    }

    /** {@code status.allocatable}. */
    public Resource allocatable() {
        return allocatable;
    }

    public List<PodInfo> pods() {
        return pods;
    }

    public int podCount() {
        return podCount;
    }

    /**
     * The pods of {@code namespace} that {@code selector} matches, terminating pods excluded (PodTopologySpread's
     * count). Remembered until the node's pods change, so a spreading workload does not recount every node in every
     * cycle.
     */
    public int countMatching(Selector selector, String namespace) {
        if (podCount == 0) {
            return 0;
        }
        MatchCount last = lastMatchCount;
        if (last != null && last.selector() == selector && last.pods() == pods && last.namespace().equals(namespace)) {
            return last.count();
        }
        List<PodInfo> current = pods;
        int count = 0;
        for (int i = 0; i < current.size(); i++) {
            PodInfo p = current.get(i);
            if (p.namespace().equals(namespace) && selector.matches(p.labels()) && !p.terminating()) {
                count++;
            }
        }
        lastMatchCount = new MatchCount(selector, namespace, current, count);
        return count;
    }

    public List<PodInfo> podsWithAffinity() {
        return podsWithAffinity;
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity;
    }

    /** Sum of the requests of the pods on the node (assumed pods included). */
    public Resource requested() {
        return requested;
    }

    /** Sum of cpu requests with the 100m default for containers without one. */
    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    /** Sum of memory requests with the 200 MiB default for containers without one. */
    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public HostPortInfo usedPorts() {
        return usedPorts;
    }

    /** Images present on the node by every name they are known under ({@code node.status.images}). */
    public Map<String, ImageStateSummary> imageStates() {
        return imageStates;
    }

    public long generation() {
        return generation;
    }

    @Override
    public String toString() {
        return "NodeInfo[" + name + ", pods=" + pods + ", requested=" + requested + "]";
    }
}
