package io.kubesim.controller.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ApiError;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Json;
import io.kubesim.controller.framework.Pods;
import io.kubesim.controller.framework.Taints;
import io.kubesim.controller.framework.WorkQueue;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.nodelifecycle.NodeTaints.TaintSpec;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;
import io.kubesim.runtime.EventRecorder;

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go, Kubernetes 1.32):
 *
 * <ul>
 *   <li>every {@code nodeMonitorPeriod} it checks each node's heartbeat (Ready condition heartbeat or the node's
 *       Lease in {@code kube-node-lease}); a node silent for {@code nodeMonitorGracePeriod} gets Ready,
 *       MemoryPressure, DiskPressure and PIDPressure {@code Unknown} ({@code NodeStatusUnknown}, "Kubelet stopped
 *       posting node status."), and its pods Ready=False ({@code MarkPodsNotReady});</li>
 *   <li>nodes whose Ready is False or Unknown are queued per zone for the {@code not-ready} / {@code unreachable}
 *       NoExecute taint, at {@code nodeEvictionRate} per zone, slowed to {@code secondaryNodeEvictionRate} (large
 *       zones) or stopped (small zones) when a zone is partially disrupted, and not at all when every zone is fully
 *       disrupted; Ready again removes them at once;</li>
 *   <li>on every node change it keeps the NoSchedule taints mirroring conditions and {@code spec.unschedulable}
 *       (TaintNodesByCondition), which removes the {@code not-ready:NoSchedule} taint admission puts on new nodes
 *       once they report Ready, and mirrors {@code kubernetes.io/os|arch} into the beta labels.</li>
 * </ul>
 * All periods are cluster (virtual) time.
 */
@Component
final class NodeLifecycleController implements ClusterCache.Listener, AutoCloseable {

    static final String COMPONENT = "node-controller";
    static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    /** {@code nodeEvictionPeriod}: how often the NoExecute tainting queues are worked. */
    static final Duration NODE_EVICTION_PERIOD = Duration.ofMillis(100);
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String REGION_LABEL = "topology.kubernetes.io/region";
    static final String BETA_ZONE_LABEL = "failure-domain.beta.kubernetes.io/zone";
    static final String BETA_REGION_LABEL = "failure-domain.beta.kubernetes.io/region";
    static final String EXCLUDE_DISRUPTION_LABEL = "node.kubernetes.io/exclude-disruption";
    static final List<String> UNKNOWN_ON_SILENCE = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    /** {@code labelReconcileInfo}: primary → deprecated label kept equal. */
    static final Map<String, String> LABELS_TO_MIRROR = Map.of("kubernetes.io/os", "beta.kubernetes.io/os",
            "kubernetes.io/arch", "beta.kubernetes.io/arch");

    enum ZoneState {
        INITIAL, NORMAL, FULL_DISRUPTION, PARTIAL_DISRUPTION
    }

    /**
     * What the controller last saw of a node ({@code nodeHealthData}).
     *
     * @param probeTimestamp           when a heartbeat (condition or lease) was last seen, controller time
     * @param readyTransitionTimestamp when Ready last changed, controller time
     * @param readyCondition           the Ready condition seen then (null if none)
     * @param leaseRenewTime           the Lease renewTime seen then (null if none)
     */
    record Health(Instant probeTimestamp, Instant readyTransitionTimestamp, JsonNode readyCondition,
            Instant leaseRenewTime) {
    }

    private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);
    private static final String NODE_PREFIX = "/" + Resources.NODES.qualifiedName() + "/";
    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";

    private final ClusterCache cache;
    private final ClusterIndex index;
    private final Writer writer;
    private final VirtualClock clock;
    private final ControllerProperties properties;
    private final EventRecorder events;
    private final WorkQueue<String> nodeUpdates;
    private final WorkQueue<String> podUpdates;
    private final ScheduledExecutorService monitor;

    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final Map<String, Node> knownNodes = new HashMap<>();
    private final Map<String, ZoneState> zoneStates = new HashMap<>();
    private final Map<String, ZoneTainter> zoneTainters = new HashMap<>();
    private final Set<String> nodesToRetry = new HashSet<>();

    NodeLifecycleController(ClusterIndex index, Writer writer, VirtualClock clock, ControllerProperties properties) {
        this.cache = index.cache();
        this.index = index;
        this.writer = writer;
        this.clock = clock;
        this.properties = properties;
        this.events = new EventRecorder(writer.bus(), clock, COMPONENT);
        this.nodeUpdates = new WorkQueue<>("node-lifecycle-nodes", properties.concurrency().nodeUpdate(), clock,
                this::processNodeUpdate, () -> Writer.awaitOwnWrites(cache));
        this.podUpdates = new WorkQueue<>("node-lifecycle-pods", properties.concurrency().nodeUpdate(), clock,
                this::processPod, () -> Writer.awaitOwnWrites(cache));
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-lifecycle-monitor");
            t.setDaemon(true);
            return t;
        });
        cache.addListener(this);
    }

    @Override
    public void onSynced() {
        nodeUpdates.start();
        podUpdates.start();
        long period = Math.max(1, clock.toReal(properties.nodeMonitorPeriod()).toNanos());
        monitor.scheduleWithFixedDelay(() -> guarded(this::monitorNodeHealth), 0, period, TimeUnit.NANOSECONDS);
        long evictionPeriod = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                clock.toReal(NODE_EVICTION_PERIOD).toNanos());
        monitor.scheduleWithFixedDelay(() -> guarded(this::doNoExecuteTaintingPass), evictionPeriod, evictionPeriod,
                TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        nodeUpdates.close();
        podUpdates.close();
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("node lifecycle pass failed: {}", e.toString());
        } finally {
            Writer.awaitOwnWrites(cache);
        }
    }

    // ------------------------------------------------------------------------------------------ event handlers

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        String key = event.key();
        if (key.startsWith(NODE_PREFIX) && current != null) {
            nodeUpdates.add(current.json().path("metadata").path("name").asString(""));
        } else if (key.startsWith(POD_PREFIX) && current != null) {
            String node = current.json().path("spec").path("nodeName").asString("");
            String oldNode = previous == null ? "" : previous.json().path("spec").path("nodeName").asString("");
            if (!node.isEmpty() && !node.equals(oldNode)) {
                podUpdates.add(key);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ monitor

    /** {@code monitorNodeHealth}. */
    void monitorNodeHealth() {
        Instant now = clock.instant();
        List<Node> nodes = cache.list(Resources.NODES, null, Node.class);
        Map<String, Node> current = new LinkedHashMap<>();
        for (Node n : nodes) {
            current.put(n.getMetadata().getName(), n);
        }
        for (Node n : nodes) {
            String name = n.getMetadata().getName();
            if (!knownNodes.containsKey(name)) {
                events.record(n, EventRecorder.NORMAL, "RegisteredNode",
                        "Node " + name + " event: Registered Node " + name + " in Controller");
                knownNodes.put(name, n);
                addZoneIfNew(n);
                markNodeAsReachable(latestJson(name));
            } else if (!zoneStates.containsKey(zoneKey(n))) {
                addZoneIfNew(n);
            }
        }
        for (String name : new ArrayList<>(knownNodes.keySet())) {
            if (!current.containsKey(name)) {
                Node gone = knownNodes.remove(name);
                events.record(gone, EventRecorder.NORMAL, "RemovingNode",
                        "Node " + name + " event: Removing Node " + name + " from Controller");
                health.remove(name);
            }
        }
        Map<String, List<JsonNode>> zoneToReady = new LinkedHashMap<>();
        for (Node n : nodes) {
            String name = n.getMetadata().getName();
            Optional<Entry> entry = cache.get(Resources.NODES.ref(null, name));
            if (entry.isEmpty()) {
                continue;
            }
            HealthResult result;
            try {
                result = tryUpdateNodeHealth(entry.get(), now);
            } catch (RuntimeException e) {
                log.info("updating health of node {} failed, skipping it this round: {}", name, e.getMessage());
                continue;
            }
            if (n.getMetadata().getLabels() == null
                    || !n.getMetadata().getLabels().containsKey(EXCLUDE_DISRUPTION_LABEL)) {
                zoneToReady.computeIfAbsent(zoneKey(n), z -> new ArrayList<>()).add(result.currentReady());
            }
            if (result.currentReady() == null) {
                nodesToRetry.remove(name);
                continue;
            }
            JsonNode latest = result.latest();
            try {
                processTaintBasedEviction(latest, status(result.observedReady()), now);
            } catch (RuntimeException e) {
                log.info("tainting node {} failed, retrying next round: {}", name, e.getMessage());
            }
            boolean becameNotReady = !"True".equals(status(result.currentReady()))
                    && "True".equals(status(result.observedReady()));
            boolean retry = nodesToRetry.contains(name) && !"True".equals(status(result.observedReady()));
            if (becameNotReady) {
                events.record(n, EventRecorder.NORMAL, "NodeNotReady",
                        "Node " + name + " status is now: NodeNotReady");
            }
            if (becameNotReady || retry) {
                if (!markPodsNotReady(name, now)) {
                    nodesToRetry.add(name);
                    continue;
                }
            }
            nodesToRetry.remove(name);
        }
        handleDisruption(zoneToReady, nodes, now);
        doNoExecuteTaintingPass();
    }

    /** What {@code tryUpdateNodeHealth} found: the Ready condition before and after, and the node as stored now. */
    record HealthResult(JsonNode observedReady, JsonNode currentReady, JsonNode latest) {
    }

    /** {@code tryUpdateNodeHealth}. */
    HealthResult tryUpdateNodeHealth(Entry entry, Instant now) {
        ObjectNode node = entry.json();
        String name = node.path("metadata").path("name").asString("");
        Instant created = KubeTime.parse(node.path("metadata").path("creationTimestamp").asString(null));
        Health h = health.get(name);
        JsonNode currentReady = condition(node, "Ready");
        JsonNode observedReady;
        Duration grace;
        if (currentReady == null) {
            ObjectNode synthetic = Json.object();
            synthetic.put("type", "Ready");
            synthetic.put("status", "Unknown");
            synthetic.put("lastHeartbeatTime", KubeTime.time(created));
            synthetic.put("lastTransitionTime", KubeTime.time(created));
            observedReady = synthetic;
            grace = properties.nodeStartupGracePeriod();
            h = h != null ? new Health(h.probeTimestamp(), h.readyTransitionTimestamp(), null, h.leaseRenewTime())
                    : new Health(created, created, null, null);
        } else {
            observedReady = currentReady.deepCopy();
            grace = properties.nodeMonitorGracePeriod();
        }
        JsonNode saved = h == null ? null : h.readyCondition();
        Instant savedLease = h == null ? null : h.leaseRenewTime();
        if (h == null || (saved == null && currentReady != null) || (saved != null && currentReady == null)) {
            h = new Health(now, now, currentReady, savedLease);
        } else if (saved != null && !saved.path("lastHeartbeatTime").equals(currentReady.path("lastHeartbeatTime"))) {
            Instant transition = saved.path("lastTransitionTime").equals(currentReady.path("lastTransitionTime"))
                    ? h.readyTransitionTimestamp() : now;
            h = new Health(now, transition, currentReady, savedLease);
        }
        Instant lease = leaseRenewTime(name);
        if (lease != null && (savedLease == null || savedLease.isBefore(lease))) {
            h = new Health(now, h.readyTransitionTimestamp(), h.readyCondition(), lease);
        }
        JsonNode latest = node;
        try {
            if (now.isAfter(h.probeTimestamp().plus(grace))) {
                ObjectNode copy = node.deepCopy();
                markUnknown(copy, created, now);
                JsonNode newReady = condition(copy, "Ready");
                if (!newReady.equals(observedReady)) {
                    CommandReply reply = writer.updateStatus(Resources.NODES, copy);
                    latest = reply.object();
                    h = new Health(h.probeTimestamp(), now, condition(latest, "Ready"), h.leaseRenewTime());
                    currentReady = condition(latest, "Ready");
                } else {
                    currentReady = newReady;
                }
            }
        } finally {
            health.put(name, h);
        }
        return new HealthResult(observedReady, currentReady, latest);
    }

    /** Sets Ready and the pressure conditions Unknown, adding never-reported ones. */
    static void markUnknown(ObjectNode node, Instant created, Instant now) {
        ArrayNode conditions = node.withObjectProperty("status").withArrayProperty("conditions");
        for (String type : UNKNOWN_ON_SILENCE) {
            ObjectNode c = (ObjectNode) condition(node, type);
            if (c == null) {
                c = conditions.addObject();
                c.put("type", type);
                c.put("status", "Unknown");
                c.put("lastHeartbeatTime", KubeTime.time(created));
                c.put("lastTransitionTime", KubeTime.time(now));
                c.put("reason", "NodeStatusNeverUpdated");
                c.put("message", "Kubelet never posted node status.");
            } else if (!"Unknown".equals(c.path("status").asString(""))) {
                c.put("status", "Unknown");
                c.put("reason", "NodeStatusUnknown");
                c.put("message", "Kubelet stopped posting node status.");
                c.put("lastTransitionTime", KubeTime.time(now));
            }
        }
    }

    private Instant leaseRenewTime(String node) {
        return cache.get(Resources.LEASES.ref(NODE_LEASE_NAMESPACE, node))
                .map(e -> KubeTime.parse(e.json().path("spec").path("renewTime").asString(null)))
                .orElse(null);
    }

    // ------------------------------------------------------------------------------------------ NoExecute taints

    /** {@code processTaintBaseEviction}. */
    private void processTaintBasedEviction(JsonNode node, String observedStatus, Instant now) {
        String name = node.path("metadata").path("name").asString("");
        switch (observedStatus) {
            case "False" -> {
                if (NodeTaints.hasTaint(node, Taints.UNREACHABLE, Taints.NO_EXECUTE)) {
                    swapTaints(node, List.of(new TaintSpec(Taints.NOT_READY, Taints.NO_EXECUTE)),
                            List.of(new TaintSpec(Taints.UNREACHABLE, Taints.NO_EXECUTE)), now);
                } else {
                    markNodeForTainting(node, "False", now);
                }
            }
            case "Unknown" -> {
                if (NodeTaints.hasTaint(node, Taints.NOT_READY, Taints.NO_EXECUTE)) {
                    swapTaints(node, List.of(new TaintSpec(Taints.UNREACHABLE, Taints.NO_EXECUTE)),
                            List.of(new TaintSpec(Taints.NOT_READY, Taints.NO_EXECUTE)), now);
                } else {
                    markNodeForTainting(node, "Unknown", now);
                }
            }
            case "True" -> {
                if (markNodeAsReachable(node)) {
                    log.info("node {} is healthy again, removed its NoExecute taints", name);
                }
            }
            default -> {
            }
        }
    }

    private void markNodeForTainting(JsonNode node, String status, Instant now) {
        String name = node.path("metadata").path("name").asString("");
        ZoneTainter tainter = zoneTainters.get(zoneKey(node));
        if (tainter == null) {
            return;
        }
        if ("False".equals(status) && !NodeTaints.hasTaint(node, Taints.NOT_READY, Taints.NO_EXECUTE)
                || "Unknown".equals(status) && !NodeTaints.hasTaint(node, Taints.UNREACHABLE, Taints.NO_EXECUTE)) {
            tainter.setRemove(name);
        }
        tainter.add(name, node.path("metadata").path("uid").asString(""), now);
    }

    /** Removes both NoExecute taints and drops the node from its tainting queue; whether it was queued. */
    private boolean markNodeAsReachable(JsonNode node) {
        if (node == null) {
            return false;
        }
        swapTaints(node, List.of(), List.of(new TaintSpec(Taints.UNREACHABLE, Taints.NO_EXECUTE),
                new TaintSpec(Taints.NOT_READY, Taints.NO_EXECUTE)), clock.instant());
        ZoneTainter tainter = zoneTainters.get(zoneKey(node));
        return tainter != null && tainter.remove(node.path("metadata").path("name").asString(""));
    }

    /** {@code doNoExecuteTaintingPass}: taints the queued nodes the zone limiters allow. */
    void doNoExecuteTaintingPass() {
        Instant now = clock.instant();
        for (ZoneTainter tainter : zoneTainters.values()) {
            tainter.tryProcess(now, name -> {
                JsonNode node = latestJson(name);
                if (node == null) {
                    return ZoneTainter.Outcome.DONE;
                }
                JsonNode ready = condition(node, "Ready");
                if (ready == null) {
                    return new ZoneTainter.Outcome(false, Duration.ofMillis(50));
                }
                String status = status(ready);
                List<TaintSpec> add;
                List<TaintSpec> remove;
                if ("False".equals(status)) {
                    add = List.of(new TaintSpec(Taints.NOT_READY, Taints.NO_EXECUTE));
                    remove = List.of(new TaintSpec(Taints.UNREACHABLE, Taints.NO_EXECUTE));
                } else if ("Unknown".equals(status)) {
                    add = List.of(new TaintSpec(Taints.UNREACHABLE, Taints.NO_EXECUTE));
                    remove = List.of(new TaintSpec(Taints.NOT_READY, Taints.NO_EXECUTE));
                } else {
                    return ZoneTainter.Outcome.DONE;
                }
                try {
                    swapTaints(node, add, remove, now);
                    return ZoneTainter.Outcome.DONE;
                } catch (RuntimeException e) {
                    log.info("tainting node {} failed, will retry: {}", name, e.getMessage());
                    return new ZoneTainter.Outcome(false, Duration.ZERO);
                }
            });
        }
    }

    /** Writes the node's taints with {@code add} added and {@code remove} removed, when that changes them. */
    private void swapTaints(JsonNode node, List<TaintSpec> add, List<TaintSpec> remove, Instant now) {
        ArrayNode taints = NodeTaints.swap(node, add, remove, now);
        if (taints == null) {
            return;
        }
        ObjectNode patch = Json.casPatch(node.path("metadata").path("resourceVersion").asString(""));
        ObjectNode spec = patch.putObject("spec");
        if (taints.isEmpty()) {
            spec.putNull("taints");
        } else {
            spec.set("taints", taints);
        }
        writer.mergePatch(Resources.NODES.ref(null, node.path("metadata").path("name").asString("")), patch);
    }

    // ------------------------------------------------------------------------------------------ zones

    private void addZoneIfNew(Node node) {
        String zone = zoneKey(node);
        if (!zoneStates.containsKey(zone)) {
            zoneStates.put(zone, ZoneState.INITIAL);
            zoneTainters.put(zone, new ZoneTainter(properties.nodeEvictionRate(),
                    () -> TimeUnit.MILLISECONDS.toNanos(clock.millis())));
        }
    }

    /** {@code ComputeZoneState}. */
    static ZoneState computeZoneState(List<JsonNode> readyConditions, double unhealthyThreshold) {
        int ready = 0;
        int notReady = 0;
        for (JsonNode c : readyConditions) {
            if (c != null && "True".equals(status(c))) {
                ready++;
            } else {
                notReady++;
            }
        }
        if (ready == 0 && notReady > 0) {
            return ZoneState.FULL_DISRUPTION;
        }
        if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyThreshold) {
            return ZoneState.PARTIAL_DISRUPTION;
        }
        return ZoneState.NORMAL;
    }

    /** {@code handleDisruption}: adjusts the zones' tainting rates to their health. */
    private void handleDisruption(Map<String, List<JsonNode>> zoneToReady, List<Node> nodes, Instant now) {
        Map<String, ZoneState> newStates = new HashMap<>();
        boolean allAreFullyDisrupted = true;
        for (Map.Entry<String, List<JsonNode>> e : zoneToReady.entrySet()) {
            ZoneState state = computeZoneState(e.getValue(), properties.unhealthyZoneThreshold());
            if (state != ZoneState.FULL_DISRUPTION) {
                allAreFullyDisrupted = false;
            }
            newStates.put(e.getKey(), state);
            zoneStates.putIfAbsent(e.getKey(), ZoneState.INITIAL);
        }
        boolean allWereFullyDisrupted = true;
        for (String zone : new ArrayList<>(zoneStates.keySet())) {
            if (!zoneToReady.containsKey(zone)) {
                zoneStates.remove(zone);
                continue;
            }
            if (zoneStates.get(zone) != ZoneState.FULL_DISRUPTION) {
                allWereFullyDisrupted = false;
            }
        }
        if (allAreFullyDisrupted && allWereFullyDisrupted) {
            return;
        }
        if (allAreFullyDisrupted) {
            log.info("all nodes are not ready: entering master disruption mode, no NoExecute tainting");
            for (Node n : nodes) {
                try {
                    markNodeAsReachable(latestJson(n.getMetadata().getName()));
                } catch (RuntimeException e) {
                    log.info("removing taints from node {} failed: {}", n.getMetadata().getName(), e.getMessage());
                }
            }
            for (String zone : zoneStates.keySet()) {
                zoneTainters.get(zone).swapLimiter(0);
                zoneStates.put(zone, ZoneState.FULL_DISRUPTION);
            }
            return;
        }
        if (allWereFullyDisrupted) {
            log.info("some nodes are ready again: exiting master disruption mode");
            for (Node n : nodes) {
                health.computeIfPresent(n.getMetadata().getName(),
                        (k, h) -> new Health(now, now, h.readyCondition(), h.leaseRenewTime()));
            }
            for (String zone : zoneStates.keySet()) {
                setLimiterInZone(zone, zoneToReady.get(zone).size(), newStates.get(zone));
                zoneStates.put(zone, newStates.get(zone));
            }
            return;
        }
        for (String zone : zoneStates.keySet()) {
            ZoneState next = newStates.get(zone);
            if (zoneStates.get(zone) == next) {
                continue;
            }
            log.info("zone {} is now in state {}", zone.isEmpty() ? "<default>" : zone, next);
            setLimiterInZone(zone, zoneToReady.get(zone).size(), next);
            zoneStates.put(zone, next);
        }
    }

    private void setLimiterInZone(String zone, int zoneSize, ZoneState state) {
        ZoneTainter tainter = zoneTainters.get(zone);
        switch (state) {
            case NORMAL, FULL_DISRUPTION -> tainter.swapLimiter(properties.nodeEvictionRate());
            case PARTIAL_DISRUPTION -> tainter.swapLimiter(zoneSize > properties.largeClusterSizeThreshold()
                    ? properties.secondaryNodeEvictionRate() : 0);
            case INITIAL -> {
            }
        }
    }

    /** {@code GetZoneKey}: region and zone labels (or their beta forms), empty when neither is set. */
    static String zoneKey(Node node) {
        return zoneKey(KubeJson.tree(node));
    }

    static String zoneKey(JsonNode node) {
        JsonNode labels = node.path("metadata").path("labels");
        String zone = labels.path(ZONE_LABEL).asString(labels.path(BETA_ZONE_LABEL).asString(""));
        String region = labels.path(REGION_LABEL).asString(labels.path(BETA_REGION_LABEL).asString(""));
        if (zone.isEmpty() && region.isEmpty()) {
            return "";
        }
        return region + ":\u0000:" + zone;
    }

    // ------------------------------------------------------------------------------------------ pods

    /** {@code MarkPodsNotReady} for the pods on a node; whether every update succeeded. */
    boolean markPodsNotReady(String nodeName, Instant now) {
        List<Command> updates = new ArrayList<>();
        List<Pod> updated = new ArrayList<>();
        for (Entry e : index.entries(index.podsOnNode(nodeName))) {
            ObjectNode copy = notReadyCopy(e.json(), nodeName, now);
            if (copy != null) {
                updates.add(Writer.updateStatusCommand(Resources.PODS, copy));
                updated.add(e.as(Pod.class));
            }
        }
        boolean ok = true;
        List<Object> results = writer.sendAll(updates);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof RuntimeException e) {
                if (!(e instanceof ApiError api && api.isNotFound())) {
                    log.info("marking pod {} not ready failed: {}", updated.get(i).getMetadata().getName(),
                            e.getMessage());
                    ok = false;
                }
            } else {
                events.record(updated.get(i), EventRecorder.WARNING, "NodeNotReady", "Node is not ready");
            }
        }
        return ok;
    }

    /** The pod with Ready=False, or null when it is not on that node, has no Ready condition or is not ready. */
    static ObjectNode notReadyCopy(ObjectNode pod, String nodeName, Instant now) {
        if (!nodeName.equals(pod.path("spec").path("nodeName").asString(""))) {
            return null;
        }
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (Pods.READY.equals(c.path("type").asString("")) && !"False".equals(c.path("status").asString(""))) {
                ObjectNode copy = pod.deepCopy();
                for (JsonNode cc : copy.path("status").path("conditions")) {
                    if (Pods.READY.equals(cc.path("type").asString(""))) {
                        ((ObjectNode) cc).put("status", "False");
                        ((ObjectNode) cc).put("lastTransitionTime", KubeTime.time(now));
                    }
                }
                return copy;
            }
        }
        return null;
    }

    /** {@code processPod}: a pod bound to a node that is not ready is marked not ready. */
    private void processPod(String podKey) {
        Optional<Entry> pod = cache.get(podKey);
        if (pod.isEmpty()) {
            return;
        }
        String nodeName = pod.get().json().path("spec").path("nodeName").asString("");
        Health h = health.get(nodeName);
        if (h == null || h.readyCondition() == null || "True".equals(status(h.readyCondition()))) {
            return;
        }
        ObjectNode copy = notReadyCopy(pod.get().json(), nodeName, clock.instant());
        if (copy != null) {
            try {
                writer.updateStatus(Resources.PODS, copy);
                events.record(pod.get().as(Pod.class), EventRecorder.WARNING, "NodeNotReady", "Node is not ready");
            } catch (ApiError e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ NoSchedule taints

    /** {@code doNoScheduleTaintingPass} and {@code reconcileNodeLabels} for one node. */
    void processNodeUpdate(String name) {
        JsonNode node = latestJson(name);
        if (node == null) {
            return;
        }
        List<String> desired = NodeTaints.desiredNoScheduleKeys(node);
        List<String> present = NodeTaints.currentNoScheduleKeys(node);
        List<TaintSpec> add = new ArrayList<>();
        List<TaintSpec> remove = new ArrayList<>();
        for (String k : desired) {
            if (!present.contains(k)) {
                add.add(new TaintSpec(k, Taints.NO_SCHEDULE));
            }
        }
        for (String k : present) {
            if (!desired.contains(k)) {
                remove.add(new TaintSpec(k, Taints.NO_SCHEDULE));
            }
        }
        if (!add.isEmpty() || !remove.isEmpty()) {
            swapTaints(node, add, remove, clock.instant());
            return; // the change comes back as a node update, which reconciles the labels
        }
        JsonNode labels = node.path("metadata").path("labels");
        ObjectNode mirror = Json.object();
        for (Map.Entry<String, String> e : LABELS_TO_MIRROR.entrySet()) {
            JsonNode primary = labels.path(e.getKey());
            if (primary.isString() && !primary.equals(labels.path(e.getValue()))) {
                mirror.set(e.getValue(), primary);
            }
        }
        if (!mirror.isEmpty()) {
            ObjectNode patch = Json.casPatch(node.path("metadata").path("resourceVersion").asString(""));
            ((ObjectNode) patch.get("metadata")).set("labels", mirror);
            writer.mergePatch(Resources.NODES.ref(null, name), patch);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private JsonNode latestJson(String name) {
        return cache.get(Resources.NODES.ref(null, name)).map(e -> (JsonNode) e.json()).orElse(null);
    }

    static JsonNode condition(JsonNode node, String type) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if (type.equals(c.path("type").asString(""))) {
                return c;
            }
        }
        return null;
    }

    private static String status(JsonNode condition) {
        return condition == null ? "" : condition.path("status").asString("");
    }
}
