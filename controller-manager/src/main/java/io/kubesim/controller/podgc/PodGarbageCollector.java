package io.kubesim.controller.podgc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ApiError;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Pods;
import io.kubesim.controller.framework.Taints;
import io.kubesim.controller.framework.Writer;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;

/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go), every 20 s of cluster time: deletes the oldest
 * terminated pods beyond {@code terminatedPodGcThreshold}; force-deletes pods bound to a node that has been gone for
 * 40 s (marking them Failed with {@code DisruptionTarget} / {@code DeletionByPodGC}); force-deletes terminating pods
 * on not-ready nodes tainted {@code node.kubernetes.io/out-of-service}.
 */
@Component
final class PodGarbageCollector implements ClusterCache.Listener, AutoCloseable {

    /** {@code gcCheckPeriod}. */
    static final Duration GC_CHECK_PERIOD = Duration.ofSeconds(20);
    /** {@code quarantineTime}: how long a node must be gone before its pods are collected. */
    static final Duration QUARANTINE = Duration.ofSeconds(40);
    static final String DELETION_BY_POD_GC = "DeletionByPodGC";
    static final String NODE_GONE_MESSAGE = "PodGC: node no longer exists";

    private static final Logger log = LoggerFactory.getLogger(PodGarbageCollector.class);

    private final ClusterCache cache;
    private final ClusterIndex index;
    private final Writer writer;
    private final VirtualClock clock;
    private final int terminatedThreshold;
    private final Map<String, Instant> missingSince = new HashMap<>();
    private final ScheduledExecutorService timer;

