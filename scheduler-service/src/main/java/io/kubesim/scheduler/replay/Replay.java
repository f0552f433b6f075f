package io.kubesim.scheduler.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.Service;
import io.kubesim.model.json.KubeJson;
import io.kubesim.scheduler.framework.InMemoryListers;
import io.kubesim.scheduler.framework.Nominator;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PodRef;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.QueuedPodInfo;
import io.kubesim.scheduler.framework.Resource;
import io.kubesim.scheduler.framework.SchedulerCache;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.framework.SchedulingAlgorithm;
import io.kubesim.scheduler.framework.SchedulingMessages;
import io.kubesim.scheduler.framework.SchedulingResult;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.plugins.DefaultPlugins;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;

/**
 * Replay what-if: re-runs the pod workload of an exported event log through the scheduler framework (the same
 * plugins, cache and algorithm as scheduler-service, in process, nothing started) against a cluster shape and a
 * scheduler configuration of one's choosing, on a fresh log, and compares the placements with the recorded ones.
 *
 * <p>The log is walked in revision order and its events are applied as they happened:
 * <ul>
 *   <li>a pod's first row creates it (without {@code spec.nodeName} and status) and the framework schedules it at
 *       once; a pod created with {@code spec.nodeName} (not the scheduler's) stays on that node if the cluster has
 *       it; the pod's deletion deletes it. Updates of pods (status, bindings) are not applied: where the recorded
 *       scheduler put a pod is what the replay compares against, not an input.</li>
 *   <li>Nodes: without a cluster of one's own, the log's Node rows are applied in order (registration, labels,
 *       taints, cordons, allocatable, images, deletion; heartbeat-only updates change nothing the scheduler reads);
 *       with one ({@code -f cluster.yaml}), those nodes exist from the start and the log's Node rows are ignored.</li>
 *   <li>Namespaces, Services and ReplicaSets (what InterPodAffinity and PodTopologySpread's default constraints
 *       read) follow the log, and are copied into the fresh log, so that replaying it gives the same placements.</li>
 *   <li>A pod the framework cannot place waits, and is retried (in creation order) after every event that can help
 *       it: a node added or changed, a pod deleted, another pod bound. Preemption is carried out: the victims are
 *       deleted (they count as pending, "preempted by ...") and the preemptor is retried at once.</li>
 * </ul>
 * Controllers are not re-run: the pods as recorded are the workload (a ReplicaSet's pods are replayed, its reaction
 * to a pending or deleted pod is not). Nodes are filtered on one thread, so that the placements depend only on the
 * log, the cluster, the configuration and the seed: the same inputs give the same placements.
 */
public final class Replay {

    /** The actor of the replayed bindings and FailedScheduling status updates. */
    public static final String SCHEDULER_ACTOR = "system:kube-scheduler";

    /**
     * What to replay against.
     *
     * @param config  the scheduler configuration (profiles and seed; parallelism is forced to 1)
     * @param images  the image catalog for ImageArchitecture
     * @param cluster the nodes of the replayed cluster, or null for the log's own nodes as they came and went
     */
    public record Options(SchedulerConfig config, ImagePlatformCatalog images, List<Node> cluster) {

        public Options {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(images, "images");
            cluster = cluster == null ? null : List.copyOf(cluster);
        }
    }

    /** One pod of the workload, on both sides. */
    private static final class Track {
        final String namespace;
        final String name;
        final String uid;
        final String key;
        Pod workload;
        JsonNode current;          // the pod as the fresh log has it last
        String originalNode;
        String originalReason;
        boolean deleted;           // the log deleted it
        boolean gone;              // gone from the replay (deleted, or preempted)
        Pod bound;                 // the pod as bound in the replay
        String replayedNode;
        String replayedReason;
        int attempts;

        Track(String namespace, String name, String uid, String key) {
            this.namespace = namespace;
            this.name = name;
            this.uid = uid;
            this.key = key;
        }
    }

    private static final class ReplayClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ReplayClock clock = new ReplayClock();
    private final InMemoryListers listers = new InMemoryListers();
    private final SchedulerCache cache = new SchedulerCache(clock, Duration.ZERO);
    private final Snapshot snapshot = new Snapshot();
    private final Profiles profiles;
    private final SchedulingAlgorithm algorithm;
    private final boolean logNodes;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Node> originalNodes = new LinkedHashMap<>();
    private final Map<String, Track> pods = new LinkedHashMap<>();
    private final Set<String> pending = new LinkedHashSet<>();
    private final List<LogLine> out = new ArrayList<>();
    private final Map<String, Long> lastRevision = new HashMap<>();
    private String time = Instant.EPOCH.toString();
    private long decisions;

