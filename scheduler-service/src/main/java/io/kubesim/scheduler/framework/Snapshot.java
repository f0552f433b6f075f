package io.kubesim.scheduler.framework;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The nodes of one scheduling cycle (pkg/scheduler/backend/cache/snapshot.go, Kubernetes 1.32). Filled by
 * {@link SchedulerCache#updateSnapshot(Snapshot)}, which copies only the nodes that changed since the previous
 * update; the cache never changes a snapshot's nodes while a cycle reads them.
 */
public final class Snapshot {

    /** A list with O(1) add and remove, in no particular order. */
    static final class NodeSet {
        private final ArrayList<NodeInfo> list = new ArrayList<>();
        private final List<NodeInfo> view = Collections.unmodifiableList(list);
        private final Map<NodeInfo, Integer> positions = new HashMap<>();

        void set(NodeInfo node, boolean member) {
            Integer pos = positions.get(node);
            if (member && pos == null) {
                positions.put(node, list.size());
                list.add(node);
            } else if (!member && pos != null) {
                NodeInfo last = list.removeLast();
                positions.remove(node);
                if (last != node) {
                    list.set(pos, last);
                    positions.put(last, pos);
                }
            }
        }

        void clear() {
            list.clear();
            positions.clear();
        }
    }

    final Map<String, NodeInfo> byName = new HashMap<>();
    List<NodeInfo> nodes = List.of();
    final NodeSet havePodsWithAffinity = new NodeSet();
    final NodeSet havePodsWithRequiredAntiAffinity = new NodeSet();
    /** Nodes with at least one pod carrying the label, by label key and value (see {@link #havePodsWithLabel}). */
    private final Map<String, Map<String, NodeSet>> havePodsWithLabel = new HashMap<>();
    /** The labels each indexed node is listed under, as {key, value} pairs, with the pod list they came from. */
    private final Map<NodeInfo, IndexedLabels> indexedLabels = new HashMap<>();

    private record IndexedLabels(List<PodInfo> pods, List<String[]> pairs) {
    }
    long generation;
    long treeVersion = -1;
    long labelsVersion = -1;
    long affinityKeysVersion = -1;
    Set<String> affinityTopologyKeys = Set.of();
    private final Map<String, Map<String, List<NodeInfo>>> domains = new HashMap<>();

    public Snapshot() {
    }

    /** A snapshot of these nodes with these pods (each pod on the node its {@code spec.nodeName} names). */
    public static Snapshot of(Collection<Node> nodes, Collection<Pod> pods) {
        SchedulerCache cache = new SchedulerCache(Clock.systemUTC(), Duration.ZERO);
        nodes.forEach(cache::addNode);
        pods.forEach(cache::addPod);
        return cache.snapshot();
    }

    /** Every node, in the order cycles examine them (round-robin over zones). */
    public List<NodeInfo> nodes() {
        return nodes;
    }

    public int numNodes() {
        return nodes.size();
    }

    /** The node with this name, or {@code null}. */
    public NodeInfo get(String nodeName) {
        return byName.get(nodeName);
    }

    /** Nodes with at least one pod that has pod affinity or anti-affinity. */
    public List<NodeInfo> havePodsWithAffinity() {
        return havePodsWithAffinity.view;
    }

    /** Nodes with at least one pod that has required pod anti-affinity. */
    public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        return havePodsWithRequiredAntiAffinity.view;
    }

    /**
     * Nodes with at least one pod whose labels include {@code key=value}, in no particular order; kept up to date
     * with the pods of the snapshot's nodes, like {@link #havePodsWithAffinity()}. A pod a selector can only match
     * if it carries {@code key=value} is on one of these nodes.
     */
    public List<NodeInfo> havePodsWithLabel(String key, String value) {
        Map<String, NodeSet> values = havePodsWithLabel.get(key);
        NodeSet set = values == null ? null : values.get(value);
        return set == null ? List.of() : set.view;
    }

    /**
     * The nodes of each topology domain of a label key (value to nodes), built once and kept until a node's labels
     * or the node set change.
     */
    public synchronized Map<String, List<NodeInfo>> domains(String topologyKey) {
        return domains.computeIfAbsent(topologyKey, k -> {
            Map<String, List<NodeInfo>> byValue = new HashMap<>();
            for (NodeInfo node : nodes) {
                String value = node.labels().get(k);
                if (value != null) {
                    byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(node);
                }
            }
            return byValue;
        });
    }

    /**
     * The topology keys of the scoring terms (required affinity, preferred affinity and anti-affinity) of the pods
     * on the snapshot's nodes.
     */
    public Set<String> affinityTopologyKeys() {
        return affinityTopologyKeys;
    }

    synchronized void clearDomains() {
        domains.clear();
    }

    void rebuildLists(List<String> order) {
        List<NodeInfo> list = new ArrayList<>(order.size());
        havePodsWithAffinity.clear();
        havePodsWithRequiredAntiAffinity.clear();
        havePodsWithLabel.clear();
        indexedLabels.clear();
        for (String name : order) {
            NodeInfo info = byName.get(name);
            if (info != null) {
                list.add(info);
                updateAffinityLists(info);
            }
        }
        nodes = Collections.unmodifiableList(list);
    }

    void updateAffinityLists(NodeInfo info) {
        havePodsWithAffinity.set(info, !info.podsWithAffinity().isEmpty());
        havePodsWithRequiredAntiAffinity.set(info, !info.podsWithRequiredAntiAffinity().isEmpty());
        updateLabelIndex(info);
    }

    private void updateLabelIndex(NodeInfo info) {
        IndexedLabels old = indexedLabels.get(info);
        List<PodInfo> pods = info.node() == null ? List.of() : info.pods();
        if (old != null && old.pods() == pods) {
            return;
        }
        if (old != null) {
            for (String[] pair : old.pairs()) {
                Map<String, NodeSet> values = havePodsWithLabel.get(pair[0]);
                NodeSet set = values.get(pair[1]);
                set.set(info, false);
                if (set.list.isEmpty()) {
                    values.remove(pair[1]);
                    if (values.isEmpty()) {
                        havePodsWithLabel.remove(pair[0]);
                    }
                }
            }
            indexedLabels.remove(info);
        }
        if (pods.isEmpty()) {
            return;
        }
        List<String[]> pairs = new ArrayList<>();
        for (PodInfo p : pods) {
            for (Map.Entry<String, String> label : p.labels().entrySet()) {
                NodeSet set = havePodsWithLabel.computeIfAbsent(label.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(label.getValue(), v -> new NodeSet());
                if (!set.positions.containsKey(info)) {
                    set.set(info, true);
                    pairs.add(new String[] {label.getKey(), label.getValue()});
                }
            }
        }
        indexedLabels.put(info, new IndexedLabels(pods, pairs));
    }
}
