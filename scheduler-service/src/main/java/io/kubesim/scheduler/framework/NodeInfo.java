package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.Collections;
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

    private ArrayList<PodInfo> pods = new ArrayList<>();
    private ArrayList<PodInfo> podsWithAffinity = new ArrayList<>();
    private ArrayList<PodInfo> podsWithRequiredAntiAffinity = new ArrayList<>();
    private List<PodInfo> podsView = Collections.unmodifiableList(pods);
    private List<PodInfo> podsWithAffinityView = Collections.unmodifiableList(podsWithAffinity);
    private List<PodInfo> podsWithRequiredAntiAffinityView = Collections.unmodifiableList(podsWithRequiredAntiAffinity);
    private Resource requested = Resource.ZERO;
    private long nonZeroMilliCpu;
    private long nonZeroMemory;
    private HostPortInfo usedPorts = new HostPortInfo();
    private Map<String, ImageStateSummary> imageStates = Map.of();
    private long generation;

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
        pods.add(pod);
        if (pod.withAffinity()) {
            podsWithAffinity.add(pod);
        }
        if (pod.withRequiredAntiAffinity()) {
            podsWithRequiredAntiAffinity.add(pod);
        }
        update(pod, 1);
    }

    /** Removes the pod with this uid; false if it is not on this node. */
    public boolean removePod(String uid) {
        PodInfo removed = removeFrom(pods, uid);
        if (removed == null) {
            return false;
        }
        removeFrom(podsWithAffinity, uid);
        removeFrom(podsWithRequiredAntiAffinity, uid);
        update(removed, -1);
        return true;
    }

    private static PodInfo removeFrom(ArrayList<PodInfo> list, String uid) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).uid().equals(uid)) {
                return list.remove(i);
            }
        }
        return null;
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

    /** A copy whose pod lists and ports can be changed without touching this one. */
    public NodeInfo copy() {
        NodeInfo c = new NodeInfo();
        c.copyFrom(this);
        c.setLists(new ArrayList<>(pods), new ArrayList<>(podsWithAffinity),
                new ArrayList<>(podsWithRequiredAntiAffinity));
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
        setLists(other.pods, other.podsWithAffinity, other.podsWithRequiredAntiAffinity);
        requested = other.requested;
        nonZeroMilliCpu = other.nonZeroMilliCpu;
        nonZeroMemory = other.nonZeroMemory;
        usedPorts = other.usedPorts;
        imageStates = other.imageStates;
        generation = other.generation;
    }

    private void setLists(ArrayList<PodInfo> all, ArrayList<PodInfo> withAffinity,
                          ArrayList<PodInfo> withRequiredAntiAffinity) {
        pods = all;
        podsWithAffinity = withAffinity;
        podsWithRequiredAntiAffinity = withRequiredAntiAffinity;
        podsView = Collections.unmodifiableList(all);
        podsWithAffinityView = Collections.unmodifiableList(withAffinity);
        podsWithRequiredAntiAffinityView = Collections.unmodifiableList(withRequiredAntiAffinity);
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
        return podsView;
    }

    public int podCount() {
        return pods.size();
    }

    public List<PodInfo> podsWithAffinity() {
        return podsWithAffinityView;
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinityView;
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