    private Replay(Options options, Parallelizer parallelizer, String firstTime) {
        setTime(firstTime);
        SchedulerConfig config = options.config().withParallelism(1);
        this.profiles = DefaultPlugins.profiles(config,
                new DefaultPlugins.Dependencies(listers, listers, options.images(), parallelizer));
        this.algorithm = new SchedulingAlgorithm(profiles, Nominator.NONE, parallelizer, clock,
                new Random(config.seed()), config.topScoredNodesToRecord(), () -> "replay-decision-" + (++decisions));
        this.logNodes = options.cluster() == null;
        if (!logNodes) {
            for (Node n : options.cluster()) {
                addNode(n, "kubesim:replay");
            }
        }
    }

    /** Replays {@code log} (an export, in any order: it is sorted by revision). */
    public static ReplayResult run(List<LogLine> log, Options options) {
        List<LogLine> rows = new ArrayList<>(log);
        rows.sort((a, b) -> Long.compare(a.revision(), b.revision()));
        try (Parallelizer parallelizer = new Parallelizer(1)) {
            Replay r = new Replay(options, parallelizer, rows.isEmpty() ? null : rows.getFirst().time());
            for (LogLine row : rows) {
                r.apply(row);
            }
            return r.result(rows.size());
        }
    }

    private void apply(LogLine row) {
        setTime(row.time());
        JsonNode object = row.object();
        switch (row.resource()) {
            case "nodes" -> applyNode(row, object);
            case "pods" -> applyPod(row, object);
            case "namespaces", "services", "replicasets.apps" -> {
                Class<? extends HasMetadata> type = switch (row.resource()) {
                    case "namespaces" -> Namespace.class;
                    case "services" -> Service.class;
                    default -> ReplicaSet.class;
                };
                HasMetadata o = KubeJson.convert(object, type);
                boolean deleted = row.type().equals(LogLine.DELETED);
                switch (o) {
                    case Namespace ns -> {
                        if (deleted) {
                            listers.removeNamespace(ns);
                        } else {
                            listers.putNamespace(ns);
                        }
                    }
                    case Service svc -> {
                        if (deleted) {
                            listers.removeService(svc);
                        } else {
                            listers.putService(svc);
                        }
                    }
                    case ReplicaSet rs -> {
                        if (deleted) {
                            listers.removeReplicaSet(rs);
                        } else {
                            listers.putReplicaSet(rs);
                        }
                    }
                    default -> throw new IllegalStateException(row.key());
                }
                // inputs of the replay as much as the nodes: the fresh log keeps them, so it replays the same
                emit(row.key(), row.type(), row.actor(), object, null);
            }
            default -> {
                // other kinds do not change what the scheduler decides
            }
        }
    }

    private void setTime(String text) {
        try {
            clock.now = Instant.parse(text);
            time = text;
        } catch (DateTimeParseException | NullPointerException e) {
            // keep the previous time: a row without a time does not move the clock
        }
    }

    // ---- nodes

    private void applyNode(LogLine row, JsonNode object) {
        String name = row.key().substring("/nodes/".length());
        if (row.type().equals(LogLine.DELETED)) {
            originalNodes.remove(name);
        } else {
            originalNodes.put(name, KubeJson.convert(object, Node.class));
        }
        if (!logNodes) {
            return;
        }
        Node old = nodes.get(name);
        if (row.type().equals(LogLine.DELETED)) {
            if (old != null) {
                nodes.remove(name);
                cache.removeNode(old);
                emit(row.key(), LogLine.DELETED, row.actor(), KubeJson.tree(old), null);
            }
            return;
        }
        Node node = KubeJson.convert(object, Node.class);
        if (old == null) {
            addNode(node, row.actor());
            retryPending();
        } else if (!schedulingView(old).equals(schedulingView(node))) {
            nodes.put(name, node);
            cache.updateNode(old, node);
            emit(row.key(), LogLine.MODIFIED, row.actor(), KubeJson.tree(node), null);
            retryPending();
        }
    }

    private void addNode(Node node, String actor) {
        nodes.put(node.getMetadata().getName(), node);
        cache.addNode(node);
        emit("/nodes/" + node.getMetadata().getName(), LogLine.ADDED, actor, KubeJson.tree(node), null);
    }

    /** What of a Node the scheduler reads: labels, taints, unschedulable, allocatable, images. */
    private static JsonNode schedulingView(Node node) {
        JsonNode n = KubeJson.tree(node);
        ObjectNode v = KubeJson.json().createObjectNode();
        v.set("labels", n.path("metadata").path("labels"));
        v.set("taints", n.path("spec").path("taints"));
        v.set("unschedulable", n.path("spec").path("unschedulable"));
        v.set("allocatable", n.path("status").path("allocatable"));
        v.set("images", n.path("status").path("images"));
        return v;
    }

    // ---- pods

