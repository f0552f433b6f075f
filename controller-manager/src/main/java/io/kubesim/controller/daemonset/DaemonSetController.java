package io.kubesim.controller.daemonset;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ApiError;
import io.kubesim.controller.framework.Claims;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Expectations;
import io.kubesim.controller.framework.Json;
import io.kubesim.controller.framework.OwnerRefs;
import io.kubesim.controller.framework.PodTemplates;
import io.kubesim.controller.framework.Pods;
import io.kubesim.controller.framework.TemplateHash;
import io.kubesim.controller.framework.WorkQueue;
import io.kubesim.controller.framework.Writer;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;
import io.kubesim.runtime.EventRecorder;

/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, update.go): one pod per eligible node
 * ({@link DaemonSetUtil#nodeShouldRunDaemonPod}), pinned to its node by node affinity, following nodes as they come,
 * change and go; failed pods replaced with back-off; RollingUpdate (maxUnavailable, maxSurge) and OnDelete; status
 * counts.
 *
 * <p>Template revisions are identified by {@code controller-revision-hash} on the pods; ControllerRevision objects
 * are not stored (the resource is not served), so {@code kubectl rollout history/undo daemonset} have no history.
 */
@Component
final class DaemonSetController implements ClusterCache.Listener, AutoCloseable {

    static final String COMPONENT = "daemonset-controller";
    /** {@code BurstReplicas} of the DaemonSet controller. */
    static final int BURST_REPLICAS = 250;
    static final String FAILED_DAEMON_POD = "FailedDaemonPod";
    static final String SUCCEEDED_DAEMON_POD = "SucceededDaemonPod";
    static final String SELECTING_ALL = "SelectingAll";
    static final String SUCCESSFUL_CREATE = "SuccessfulCreate";
    static final String FAILED_CREATE = "FailedCreate";
    static final String SUCCESSFUL_DELETE = "SuccessfulDelete";
    static final String FAILED_DELETE = "FailedDelete";

    private static final String DS_PREFIX = "/" + Resources.DAEMON_SETS.qualifiedName() + "/";
    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";
    private static final String NODE_PREFIX = "/" + Resources.NODES.qualifiedName() + "/";

    private final ClusterCache cache;
    private final ClusterIndex index;
    private final Writer writer;
    private final Claims claims;
    private final VirtualClock clock;
    private final EventRecorder events;
    private final Expectations expectations = new Expectations();
    private final FailedPodBackoff failedPodsBackoff = new FailedPodBackoff();
    private final WorkQueue<String> queue;

    DaemonSetController(ClusterIndex index, Writer writer, Claims claims, VirtualClock clock,
            ControllerProperties properties) {
        this.cache = index.cache();
        this.index = index;
        this.writer = writer;
        this.claims = claims;
        this.clock = clock;
        this.events = new EventRecorder(writer.bus(), clock, COMPONENT);
        this.queue = new WorkQueue<>("daemonset", properties.concurrency().daemonset(), clock, this::sync,
                () -> Writer.awaitOwnWrites(cache));
        cache.addListener(this);
    }

    @Override
    public void onSynced() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }

    // ------------------------------------------------------------------------------------------ event handlers

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        String key = event.key();
        if (key.startsWith(DS_PREFIX)) {
            queue.add(key);
        } else if (key.startsWith(POD_PREFIX)) {
            podChanged(key, previous == null ? null : previous.as(Pod.class),
                    current == null ? null : current.as(Pod.class));
        } else if (key.startsWith(NODE_PREFIX)) {
            if (previous == null || current == null
                    || !previous.json().path("metadata").path("labels").equals(
                            current.json().path("metadata").path("labels"))
                    || !previous.json().path("spec").equals(current.json().path("spec"))) {
                for (Entry ds : cache.list(Resources.DAEMON_SETS, null)) {
                    queue.add(ds.key());
                }
            }
        }
    }

    private void podChanged(String podKey, Pod old, Pod cur) {
        if (cur == null) {
            String dsKey = controllerKey(old);
            if (dsKey != null) {
                expectations.deletionObserved(dsKey, podKey);
                queue.add(dsKey);
            }
            return;
        }
        String dsKey = controllerKey(cur);
        if (old == null) {
            if (dsKey != null) {
                if (Pods.isDeleting(cur)) {
                    expectations.deletionObserved(dsKey, podKey);
                } else {
                    expectations.creationObserved(dsKey);
                }
                queue.add(dsKey);
            } else if (!Pods.isDeleting(cur)) {
                enqueueMatching(cur);
            }
            return;
        }
        if (dsKey != null && Pods.isDeleting(cur) && !Pods.isDeleting(old)) {
            expectations.deletionObserved(dsKey, podKey);
        }
        String oldKey = controllerKey(old);
        if (oldKey != null && !oldKey.equals(dsKey)) {
            queue.add(oldKey);
        }
        if (dsKey != null) {
            queue.add(dsKey);
            return;
        }
        if (!Objects.equals(Pods.labels(old), Pods.labels(cur)) || oldKey != null) {
            enqueueMatching(cur);
        }
    }

    private String controllerKey(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (!OwnerRefs.controllerIs(ref, Resources.DAEMON_SETS)) {
            return null;
        }
        String key = Resources.DAEMON_SETS.ref(pod.getMetadata().getNamespace(), ref.getName()).key();
        Optional<Entry> ds = cache.get(key);
        if (ds.isEmpty() || !ref.getUid().equals(ds.get().json().path("metadata").path("uid").asString(""))) {
            return null;
        }
        return key;
    }

    private void enqueueMatching(Pod pod) {
        for (Entry e : cache.list(Resources.DAEMON_SETS, pod.getMetadata().getNamespace())) {
            DaemonSet ds = e.as(DaemonSet.class);
            if (LabelSelector.from(ds.getSpec().getSelector()).matches(Pods.labels(pod))) {
                queue.add(e.key());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ sync

    void sync(String key) {
        Optional<Entry> found = cache.get(key);
        if (found.isEmpty()) {
            expectations.forget(key);
            return;
        }
        Entry entry = found.get();
        DaemonSet ds = entry.as(DaemonSet.class);
        List<Node> nodes = cache.list(Resources.NODES, null, Node.class);
        var selector = ds.getSpec().getSelector();
        if (selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty())) {
            events.record(ds, EventRecorder.WARNING, SELECTING_ALL,
                    "This daemon set is selecting all pods. A non-empty selector is required.");
            return;
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Integer collisionCount = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        String hash = TemplateHash.compute(entry.json().path("spec").path("template"), collisionCount);
        if (!expectations.satisfied(key)) {
            updateStatus(entry, ds, nodes, hash, false);
            return;
        }
        manage(key, entry, ds, nodes, hash);
        if (expectations.satisfied(key) && isRollingUpdate(ds)) {
            rollingUpdate(key, entry, ds, nodes, hash);
        }
        updateStatus(entry, ds, nodes, hash, true);
    }

    /** {@code getNodesToDaemonPods}: claimed pods by target node, oldest first; finished deleted pods left out. */
    private Map<String, List<Pod>> nodeToDaemonPods(Entry entry, DaemonSet ds) {
        Set<String> keys = new LinkedHashSet<>(index.controlledBy(ds.getMetadata().getUid()));
        keys.addAll(index.orphans(Resources.PODS, ds.getMetadata().getNamespace()));
        List<Pod> pods = claims.claim(ds, Resources.DAEMON_SETS, LabelSelector.from(ds.getSpec().getSelector()),
                Resources.PODS, index.entries(keys), Pod.class, List.of());
        Map<String, List<Pod>> byNode = new TreeMap<>();
        for (Pod pod : pods) {
            if (Pods.isTerminal(pod) && Pods.isDeleting(pod)) {
                continue;
            }
            String node = DaemonSetUtil.targetNodeName(pod);
            if (node != null) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
            }
        }
        return byNode;
    }

    /** {@code manage}: creates the missing pods and deletes the ones that should not be there. */
    private void manage(String key, Entry entry, DaemonSet ds, List<Node> nodes, String hash) {
        Map<String, List<Pod>> byNode = nodeToDaemonPods(entry, ds);
        List<String> nodesNeeding = new ArrayList<>();
        List<Pod> toDelete = new ArrayList<>();
        Set<String> existing = new HashSet<>();
        for (Node node : nodes) {
            existing.add(node.getMetadata().getName());
            podsShouldBeOnNode(node, byNode.getOrDefault(node.getMetadata().getName(), List.of()), ds, hash,
                    nodesNeeding, toDelete);
        }
        for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
            if (!existing.contains(e.getKey())) {
                for (Pod pod : e.getValue()) {
                    if (Pods.nodeName(pod).isEmpty()) {
                        toDelete.add(pod);
                    }
                }
            }
        }
        syncNodes(key, entry, ds, toDelete, nodesNeeding, hash);
    }

    /** {@code podsShouldBeOnNode}. */
    private void podsShouldBeOnNode(Node node, List<Pod> daemonPods, DaemonSet ds, String hash,
            List<String> nodesNeeding, List<Pod> toDelete) {
        DaemonSetUtil.Eligibility e = DaemonSetUtil.nodeShouldRunDaemonPod(node, ds);
        String nodeName = node.getMetadata().getName();
        boolean exists = !daemonPods.isEmpty();
        if (e.shouldRun() && !exists) {
            nodesNeeding.add(nodeName);
        } else if (e.shouldContinueRunning()) {
            List<Pod> running = new ArrayList<>();
            Instant now = clock.instant();
            for (Pod pod : daemonPods) {
                if (Pods.isDeleting(pod)) {
                    continue;
                }
                if (Pods.FAILED.equals(Pods.phase(pod))) {
                    String backoffKey = ds.getMetadata().getUid() + "/" + nodeName;
                    if (failedPodsBackoff.inBackoff(backoffKey, now)) {
                        queue.addAfter(key(ds), failedPodsBackoff.get(backoffKey));
                        continue;
                    }
                    failedPodsBackoff.next(backoffKey, now);
                    events.record(ds, EventRecorder.WARNING, FAILED_DAEMON_POD, "Found failed daemon pod "
                            + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " on node "
                            + nodeName + ", will try to kill it");
                    toDelete.add(pod);
                } else if (Pods.SUCCEEDED.equals(Pods.phase(pod))) {
                    events.record(ds, EventRecorder.NORMAL, SUCCEEDED_DAEMON_POD, "Found succeeded daemon pod "
                            + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " on node "
                            + nodeName + ", will try to delete it");
                    toDelete.add(pod);
                } else {
                    running.add(pod);
                }
            }
            if (!allowsSurge(ds)) {
                if (running.size() > 1) {
                    running.sort(byCreationAndPhase());
                    toDelete.addAll(running.subList(1, running.size()));
                }
                return;
            }
            if (running.size() <= 1) {
                if (running.isEmpty() && e.shouldRun()) {
                    nodesNeeding.add(nodeName);
                }
                return;
            }
            running.sort(byCreationAndPhase());
            Pod oldestNew = null;
            Pod oldestOld = null;
            for (Pod pod : running) {
                if (hash.equals(Pods.labels(pod).get(DaemonSetUtil.CONTROLLER_REVISION_HASH_LABEL))) {
                    if (oldestNew == null) {
                        oldestNew = pod;
                        continue;
                    }
                } else if (oldestOld == null) {
                    oldestOld = pod;
                    continue;
                }
                toDelete.add(pod);
            }
            if (oldestNew != null && oldestOld != null) {
                int minReady = Json.intOr(ds.getSpec().getMinReadySeconds(), 0);
                if (!Pods.isReady(oldestOld) || Pods.isAvailable(oldestNew, minReady, now)) {
                    toDelete.add(oldestOld);
                }
            }
        } else if (exists) {
            for (Pod pod : daemonPods) {
                if (!Pods.isDeleting(pod)) {
                    toDelete.add(pod);
                }
            }
        }
    }

    /** {@code syncNodes}: creates pods on nodes (slow start) and deletes pods, within the burst limit. */
    private void syncNodes(String key, Entry entry, DaemonSet ds, List<Pod> toDelete, List<String> nodesNeeding,
            String hash) {
        List<String> create = nodesNeeding.size() > BURST_REPLICAS ? nodesNeeding.subList(0, BURST_REPLICAS)
                : nodesNeeding;
        List<Pod> delete = toDelete.size() > BURST_REPLICAS ? toDelete.subList(0, BURST_REPLICAS) : toDelete;
        if (create.isEmpty() && delete.isEmpty()) {
            return;
        }
        Set<String> deleteKeys = new HashSet<>();
        for (Pod p : delete) {
            deleteKeys.add(podKey(p));
        }
        expectations.expect(key, create.size(), deleteKeys);
        RuntimeException error = null;
        JsonNode template = entry.json().path("spec").path("template");
        Long generation = templateGeneration(ds);
        boolean hostNetwork = Boolean.TRUE.equals(ds.getSpec().getTemplate().getSpec().getHostNetwork());
        int next = 0;
        for (int size = Math.min(create.size(), 1); size > 0 && error == null;
                size = Math.min(2 * size, create.size() - next)) {
            List<Command> batch = new ArrayList<>();
            for (int i = next; i < next + size; i++) {
                ObjectNode podTemplate = DaemonSetUtil.podTemplate(template, generation, hash, create.get(i),
                        hostNetwork);
                batch.add(Writer.createCommand(Resources.PODS, ds.getMetadata().getNamespace(),
                        PodTemplates.newPod(podTemplate, Resources.DAEMON_SETS, ds)));
            }
            int failed = 0;
            for (Object r : writer.sendAll(batch)) {
                if (r instanceof CommandReply reply) {
                    events.record(ds, EventRecorder.NORMAL, SUCCESSFUL_CREATE,
                            "Created pod: " + reply.object().path("metadata").path("name").asString(""));
                } else if (r instanceof RuntimeException ex) {
                    failed++;
                    events.record(ds, EventRecorder.WARNING, FAILED_CREATE, "Error creating: " + ex.getMessage());
                    if (error == null) {
                        error = ex;
                    }
                }
            }
            next += size;
            if (failed > 0) {
                expectations.creationsSkipped(key, failed + (create.size() - next));
            }
        }
        List<Command> deletes = new ArrayList<>();
        for (Pod p : delete) {
            deletes.add(Writer.deleteCommand(Resources.PODS.ref(p.getMetadata().getNamespace(),
                    p.getMetadata().getName()), p.getMetadata().getUid(), null, null, null));
        }
        List<Object> results = writer.sendAll(deletes);
        for (int i = 0; i < delete.size(); i++) {
            Pod p = delete.get(i);
            if (results.get(i) instanceof RuntimeException ex) {
                expectations.deletionObserved(key, podKey(p));
                if (!(ex instanceof ApiError api && api.isNotFound())) {
                    events.record(ds, EventRecorder.WARNING, FAILED_DELETE, "Error deleting: " + ex.getMessage());
                    if (error == null) {
                        error = ex;
                    }
                }
            } else {
                events.record(ds, EventRecorder.NORMAL, SUCCESSFUL_DELETE,
                        "Deleted pod: " + p.getMetadata().getName());
            }
        }
        if (error != null) {
            throw error;
        }
    }

    // ------------------------------------------------------------------------------------------ rolling update

    private static boolean isRollingUpdate(DaemonSet ds) {
        var strategy = ds.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
    }

    /** {@code AllowsSurge}: maxSurge resolves to more than zero for one node. */
    private static boolean allowsSurge(DaemonSet ds) {
        return isRollingUpdate(ds) && surgeValue(ds) != null && scaled(surgeValue(ds), 1) != 0;
    }

    private static IntOrString surgeValue(DaemonSet ds) {
        var strategy = ds.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getMaxSurge();
    }

    private static IntOrString unavailableValue(DaemonSet ds) {
        var strategy = ds.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getMaxUnavailable() == null
                ? new IntOrString(1) : strategy.getRollingUpdate().getMaxUnavailable();
    }

    /** {@code intstr.GetScaledValueFromIntOrPercent} rounding up. */
    static int scaled(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        return (int) Math.ceilDiv((long) percent * total, 100);
    }

    /** {@code rollingUpdate}. */
    private void rollingUpdate(String key, Entry entry, DaemonSet ds, List<Node> nodes, String hash) {
        Map<String, List<Pod>> byNode = nodeToDaemonPods(entry, ds);
        int desired = 0;
        Map<String, Node> nodeByName = new HashMap<>();
        for (Node node : nodes) {
            nodeByName.put(node.getMetadata().getName(), node);
            if (DaemonSetUtil.nodeShouldRunDaemonPod(node, ds).shouldRun()) {
                desired++;
                byNode.putIfAbsent(node.getMetadata().getName(), List.of());
            }
        }
        int maxUnavailable = scaled(unavailableValue(ds), desired);
        int maxSurge = surgeValue(ds) == null ? 0 : scaled(surgeValue(ds), desired);
        if (maxUnavailable == 0 && maxSurge == 0) {
            maxUnavailable = 1;
        }
        Instant now = clock.instant();
        int minReady = Json.intOr(ds.getSpec().getMinReadySeconds(), 0);
        Long generation = templateGeneration(ds);
        List<Pod> oldPodsToDelete = new ArrayList<>();
        if (maxSurge == 0) {
            int numUnavailable = 0;
            List<Pod> allowedReplacement = new ArrayList<>();
            List<Pod> candidates = new ArrayList<>();
            for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
                UpdatedPods found = findUpdatedPodsOnNode(e.getValue(), hash, generation);
                if (found == null) {
                    numUnavailable++;
                    continue;
                }
                if (found.oldPod() == null && found.newPod() == null
                        || found.oldPod() != null && found.newPod() != null) {
                    numUnavailable++;
                } else if (found.newPod() != null) {
                    if (!Pods.isAvailable(found.newPod(), minReady, now)) {
                        numUnavailable++;
                    }
                } else if (!Pods.isAvailable(found.oldPod(), minReady, now)) {
                    allowedReplacement.add(found.oldPod());
                    numUnavailable++;
                } else if (numUnavailable < maxUnavailable) {
                    candidates.add(found.oldPod());
                }
            }
            int remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.size());
            oldPodsToDelete.addAll(allowedReplacement);
            oldPodsToDelete.addAll(candidates.subList(0, remaining));
            syncNodes(key, entry, ds, oldPodsToDelete, List.of(), hash);
            return;
        }
        List<Pod> shouldNotRunToDelete = new ArrayList<>();
        List<String> candidateNewNodes = new ArrayList<>();
        List<String> allowedNewNodes = new ArrayList<>();
        int numSurge = 0;
        int numAvailable = 0;
        for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
            String nodeName = e.getKey();
            UpdatedPods found = findUpdatedPodsOnNode(e.getValue(), hash, generation);
            if (found == null) {
                numSurge++;
                continue;
            }
            Pod oldPod = found.oldPod();
            Pod newPod = found.newPod();
            if (oldPod != null) {
                if (Pods.isAvailable(oldPod, minReady, now)) {
                    numAvailable++;
                }
            } else if (newPod != null && Pods.isAvailable(newPod, minReady, now)) {
                numAvailable++;
            }
            if (oldPod == null) {
                continue;
            }
            Node node = nodeByName.get(nodeName);
            boolean shouldRun = node != null && DaemonSetUtil.nodeShouldRunDaemonPod(node, ds).shouldRun();
            if (newPod == null) {
                if (!Pods.isAvailable(oldPod, minReady, now)) {
                    if (!shouldRun) {
                        oldPodsToDelete.add(oldPod);
                        continue;
                    }
                    allowedNewNodes.add(nodeName);
                } else {
                    if (!shouldRun) {
                        shouldNotRunToDelete.add(oldPod);
                        continue;
                    }
                    if (numSurge >= maxSurge) {
                        continue;
                    }
                    candidateNewNodes.add(nodeName);
                }
            } else {
                if (!Pods.isAvailable(newPod, minReady, now)) {
                    numSurge++;
                    continue;
                }
                oldPodsToDelete.add(oldPod);
            }
        }
        int remainingSurge = Math.max(0, maxSurge - numSurge);
        int deletable = numAvailable - desired;
        if (deletable > 0) {
            oldPodsToDelete.addAll(shouldNotRunToDelete.subList(0, Math.min(deletable, shouldNotRunToDelete.size())));
        }
        remainingSurge = Math.min(remainingSurge, candidateNewNodes.size());
        List<String> newNodes = new ArrayList<>(allowedNewNodes);
        newNodes.addAll(candidateNewNodes.subList(0, remainingSurge));
        syncNodes(key, entry, ds, oldPodsToDelete, newNodes, hash);
    }

    private record UpdatedPods(Pod newPod, Pod oldPod) {
    }

    /** {@code findUpdatedPodsOnNode}: null when the node has more than one new or more than one old pod. */
    private static UpdatedPods findUpdatedPodsOnNode(List<Pod> pods, String hash, Long generation) {
        Pod newPod = null;
        Pod oldPod = null;
        for (Pod pod : pods) {
            if (Pods.isDeleting(pod)) {
                continue;
            }
            if (isUpdated(pod, hash, generation)) {
                if (newPod != null) {
                    return null;
                }
                newPod = pod;
            } else {
                if (oldPod != null) {
                    return null;
                }
                oldPod = pod;
            }
        }
        return new UpdatedPods(newPod, oldPod);
    }

    /** {@code IsPodUpdated}: the pod carries the current hash or template generation. */
    static boolean isUpdated(Pod pod, String hash, Long generation) {
        Map<String, String> labels = Pods.labels(pod);
        boolean templateMatches = generation != null
                && String.valueOf(generation).equals(labels.get(DaemonSetUtil.TEMPLATE_GENERATION_LABEL));
        boolean hashMatches = !hash.isEmpty() && hash.equals(labels.get(DaemonSetUtil.CONTROLLER_REVISION_HASH_LABEL));
        return hashMatches || templateMatches;
    }

    private static Long templateGeneration(DaemonSet ds) {
        Map<String, String> annotations = ds.getMetadata().getAnnotations();
        String v = annotations == null ? null : annotations.get(DaemonSetUtil.TEMPLATE_GENERATION_ANNOTATION);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------ status

    /** {@code updateDaemonSetStatus}. */
    private void updateStatus(Entry entry, DaemonSet ds, List<Node> nodes, String hash, boolean updateObservedGen) {
        Map<String, List<Pod>> byNode = nodeToDaemonPods(entry, ds);
        Instant now = clock.instant();
        int minReady = Json.intOr(ds.getSpec().getMinReadySeconds(), 0);
        Long generation = templateGeneration(ds);
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (Node node : nodes) {
            boolean shouldRun = DaemonSetUtil.nodeShouldRunDaemonPod(node, ds).shouldRun();
            List<Pod> pods = byNode.getOrDefault(node.getMetadata().getName(), List.of());
            boolean scheduled = !pods.isEmpty();
            if (shouldRun) {
                desired++;
                if (!scheduled) {
                    continue;
                }
                current++;
                List<Pod> sorted = new ArrayList<>(pods);
                sorted.sort(byCreationAndPhase());
                Pod pod = sorted.getFirst();
                if (Pods.isReady(pod)) {
                    ready++;
                    if (Pods.isAvailable(pod, minReady, now)) {
                        available++;
                    }
                }
                if (isUpdated(pod, hash, generation)) {
                    updated++;
                }
            } else if (scheduled) {
                misscheduled++;
            }
        }
        ObjectNode status = Json.object();
        status.put("currentNumberScheduled", current);
        status.put("numberMisscheduled", misscheduled);
        status.put("desiredNumberScheduled", desired);
        status.put("numberReady", ready);
        long observed = updateObservedGen ? Json.longOr(ds.getMetadata().getGeneration(), 0)
                : entry.json().path("status").path("observedGeneration").asLong(0);
        Json.putNonZero(status, "observedGeneration", observed);
        Json.putNonZero(status, "updatedNumberScheduled", updated);
        Json.putNonZero(status, "numberAvailable", available);
        Json.putNonZero(status, "numberUnavailable", desired - available);
        JsonNode previous = entry.json().path("status");
        if (previous.has("collisionCount")) {
            status.set("collisionCount", previous.get("collisionCount"));
        }
        if (previous.has("conditions")) {
            status.set("conditions", previous.get("conditions"));
        }
        if (!status.equals(previous)) {
            writer.updateStatus(Resources.DAEMON_SETS, Json.withStatus(entry.json(), status));
        }
        if (minReady > 0 && ready != available) {
            queue.addAfter(key(ds), Duration.ofSeconds(minReady));
        }
    }

    /** {@code podByCreationTimestampAndPhase}: scheduled pods first, then oldest, then by name. */
    static Comparator<Pod> byCreationAndPhase() {
        return Comparator.comparing((Pod p) -> Pods.nodeName(p).isEmpty())
                .thenComparing(p -> KubeTime.parse(p.getMetadata().getCreationTimestamp()),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(p -> p.getMetadata().getName());
    }

    private static String key(DaemonSet ds) {
        return Resources.DAEMON_SETS.ref(ds.getMetadata().getNamespace(), ds.getMetadata().getName()).key();
    }

    private static String podKey(Pod p) {
        return Resources.PODS.ref(p.getMetadata().getNamespace(), p.getMetadata().getName()).key();
    }
}