    PodGarbageCollector(ClusterIndex index, Writer writer, VirtualClock clock, ControllerProperties properties) {
        this.cache = index.cache();
        this.index = index;
        this.writer = writer;
        this.clock = clock;
        this.terminatedThreshold = properties.terminatedPodGcThreshold();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pod-gc");
            t.setDaemon(true);
            return t;
        });
        cache.addListener(this);
    }

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        // the collector works on periodic passes over the cache
    }

    @Override
    public void onSynced() {
        long period = Math.max(1, clock.toReal(GC_CHECK_PERIOD).toNanos());
        timer.scheduleWithFixedDelay(() -> {
            try {
                gc();
            } catch (RuntimeException e) {
                log.warn("pod garbage collection failed: {}", e.toString());
            } finally {
                Writer.awaitOwnWrites(cache);
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    void gc() {
        Instant now = clock.instant();
        List<Entry> pods = List.copyOf(cache.list(Resources.PODS, null));
        if (terminatedThreshold > 0) {
            gcTerminated(pods);
        }
        gcTerminating(pods);
        gcOrphaned(now);
    }

    /** {@code gcTerminated}: the oldest terminated pods beyond the threshold (evicted ones first). */
    private void gcTerminated(List<Entry> pods) {
        List<Entry> terminated = new ArrayList<>();
        for (Entry e : pods) {
            String phase = e.json().path("status").path("phase").asString("");
            if (!phase.equals(Pods.PENDING) && !phase.equals(Pods.RUNNING) && !phase.equals(Pods.UNKNOWN)) {
                terminated.add(e);
            }
        }
        int deleteCount = terminated.size() - terminatedThreshold;
        if (deleteCount <= 0) {
            return;
        }
        terminated.sort(byEvictionAndCreation());
        for (Entry e : terminated.subList(0, deleteCount)) {
            markFailedAndDelete(e, null);
        }
    }

    /** {@code byEvictionAndCreationTimestamp}. */
    static Comparator<Entry> byEvictionAndCreation() {
        return Comparator.comparing((Entry e) -> !"Evicted".equals(e.json().path("status").path("reason").asString("")))
                .thenComparing(e -> KubeTime.parse(e.json().path("metadata").path("creationTimestamp").asString(null)),
                        Comparator.nullsLast(Comparator.naturalOrder()));
    }

    /** {@code gcTerminating}: terminating pods on not-ready nodes tainted out-of-service. */
    private void gcTerminating(List<Entry> pods) {
        for (Entry e : pods) {
            JsonNode pod = e.json();
            String phase = pod.path("status").path("phase").asString("");
            if (!pod.path("metadata").has("deletionTimestamp") || Pods.SUCCEEDED.equals(phase)
                    || Pods.FAILED.equals(phase)) {
                continue;
            }
            String nodeName = pod.path("spec").path("nodeName").asString("");
            cache.get(Resources.NODES.ref(null, nodeName)).map(Entry::json)
                    .filter(node -> !nodeReady(node) && hasTaintKey(node, Taints.OUT_OF_SERVICE))
                    .ifPresent(node -> markFailedAndDelete(e, null));
        }
    }

    /** {@code gcOrphaned}: pods of nodes gone for the quarantine time. */
    private void gcOrphaned(Instant now) {
        Set<String> deleted = new HashSet<>();
        Set<String> nodesWithPods = index.nodesWithPods();
        for (String node : nodesWithPods) {
            if (cache.get(Resources.NODES.ref(null, node)).isPresent()) {
                missingSince.remove(node);
                continue;
            }
            Instant since = missingSince.computeIfAbsent(node, n -> now);
            if (!now.isBefore(since.plus(QUARANTINE))) {
                deleted.add(node);
            }
        }
        missingSince.keySet().removeIf(n -> !nodesWithPods.contains(n));
        for (String node : deleted) {
            for (Entry e : index.entries(index.podsOnNode(node))) {
                markFailedAndDelete(e, DELETION_BY_POD_GC);
            }
        }
    }

    /**
     * {@code markFailedAndDeletePodWithCondition}: a pod that is not finished becomes Failed (with the
     * DisruptionTarget condition when a reason is given), then it is deleted without grace period.
     */
    private void markFailedAndDelete(Entry e, String disruptionReason) {
        ObjectRef ref = ObjectRef.fromKey(e.key());
        String uid = e.json().path("metadata").path("uid").asString(null);
        try {
            ObjectNode failed = failedCopy(e.json(), disruptionReason, clock.instant());
            if (failed != null) {
                writer.updateStatus(Resources.PODS, failed);
            }
            writer.delete(ref, uid, null, 0L, null);
        } catch (ApiError err) {
            if (!err.isNotFound()) {
                log.info("collecting pod {} failed: {}", ref, err.getMessage());
            }
        }
    }

    /** The pod in phase Failed (plus DisruptionTarget when a reason is given); null if already finished. */
    static ObjectNode failedCopy(ObjectNode pod, String disruptionReason, Instant now) {
        String phase = pod.path("status").path("phase").asString("");
        if (Pods.SUCCEEDED.equals(phase) || Pods.FAILED.equals(phase)) {
            return null;
        }
        ObjectNode copy = pod.deepCopy();
        ObjectNode status = copy.withObjectProperty("status");
        status.put("phase", Pods.FAILED);
        if (disruptionReason != null) {
            ArrayNode conditions = status.withArrayProperty("conditions");
            ObjectNode c = null;
            for (JsonNode x : conditions) {
                if (Pods.DISRUPTION_TARGET.equals(x.path("type").asString(""))) {
                    c = (ObjectNode) x;
                }
            }
            if (c == null) {
                c = conditions.addObject();
                c.put("type", Pods.DISRUPTION_TARGET);
            }
            if (!"True".equals(c.path("status").asString(""))) {
                c.put("lastTransitionTime", KubeTime.time(now));
            }
            c.put("status", "True");
            c.putNull("lastProbeTime");
            c.put("reason", disruptionReason);
            c.put("message", NODE_GONE_MESSAGE);
        }
        return copy;
    }

    private static boolean nodeReady(JsonNode node) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) {
                return "True".equals(c.path("status").asString(""));
            }
        }
        return false;
    }

    private static boolean hasTaintKey(JsonNode node, String key) {
        for (JsonNode t : node.path("spec").path("taints")) {
            if (key.equals(t.path("key").asString(""))) {
                return true;
            }
        }
        return false;
    }
}