    private void applyPod(LogLine row, JsonNode object) {
        JsonNode meta = object.path("metadata");
        String uid = meta.path("uid").asString("");
        if (uid.isEmpty()) {
            uid = row.key();
        }
        Track t = pods.get(uid);
        if (t == null) {
            if (row.type().equals(LogLine.DELETED)) {
                return; // created before the exported range and deleted in it: not part of the workload
            }
            t = new Track(meta.path("namespace").asString("default"), meta.path("name").asString(), uid, row.key());
            pods.put(uid, t);
            recordOriginal(t, object);
            create(t, row, object);
            return;
        }
        recordOriginal(t, object);
        if (row.type().equals(LogLine.DELETED)) {
            t.deleted = true;
            delete(t, row.actor());
        }
    }

    private static void recordOriginal(Track t, JsonNode object) {
        String node = object.path("spec").path("nodeName").asString("");
        if (!node.isEmpty()) {
            t.originalNode = node;
            t.originalReason = null;
            return;
        }
        for (JsonNode c : object.path("status").path("conditions")) {
            if ("PodScheduled".equals(c.path("type").asString("")) && "False".equals(c.path("status").asString(""))) {
                t.originalReason = c.path("message").asString(null);
            }
        }
    }

    private void create(Track t, LogLine row, JsonNode object) {
        ObjectNode o = KubeJson.copy(object);
        ObjectNode meta = (ObjectNode) o.path("metadata");
        meta.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"));
        String preBound = row.type().equals(LogLine.ADDED) ? o.path("spec").path("nodeName").asString("") : "";
        if (preBound.isEmpty() && o.path("spec") instanceof ObjectNode spec) {
            spec.remove("nodeName");
        }
        o.putObject("status").put("phase", "Pending");
        t.workload = KubeJson.convert(o, Pod.class);
        emitPod(t, LogLine.ADDED, row.actor(), o, null);
        if (!preBound.isEmpty()) {
            if (nodes.containsKey(preBound)) {
                bind(t, preBound);
            } else {
                t.replayedReason = "created with spec.nodeName " + preBound + ", a node the replayed cluster does not have";
            }
            return;
        }
        if (!profiles.responsibleFor(t.workload)) {
            t.replayedReason = "no scheduler profile serves spec.schedulerName " + Profiles.schedulerName(t.workload);
            return;
        }
        pending.add(t.uid);
        if (attempt(t, true)) {
            retryPending(); // a bound pod can help pods waiting for pod affinity
        }
    }

    private void delete(Track t, String actor) {
        if (t.gone) {
            return;
        }
        t.gone = true;
        pending.remove(t.uid);
        if (t.bound != null) {
            cache.removePod(t.bound);
        }
        emitPod(t, LogLine.DELETED, actor, t.current, null);
        retryPending();
    }

    /** Schedules a waiting pod once; true if it was bound. */
    private boolean attempt(Track t, boolean mayPreempt) {
        cache.updateSnapshot(snapshot);
        QueuedPodInfo q = new QueuedPodInfo(PodInfo.of(t.workload), clock.instant());
        t.attempts++;
        for (int i = 0; i < t.attempts; i++) {
            q.incrementAttempts();
        }
        SchedulingResult result = algorithm.scheduleOne(q, snapshot);
        switch (result) {
            case SchedulingResult.Scheduled s -> {
                pending.remove(t.uid);
                bindScheduled(t, s);
                return true;
            }
            case SchedulingResult.Unschedulable u -> {
                if (mayPreempt && !u.victims().isEmpty()) {
                    for (PodRef v : u.victims()) {
                        preempt(v, t, u.decision().nominatedNode());
                    }
                    if (attempt(t, false)) {
                        return true;
                    }
                    return false;
                }
                unschedulable(t, u.message(), SchedulingMessages.REASON_UNSCHEDULABLE, u.decision().id());
                return false;
            }
            case SchedulingResult.Failed f -> {
                unschedulable(t, f.error(), SchedulingMessages.REASON_SCHEDULER_ERROR, f.decision().id());
                return false;
            }
        }
    }

    private void preempt(PodRef victim, Track preemptor, String node) {
        Track v = pods.get(victim.uid());
        if (v == null || v.gone || v.bound == null) {
            return;
        }
        v.gone = true;
        cache.removePod(v.bound);
        v.replayedNode = null;
        v.replayedReason = "preempted by " + preemptor.namespace + "/" + preemptor.name + " on " + node;
        emitPod(v, LogLine.DELETED, SCHEDULER_ACTOR, v.current, null);
    }

    private void unschedulable(Track t, String message, String reason, String decisionId) {
        if (Objects.equals(message, t.replayedReason)) {
            return;
        }
        t.replayedReason = message;
        ObjectNode o = KubeJson.copy(t.current);
        ObjectNode status = o.putObject("status");
        status.put("phase", "Pending");
        ArrayNode conditions = status.putArray("conditions");
        conditions.addObject().put("type", "PodScheduled").put("status", "False").putNull("lastProbeTime")
                .put("lastTransitionTime", time).put("reason", reason).put("message", message);
        emitPod(t, LogLine.MODIFIED, SCHEDULER_ACTOR, o, decisionId);
    }

