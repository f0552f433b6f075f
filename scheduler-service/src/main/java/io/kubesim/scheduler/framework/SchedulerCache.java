package io.kubesim.scheduler.framework;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Nodes and the pods assigned to them, including pods the scheduler has chosen a node for but whose binding is not
 * confirmed yet ("assumed"), after pkg/scheduler/backend/cache/cache.go (Kubernetes 1.32).
 *
 * <p>Every change stamps the node it touches with a new generation; {@link #updateSnapshot(Snapshot)} copies only
 * the nodes stamped after the snapshot's generation, newest first, so a cycle costs O(changed nodes), not O(nodes).
 * Thread-safe: informer-style updates may come from another thread than the scheduling loop.
 */
public final class SchedulerCache {

    private static final class PodState {
        PodInfo pod;
        String nodeName;
        boolean assumed;
        boolean bindingFinished;
        Instant deadline;
    }

    private static final class ImageState {
        final long size;
        final Set<String> nodes = new HashSet<>();

        ImageState(long size) {
            this.size = size;
        }
    }

    private final Clock clock;
    private final Duration assumedPodTtl;
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    /** Node names, the most recently changed last. */
    private final LinkedHashMap<String, NodeInfo> recency = new LinkedHashMap<>();
    private final NodeTree tree = new NodeTree();
    private final Map<String, PodState> pods = new HashMap<>();
    private final Map<String, ImageState> images = new HashMap<>();
    private final Map<String, Map<String, Long>> imagesOfNode = new HashMap<>();
    private final Map<String, Integer> affinityTopologyKeys = new HashMap<>();
    private long generation;
    private long treeVersion;
    private long labelsVersion;
    private long affinityKeysVersion;

    /**
     * @param clock         the cluster clock
     * @param assumedPodTtl how long an assumed pod whose binding finished stays without being confirmed by an
     *                      assigned-pod event; {@link Duration#ZERO} keeps it until confirmed or forgotten
     *                      (upstream's default since 1.27)
     */
    public SchedulerCache(Clock clock, Duration assumedPodTtl) {
        this.clock = clock;
        this.assumedPodTtl = assumedPodTtl;
    }

    public synchronized void addNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo info = nodes.computeIfAbsent(name, n -> new NodeInfo());
        info.setNode(node);
        tree.add(node);
        treeVersion++;
        labelsVersion++;
        setImages(name, node);
        touch(name, info);
    }

    public synchronized void updateNode(Node oldNode, Node newNode) {
        String name = newNode.getMetadata().getName();
        NodeInfo info = nodes.get(name);
        if (info == null || info.node() == null) {
            addNode(newNode);
            return;
        }
        Map<String, String> oldLabels = info.labels();
        info.setNode(newNode);
        if (!oldLabels.equals(info.labels())) {
            labelsVersion++;
        }
        if (tree.update(oldNode, newNode)) {
            treeVersion++;
        }
        setImages(name, newNode);
        touch(name, info);
    }

    public synchronized void removeNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo info = nodes.get(name);
        if (info == null) {
            return;
        }
        tree.remove(name);
        treeVersion++;
        labelsVersion++;
        setImages(name, null);
        if (info.podCount() == 0) {
            nodes.remove(name);
            recency.remove(name);
            generation++;
        } else {
            // Pods may still be deleted later; keep their accounting until then (a "ghost" node).
            info.removeNode();
            touch(name, info);
        }
    }

    /** An assigned pod appeared (or an assumed one was confirmed by the bind). */
    public synchronized void addPod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodState state = pods.get(uid);
        PodInfo info = PodInfo.of(pod);
        if (state != null) {
            if (!state.assumed) {
                return;
            }
            removeFromNode(state);
        } else {
            state = new PodState();
            pods.put(uid, state);
        }
        state.pod = info;
        state.nodeName = info.nodeName();
        state.assumed = false;
        state.deadline = null;
        addToNode(state);
    }

    /** An assigned pod changed (labels, status, ...). */
    public synchronized void updatePod(Pod oldPod, Pod newPod) {
        PodState state = pods.get(newPod.getMetadata().getUid());
        if (state == null || state.assumed) {
            addPod(newPod);
            return;
        }
        removeFromNode(state);
        state.pod = PodInfo.of(newPod);
        state.nodeName = state.pod.nodeName();
        addToNode(state);
    }

    /** An assigned pod was deleted (or reached a terminal phase). */
    public synchronized void removePod(Pod pod) {
        PodState state = pods.remove(pod.getMetadata().getUid());
        if (state != null) {
            removeFromNode(state);
        }
    }

    /**
     * Counts {@code pod} on {@code nodeName} before its binding is confirmed. False if the cache already has the pod.
     */
    public synchronized boolean assume(PodInfo pod, String nodeName) {
        if (pods.containsKey(pod.uid())) {
            return false;
        }
        PodState state = new PodState();
        state.pod = pod;
        state.nodeName = nodeName;
        state.assumed = true;
        pods.put(pod.uid(), state);
        addToNode(state);
        return true;
    }

    /** The binding of an assumed pod finished; with a TTL, the assumption now expires unless confirmed. */
    public synchronized void finishBinding(String podUid) {
        PodState state = pods.get(podUid);
        if (state != null && state.assumed) {
            state.bindingFinished = true;
            if (!assumedPodTtl.isZero()) {
                state.deadline = clock.instant().plus(assumedPodTtl);
            }
        }
    }

    /** Drops an assumed pod (its binding failed). Confirmed pods are left alone. */
    public synchronized void forget(String podUid) {
        PodState state = pods.get(podUid);
        if (state != null && state.assumed) {
            pods.remove(podUid);
            removeFromNode(state);
        }
    }

    /** Whether the cache has the pod, assumed or assigned (then it is not pending: a queue entry of it is stale). */
    public synchronized boolean hasPod(String podUid) {
        return pods.containsKey(podUid);
    }

    public synchronized boolean isAssumed(String podUid) {
        PodState state = pods.get(podUid);
        return state != null && state.assumed;
    }

    /** Drops assumed pods whose binding finished more than the TTL ago without being confirmed. */
    public synchronized void cleanupExpiredAssumedPods() {
        Instant now = clock.instant();
        List<String> expired = new ArrayList<>();
        pods.forEach((uid, s) -> {
            if (s.assumed && s.bindingFinished && s.deadline != null && now.isAfter(s.deadline)) {
                expired.add(uid);
            }
        });
        expired.forEach(this::forget);
    }

    public synchronized int nodeCount() {
        return tree.size();
    }

    public synchronized int podCount() {
        return pods.size();
    }

    /** A new snapshot of the current state. */
    public Snapshot snapshot() {
        Snapshot s = new Snapshot();
        updateSnapshot(s);
        return s;
    }

    /** Brings {@code snapshot} up to date, copying only the nodes changed since its last update. */
    public synchronized void updateSnapshot(Snapshot snapshot) {
        boolean rebuildAll = snapshot.treeVersion != treeVersion;
        for (NodeInfo info : recency.sequencedValues().reversed()) {
            if (info.generation() <= snapshot.generation) {
                break;
            }
            if (info.node() == null) {
                continue;
            }
            NodeInfo slot = snapshot.byName.get(info.name());
            if (slot == null) {
                slot = new NodeInfo();
                snapshot.byName.put(info.name(), slot);
                rebuildAll = true;
            }
            NodeInfo clone = info.copy();
            clone.setImageStates(imageStates(info.name()));
            slot.copyFrom(clone);
            if (!rebuildAll) {
                snapshot.updateAffinityLists(slot);
            }
        }
        if (snapshot.byName.size() > tree.size()) {
            snapshot.byName.keySet().removeIf(name -> {
                NodeInfo info = nodes.get(name);
                return info == null || info.node() == null;
            });
            rebuildAll = true;
        }
        if (rebuildAll) {
            snapshot.rebuildLists(tree.list());
            snapshot.treeVersion = treeVersion;
        }
        if (rebuildAll || snapshot.labelsVersion != labelsVersion) {
            snapshot.clearDomains();
            snapshot.labelsVersion = labelsVersion;
        }
        if (snapshot.affinityKeysVersion != affinityKeysVersion) {
            snapshot.affinityTopologyKeys = Set.copyOf(affinityTopologyKeys.keySet());
            snapshot.affinityKeysVersion = affinityKeysVersion;
        }
        snapshot.generation = generation;
    }

    private void addToNode(PodState state) {
        NodeInfo info = nodes.computeIfAbsent(state.nodeName, n -> new NodeInfo());
        info.addPod(state.pod);
        countAffinityKeys(state.pod, 1);
        touch(state.nodeName, info);
    }

    private void countAffinityKeys(PodInfo pod, int delta) {
        if (!pod.withAffinity()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        pod.requiredAffinityTerms().forEach(t -> keys.add(t.topologyKey()));
        pod.preferredAffinityTerms().forEach(t -> keys.add(t.term().topologyKey()));
        pod.preferredAntiAffinityTerms().forEach(t -> keys.add(t.term().topologyKey()));
        for (String key : keys) {
            int n = affinityTopologyKeys.merge(key, delta, Integer::sum);
            if (n == 0) {
                affinityTopologyKeys.remove(key);
                affinityKeysVersion++;
            } else if (n == delta) {
                affinityKeysVersion++;
            }
        }
    }

    private void removeFromNode(PodState state) {
        NodeInfo info = nodes.get(state.nodeName);
        if (info == null) {
            return;
        }
        if (info.removePod(state.pod.uid())) {
            countAffinityKeys(state.pod, -1);
        }
        if (info.node() == null && info.podCount() == 0) {
            nodes.remove(state.nodeName);
            recency.remove(state.nodeName);
            generation++;
        } else {
            touch(state.nodeName, info);
        }
    }

    private void touch(String name, NodeInfo info) {
        info.setGeneration(++generation);
        recency.putLast(name, info);
    }

    private void setImages(String nodeName, Node node) {
        Map<String, Long> previous = imagesOfNode.remove(nodeName);
        if (previous != null) {
            for (String image : previous.keySet()) {
                ImageState state = images.get(image);
                if (state != null) {
                    state.nodes.remove(nodeName);
                    if (state.nodes.isEmpty()) {
                        images.remove(image);
                    }
                }
            }
        }
        if (node == null || node.getStatus() == null || node.getStatus().getImages() == null
                || node.getStatus().getImages().isEmpty()) {
            return;
        }
        Map<String, Long> sizes = new HashMap<>();
        for (ContainerImage image : node.getStatus().getImages()) {
            long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
            if (image.getNames() == null) {
                continue;
            }
            for (String name : image.getNames()) {
                images.computeIfAbsent(name, n -> new ImageState(size)).nodes.add(nodeName);
                sizes.putIfAbsent(name, size);
            }
        }
        imagesOfNode.put(nodeName, sizes);
    }

    private Map<String, NodeInfo.ImageStateSummary> imageStates(String nodeName) {
        Map<String, Long> sizes = imagesOfNode.get(nodeName);
        if (sizes == null) {
            return Map.of();
        }
        Map<String, NodeInfo.ImageStateSummary> out = new HashMap<>(sizes.size() * 2);
        for (String name : sizes.keySet()) {
            ImageState state = images.get(name);
            out.put(name, new NodeInfo.ImageStateSummary(state.size, state.nodes.size()));
        }
        return out;
    }
}
