package io.kubesim.controller.disruption;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Json;
import io.kubesim.controller.framework.OwnerRefs;
import io.kubesim.controller.framework.Pods;
import io.kubesim.controller.framework.WorkQueue;
import io.kubesim.controller.framework.Writer;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;
import io.kubesim.runtime.EventRecorder;

/**
 * The disruption controller (pkg/controller/disruption/disruption.go): keeps each PodDisruptionBudget's status —
 * expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed, disruptedPods, observedGeneration and the
 * {@code DisruptionAllowed} condition — so that evictions (state-service's {@code EvictPod}) get 429 when they would
 * break the budget. Percentages and maxUnavailable are resolved against the scale of the pods' controllers
 * (ReplicaSets, or the Deployment owning them); pods the eviction API disrupted count as unhealthy until they are
 * deleted or 2 minutes pass.
 */
@Component
final class DisruptionController implements ClusterCache.Listener, AutoCloseable {

    static final String COMPONENT = "controllermanager";
    /** {@code DeletionTimeout}: how long an evicted pod may take to be deleted. */
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
    static final String DISRUPTION_ALLOWED = "DisruptionAllowed";
    static final String SUFFICIENT_PODS = "SufficientPods";
    static final String INSUFFICIENT_PODS = "InsufficientPods";
    static final String SYNC_FAILED = "SyncFailed";

    private static final String PDB_PREFIX = "/" + Resources.POD_DISRUPTION_BUDGETS.qualifiedName() + "/";
    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";
    private static final String RS_PREFIX = "/" + Resources.REPLICA_SETS.qualifiedName() + "/";
    private static final String DEPLOY_PREFIX = "/" + Resources.DEPLOYMENTS.qualifiedName() + "/";

    private final ClusterCache cache;
    private final Writer writer;
    private final VirtualClock clock;
    private final EventRecorder events;
    private final WorkQueue<String> queue;