    private void bindScheduled(Track t, SchedulingResult.Scheduled s) {
        ObjectNode o = KubeJson.copy(t.current);
        ((ObjectNode) o.path("spec")).put("nodeName", s.nodeName());
        ObjectNode status = o.putObject("status");
        status.put("phase", "Pending");
        status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "True")
                .putNull("lastProbeTime").put("lastTransitionTime", time);
        emitPod(t, LogLine.MODIFIED, SCHEDULER_ACTOR, o, s.decision().id());
        bind(t, s.nodeName());
    }

    private void bind(Track t, String node) {
        Pod bound = KubeJson.convert(KubeJson.copy(t.current), Pod.class);
        bound.getSpec().setNodeName(node);
        t.bound = bound;
        t.replayedNode = node;
        t.replayedReason = null;
        cache.addPod(bound);
    }

    /** Retries the waiting pods in creation order until a round binds none. */
    private void retryPending() {
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = false;
            for (String uid : List.copyOf(pending)) {
                Track t = pods.get(uid);
                if (pending.contains(uid) && attempt(t, true)) {
                    progress = true;
                }
            }
        }
    }

    // ---- the fresh log

    private void emitPod(Track t, String type, String actor, JsonNode object, String decisionId) {
        t.current = emit(t.key, type, actor, object, decisionId);
    }

    private JsonNode emit(String key, String type, String actor, JsonNode object, String decisionId) {
        long revision = out.size() + 1L;
        ObjectNode o = KubeJson.copy(object);
        if (o.path("metadata") instanceof ObjectNode meta) {
            meta.put("resourceVersion", Long.toString(revision));
        }
        long prev = type.equals(LogLine.ADDED) ? 0 : lastRevision.getOrDefault(key, 0L);
        if (type.equals(LogLine.DELETED)) {
            lastRevision.remove(key);
        } else {
            lastRevision.put(key, revision);
        }
        out.add(new LogLine(revision, key, type, prev, actor, "replay-" + revision, decisionId,
                type.equals(LogLine.ADDED) ? 201 : 200, time, false, o));
        return o;
    }

    // ---- the result

    private ReplayResult result(int rows) {
        List<ReplayResult.PodOutcome> outcomes = new ArrayList<>();
        for (Track t : pods.values()) {
            outcomes.add(new ReplayResult.PodOutcome(t.namespace, t.name, t.uid, t.originalNode,
                    t.originalNode == null ? t.originalReason : null, t.replayedNode,
                    t.replayedNode == null ? t.replayedReason : null, t.deleted));
        }
        Map<String, List<Pod>> originalOn = new HashMap<>();
        Map<String, List<Pod>> replayedOn = new HashMap<>();
        for (Track t : pods.values()) {
            if (!t.deleted && t.originalNode != null) {
                originalOn.computeIfAbsent(t.originalNode, n -> new ArrayList<>()).add(t.workload);
            }
            if (!t.gone && t.replayedNode != null) {
                replayedOn.computeIfAbsent(t.replayedNode, n -> new ArrayList<>()).add(t.workload);
            }
        }
        return new ReplayResult(outcomes, usage(originalNodes, originalOn), usage(nodes, replayedOn), out, rows,
                originalNodes.size(), nodes.size());
    }

    private static List<ReplayResult.ArchUsage> usage(Map<String, Node> nodes, Map<String, List<Pod>> podsOn) {
        Map<String, long[]> byArch = new TreeMap<>();
        for (Node n : nodes.values()) {
            Map<String, String> labels = n.getMetadata().getLabels();
            String arch = labels == null ? null : labels.get("kubernetes.io/arch");
            long[] u = byArch.computeIfAbsent(arch == null ? "unknown" : arch, a -> new long[6]);
            Resource allocatable = n.getStatus() == null || n.getStatus().getAllocatable() == null ? Resource.ZERO
                    : Resource.of(n.getStatus().getAllocatable());
            u[0]++;
            u[3] += allocatable.milliCpu();
            u[5] += allocatable.memory();
            for (Pod p : podsOn.getOrDefault(n.getMetadata().getName(), List.of())) {
                Resource r = PodInfo.of(p).requests();
                u[1]++;
                u[2] += r.milliCpu();
                u[4] += r.memory();
            }
        }
        List<ReplayResult.ArchUsage> out = new ArrayList<>();
        byArch.forEach((arch, u) -> out.add(new ReplayResult.ArchUsage(arch, (int) u[0], (int) u[1], u[2], u[3], u[4],
                u[5])));
        return out;
    }
}