    DisruptionController(ClusterIndex index, Writer writer, VirtualClock clock, ControllerProperties properties) {
        this.cache = index.cache();
        this.writer = writer;
        this.clock = clock;
        this.events = new EventRecorder(writer.bus(), clock, COMPONENT);
        this.queue = new WorkQueue<>("disruption", properties.concurrency().disruption(), clock, this::sync,
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

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        String key = event.key();
        if (key.startsWith(PDB_PREFIX)) {
            queue.add(key);
        } else if (key.startsWith(POD_PREFIX)) {
            Entry e = current != null ? current : previous;
            String namespace = e.json().path("metadata").path("namespace").asString("");
            for (Entry pdb : cache.list(Resources.POD_DISRUPTION_BUDGETS, namespace)) {
                LabelSelector selector = selector(pdb.as(PodDisruptionBudget.class));
                if (matches(selector, current) || matches(selector, previous)) {
                    queue.add(pdb.key());
                }
            }
        } else if (key.startsWith(RS_PREFIX) || key.startsWith(DEPLOY_PREFIX)) {
            Entry e = current != null ? current : previous;
            String namespace = e.json().path("metadata").path("namespace").asString("");
            for (Entry pdb : cache.list(Resources.POD_DISRUPTION_BUDGETS, namespace)) {
                queue.add(pdb.key());
            }
        }
    }

    private static boolean matches(LabelSelector selector, Entry pod) {
        return pod != null && selector.matches(Pods.labels(pod.as(Pod.class)));
    }

    static LabelSelector selector(PodDisruptionBudget pdb) {
        return LabelSelector.from(pdb.getSpec().getSelector());
    }

    // ------------------------------------------------------------------------------------------ sync

    /** Expected pods and the healthy count the budget wants. */
    record Expectation(int expectedCount, int desiredHealthy, List<String> unmanagedPods) {
    }

    /** The scale of a pod's controller, as found by the finders. */
    record ControllerScale(String uid, int scale) {
    }

    void sync(String key) {
        Optional<Entry> found = cache.get(key);
        if (found.isEmpty()) {
            return;
        }
        Entry entry = found.get();
        PodDisruptionBudget pdb = entry.as(PodDisruptionBudget.class);
        LabelSelector selector = selector(pdb);
        List<Pod> pods = new ArrayList<>();
        for (Entry e : cache.list(Resources.PODS, pdb.getMetadata().getNamespace())) {
            Pod p = e.as(Pod.class);
            if (selector.matches(Pods.labels(p))) {
                pods.add(p);
            }
        }
        Instant now = clock.instant();
        Expectation expectation;
        try {
            expectation = expectedPodCount(pdb, pods, this::findControllerScale);
        } catch (IllegalStateException | IllegalArgumentException e) {
            failSafe(entry, pdb, e.getMessage(), now);
            return;
        }
        if (!expectation.unmanagedPods().isEmpty()) {
            events.record(pdb, EventRecorder.WARNING, "UnmanagedPods", "Pods selected by this PodDisruptionBudget "
                    + "(selector: " + selector + ") were found to be unmanaged. As a result, the status of the PDB "
                    + "cannot be calculated correctly, which may result in undefined behavior. To account for these "
                    + "pods please set \".spec.minAvailable\" field of the PDB to an integer value.");
        }
        Map<String, String> disrupted = new TreeMap<>();
        Instant recheck = buildDisruptedPodMap(pods, pdb, now, disrupted);
        int currentHealthy = countHealthyPods(pods, disrupted, now);
        int allowed = disruptionsAllowed(currentHealthy, expectation.desiredHealthy(), expectation.expectedCount());
        long generation = Json.longOr(pdb.getMetadata().getGeneration(), 0);
        ObjectNode status = Json.object();
        Json.putNonZero(status, "observedGeneration", generation);
        if (!disrupted.isEmpty()) {
            status.set("disruptedPods", Json.stringMap(disrupted));
        }
        status.put("disruptionsAllowed", allowed);
        status.put("currentHealthy", currentHealthy);
        status.put("desiredHealthy", expectation.desiredHealthy());
        status.put("expectedPods", expectation.expectedCount());
        status.set("conditions", conditions(entry.json().path("status").path("conditions"), allowed > 0 ? "True"
                : "False", allowed > 0 ? SUFFICIENT_PODS : INSUFFICIENT_PODS, "", generation, now));
        if (!status.equals(entry.json().path("status"))) {
            writer.updateStatus(Resources.POD_DISRUPTION_BUDGETS, Json.withStatus(entry.json(), status));
        }
        if (recheck != null) {
            queue.addAfter(key, Duration.between(now, recheck));
        }
    }

    /** {@code getExpectedPodCount}. */
    static Expectation expectedPodCount(PodDisruptionBudget pdb, List<Pod> pods,
            Function<Pod, ControllerScale> finder) {
        IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
        IntOrString minAvailable = pdb.getSpec().getMinAvailable();
        if (maxUnavailable != null) {
            Expectation scale = expectedScale(pods, finder);
            int unavailable = scaledUp(maxUnavailable, scale.expectedCount());
            return new Expectation(scale.expectedCount(), Math.max(0, scale.expectedCount() - unavailable),
                    scale.unmanagedPods());
        }
        if (minAvailable != null) {
            if (minAvailable.getIntVal() != null) {
                return new Expectation(pods.size(), minAvailable.getIntVal(), List.of());
            }
            Expectation scale = expectedScale(pods, finder);
            return new Expectation(scale.expectedCount(), scaledUp(minAvailable, scale.expectedCount()),
                    scale.unmanagedPods());
        }
        return new Expectation(0, 0, List.of());
    }

    /** {@code getExpectedScale}: the sum of the scales of the pods' controllers; unmanaged pods listed apart. */
    static Expectation expectedScale(List<Pod> pods, Function<Pod, ControllerScale> finder) {
        Map<String, String> scaleUidByRef = new HashMap<>();
        Map<String, Integer> scales = new LinkedHashMap<>();
        List<String> unmanaged = new ArrayList<>();
        for (Pod pod : pods) {
            OwnerReference ref = OwnerRefs.controllerOf(pod);
            if (ref == null) {
                unmanaged.add(pod.getMetadata().getName());
                continue;
            }
            if (scaleUidByRef.containsKey(ref.getUid())) {
                continue;
            }
            ControllerScale scale = finder.apply(pod);
            if (scale == null) {
                throw new IllegalStateException("found no controllers for pod \"" + pod.getMetadata().getName() + "\"");
            }
            scaleUidByRef.put(ref.getUid(), scale.uid());
            scales.put(scale.uid(), scale.scale());
        }
        int sum = 0;
        for (int scale : scales.values()) {
            sum += scale;
        }
        return new Expectation(sum, 0, unmanaged);
    }

    /** {@code finders}: a ReplicaSet (or the Deployment controlling it) and its spec.replicas. */
    private ControllerScale findControllerScale(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (!OwnerRefs.controllerIs(ref, Resources.REPLICA_SETS)) {
            return null;
        }
        Optional<ReplicaSet> rs = cache.get(Resources.REPLICA_SETS, pod.getMetadata().getNamespace(), ref.getName(),
                ReplicaSet.class).filter(r -> r.getMetadata().getUid().equals(ref.getUid()));
        if (rs.isEmpty()) {
            return null;
        }
        OwnerReference rsOwner = OwnerRefs.controllerOf(rs.get());
        if (OwnerRefs.controllerIs(rsOwner, Resources.DEPLOYMENTS)) {
            Optional<Deployment> d = cache.get(Resources.DEPLOYMENTS, pod.getMetadata().getNamespace(),
                    rsOwner.getName(), Deployment.class).filter(x -> x.getMetadata().getUid().equals(rsOwner.getUid()));
            if (d.isPresent()) {
                return new ControllerScale(d.get().getMetadata().getUid(), Json.intOr(d.get().getSpec().getReplicas(), 1));
            }
        }
        return new ControllerScale(rs.get().getMetadata().getUid(), Json.intOr(rs.get().getSpec().getReplicas(), 1));
    }

    /**
     * {@code buildDisruptedPodMap}: the disrupted pods still pending deletion (gone or deleting ones dropped, ones
     * older than the deletion timeout forgotten); returns when the next entry expires (null if none).
     */
    static Instant buildDisruptedPodMap(List<Pod> pods, PodDisruptionBudget pdb, Instant now,
            Map<String, String> out) {
        Map<String, String> disrupted = pdb.getStatus() == null || pdb.getStatus().getDisruptedPods() == null
                ? Map.of() : pdb.getStatus().getDisruptedPods();
        Instant recheck = null;
        for (Pod pod : pods) {
            if (Pods.isDeleting(pod)) {
                continue;
            }
            String when = disrupted.get(pod.getMetadata().getName());
            if (when == null) {
                continue;
            }
            Instant expires = KubeTime.parse(when).plus(DELETION_TIMEOUT);
            if (expires.isBefore(now)) {
                continue;
            }
            out.put(pod.getMetadata().getName(), when);
            if (recheck == null || expires.isBefore(recheck)) {
                recheck = expires;
            }
        }
        return recheck;
    }

    /** {@code countHealthyPods}: ready pods that are neither being deleted nor recently disrupted. */
    static int countHealthyPods(List<Pod> pods, Map<String, String> disrupted, Instant now) {
        int healthy = 0;
        for (Pod pod : pods) {
            if (Pods.isDeleting(pod)) {
                continue;
            }
            String when = disrupted.get(pod.getMetadata().getName());
            if (when != null && KubeTime.parse(when).plus(DELETION_TIMEOUT).isAfter(now)) {
                continue;
            }
            if (Pods.isReady(pod)) {
                healthy++;
            }
        }
        return healthy;
    }

    static int disruptionsAllowed(int currentHealthy, int desiredHealthy, int expectedCount) {
        int allowed = currentHealthy - desiredHealthy;
        return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
    }

    /** {@code failSafe}: no disruptions allowed, condition SyncFailed. */
    private void failSafe(Entry entry, PodDisruptionBudget pdb, String message, Instant now) {
        ObjectNode status = entry.json().path("status").isObject()
                ? ((ObjectNode) entry.json().path("status")).deepCopy() : Json.object();
        status.put("disruptionsAllowed", 0);
        long observed = status.path("observedGeneration").asLong(0);
        status.set("conditions", conditions(status.path("conditions"), "False", SYNC_FAILED, message, observed, now));
        if (!status.equals(entry.json().path("status"))) {
            writer.updateStatus(Resources.POD_DISRUPTION_BUDGETS, Json.withStatus(entry.json(), status));
        }
    }

    /** {@code meta.SetStatusCondition} for DisruptionAllowed. */
    static ArrayNode conditions(JsonNode existing, String status, String reason, String message, long generation,
            Instant now) {
        ArrayNode out = KubeJson.json().createArrayNode();
        boolean found = false;
        for (JsonNode c : existing) {
            if (!DISRUPTION_ALLOWED.equals(c.path("type").asString(""))) {
                out.add(c);
                continue;
            }
            found = true;
            ObjectNode copy = (ObjectNode) c.deepCopy();
            if (!status.equals(c.path("status").asString(""))) {
                copy.put("lastTransitionTime", KubeTime.time(now));
            }
            copy.put("status", status);
            copy.put("reason", reason);
            copy.put("message", message);
            if (generation != 0) {
                Json.putNumber(copy, "observedGeneration", generation);
            } else {
                copy.remove("observedGeneration");
            }
            out.add(copy);
        }
        if (!found) {
            ObjectNode c = out.addObject();
            c.put("type", DISRUPTION_ALLOWED);
            c.put("status", status);
            if (generation != 0) {
                Json.putNumber(c, "observedGeneration", generation);
            }
            c.put("lastTransitionTime", KubeTime.time(now));
            c.put("reason", reason);
            c.put("message", message);
        }
        return out;
    }

    /** {@code GetScaledValueFromIntOrPercent} rounding up. */
    static int scaledUp(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        return (int) Math.ceilDiv((long) percent * total, 100);
    }
}
