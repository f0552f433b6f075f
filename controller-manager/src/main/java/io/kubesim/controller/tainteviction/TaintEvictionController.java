package io.kubesim.controller.tainteviction;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ApiError;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Pods;
import io.kubesim.controller.framework.Taints;
import io.kubesim.controller.framework.WorkQueue;
import io.kubesim.controller.framework.Writer;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;
import io.kubesim.runtime.EventRecorder;

/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): a pod on a node with a NoExecute
 * taint it does not tolerate is evicted at once; one that tolerates every NoExecute taint is evicted after the
 * smallest {@code tolerationSeconds} of the tolerations used, counted from when the controller saw the taint (a
 * later taint change does not restart the timer); taints going away cancel the eviction. Eviction: condition
 * {@code DisruptionTarget=True} ({@code DeletionByTaintManager}), then a normal (graceful) delete, with
 * {@code TaintManagerEviction} events. Timers run on the cluster clock.
 */
@Component
final class TaintEvictionController implements ClusterCache.Listener, AutoCloseable {

    static final String COMPONENT = "taint-eviction-controller";
    static final String EVENT_REASON = "TaintManagerEviction";
    static final String CONDITION_REASON = "DeletionByTaintManager";
    static final String CONDITION_MESSAGE = "Taint manager: deleting due to NoExecute taint";

    private static final Logger log = LoggerFactory.getLogger(TaintEvictionController.class);
    private static final String NODE_PREFIX = "/" + Resources.NODES.qualifiedName() + "/";
    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";

    /** A pod's eviction: scheduled (timer set) or fired (kept until cancelled, so it is not scheduled again). */
    private record Work(Instant createdAt, Instant fireAt, ScheduledFuture<?> timer) {
        boolean live() {
            return timer != null && !timer.isDone();
        }
    }

    private final ClusterCache cache;
    private final ClusterIndex index;
    private final Writer writer;
    private final VirtualClock clock;
    private final EventRecorder events;
    private final Map<String, List<Taint>> taintedNodes = new ConcurrentHashMap<>();
    /** Evictions by pod key; the first observation's timer stands (guarded by itself). */
    private final Map<String, Work> works = new HashMap<>();
    private final ScheduledExecutorService timers;
    private final WorkQueue<String> nodeUpdates;
    private final WorkQueue<String> podUpdates;
    private final WorkQueue<String> evictions;

    TaintEvictionController(ClusterIndex index, Writer writer, VirtualClock clock, ControllerProperties properties) {
        this.cache = index.cache();
        this.index = index;
        this.writer = writer;
        this.clock = clock;
        this.events = new EventRecorder(writer.bus(), clock, COMPONENT);
        int workers = properties.concurrency().taintEviction();
        this.nodeUpdates = new WorkQueue<>("taint-eviction-nodes", workers, clock, this::handleNodeUpdate, () -> { });
        this.podUpdates = new WorkQueue<>("taint-eviction-pods", workers, clock, this::handlePodUpdate, () -> { });
        this.evictions = new WorkQueue<>("taint-eviction", workers, clock, this::evict,
                () -> Writer.awaitOwnWrites(cache));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "taint-eviction-timers");
            t.setDaemon(true);
            return t;
        });
        cache.addListener(this);
    }

    @Override
    public void onSynced() {
        nodeUpdates.start();
        podUpdates.start();
        evictions.start();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        nodeUpdates.close();
        podUpdates.close();
        evictions.close();
    }

    // ------------------------------------------------------------------------------------------ event handlers

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        String key = event.key();
        if (key.startsWith(NODE_PREFIX)) {
            if (previous != null && current != null
                    && noExecute(previous.json()).equals(noExecute(current.json()))) {
                return;
            }
            nodeUpdates.add(ObjectRef.fromKey(key).name());
        } else if (key.startsWith(POD_PREFIX)) {
            if (current == null) {
                cancel(key);
                return;
            }
            if (previous != null
                    && previous.json().path("spec").path("tolerations").equals(
                            current.json().path("spec").path("tolerations"))
                    && previous.json().path("spec").path("nodeName").equals(
                            current.json().path("spec").path("nodeName"))) {
                return;
            }
            podUpdates.add(key);
        }
    }

    private static JsonNode noExecute(JsonNode node) {
        ArrayNode out = KubeJson.json().createArrayNode();
        for (JsonNode t : node.path("spec").path("taints")) {
            if (Taints.NO_EXECUTE.equals(t.path("effect").asString(""))) {
                out.add(t);
            }
        }
        return out;
    }

    /** {@code handleNodeUpdate}. */
    void handleNodeUpdate(String nodeName) {
        Optional<Entry> node = cache.get(Resources.NODES.ref(null, nodeName));
        if (node.isEmpty()) {
            taintedNodes.remove(nodeName);
            return;
        }
        Node n = node.get().as(Node.class);
        List<Taint> taints = Taints.withEffect(n.getSpec() == null ? null : n.getSpec().getTaints(),
                Taints.NO_EXECUTE);
        if (taints.isEmpty()) {
            taintedNodes.remove(nodeName);
        } else {
            taintedNodes.put(nodeName, taints);
        }
        List<Entry> pods = index.entries(index.podsOnNode(nodeName));
        if (taints.isEmpty()) {
            for (Entry p : pods) {
                cancel(p.key());
            }
            return;
        }
        Instant now = clock.instant();
        for (Entry p : pods) {
            processPodOnNode(p.key(), p.as(Pod.class), taints, now);
        }
    }

    /** {@code handlePodUpdate}. */
    void handlePodUpdate(String podKey) {
        Optional<Entry> found = cache.get(podKey);
        if (found.isEmpty()) {
            cancel(podKey);
            return;
        }
        Pod pod = found.get().as(Pod.class);
        String nodeName = Pods.nodeName(pod);
        if (nodeName.isEmpty()) {
            return;
        }
        List<Taint> taints = taintedNodes.get(nodeName);
        if (taints == null) {
            return;
        }
        processPodOnNode(podKey, pod, taints, clock.instant());
    }

    /** {@code processPodOnNode}. */
    private void processPodOnNode(String podKey, Pod pod, List<Taint> taints, Instant now) {
        switch (EvictionDecision.decide(taints, pod.getSpec().getTolerations())) {
            case EvictionDecision.Cancel c -> cancel(podKey);
            case EvictionDecision.EvictNow e -> {
                cancel(podKey);
                schedule(podKey, now, now);
            }
            case EvictionDecision.EvictAfter after -> schedule(podKey, now, now.plus(after.delay()));
        }
    }

    // ------------------------------------------------------------------------------------------ timers

    /** Schedules a pod's eviction unless one is already known; the lock keeps the timer from firing early. */
    private void schedule(String podKey, Instant createdAt, Instant fireAt) {
        synchronized (works) {
            if (works.containsKey(podKey)) {
                return;
            }
            Duration delay = clock.toReal(Duration.between(clock.instant(), fireAt));
            ScheduledFuture<?> timer = timers.schedule(() -> fire(podKey, createdAt),
                    Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            works.put(podKey, new Work(createdAt, fireAt, timer));
        }
    }

    private void fire(String podKey, Instant createdAt) {
        synchronized (works) {
            Work w = works.get(podKey);
            if (w == null || !w.createdAt().equals(createdAt)) {
                return;
            }
            works.put(podKey, new Work(w.createdAt(), w.fireAt(), null));
        }
        evictions.add(podKey);
    }

    /** {@code cancelWorkWithEvent}: forgets the pod's eviction; an event if a timer was still pending. */
    private void cancel(String podKey) {
        Work w;
        synchronized (works) {
            w = works.remove(podKey);
            if (w == null || !w.live()) {
                return;
            }
            w.timer().cancel(false);
        }
        cache.get(podKey).map(e -> e.as(Pod.class)).ifPresent(pod -> events.record(pod, EventRecorder.NORMAL,
                EVENT_REASON, "Cancelling deletion of Pod " + nsName(podKey)));
    }

    /** {@code deletePodHandler}: marks the pod DisruptionTarget and deletes it (retried by the queue). */
    void evict(String podKey) {
        Optional<Entry> found = cache.get(podKey);
        boolean known;
        synchronized (works) {
            known = works.containsKey(podKey);
        }
        if (found.isEmpty() || !known) {
            return;
        }
        Pod pod = found.get().as(Pod.class);
        if (evictions.retries(podKey) == 0) {
            log.info("evicting pod {} from node {} (NoExecute taint)", nsName(podKey), Pods.nodeName(pod));
            events.record(pod, EventRecorder.NORMAL, EVENT_REASON, "Marking for deletion Pod " + nsName(podKey));
        }
        ObjectNode withCondition = withDisruptionTarget(found.get().json(), clock.instant());
        try {
            if (withCondition != null) {
                writer.updateStatus(Resources.PODS, withCondition);
            }
            writer.delete(ObjectRef.fromKey(podKey), pod.getMetadata().getUid(), null, null, null);
        } catch (ApiError e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /** The pod with condition DisruptionTarget=True (DeletionByTaintManager), or null if it already has it. */
    static ObjectNode withDisruptionTarget(ObjectNode pod, Instant now) {
        ObjectNode copy = pod.deepCopy();
        ArrayNode conditions = copy.withObjectProperty("status").withArrayProperty("conditions");
        ObjectNode existing = null;
        for (JsonNode c : conditions) {
            if (Pods.DISRUPTION_TARGET.equals(c.path("type").asString(""))) {
                existing = (ObjectNode) c;
            }
        }
        if (existing != null && "True".equals(existing.path("status").asString(""))
                && CONDITION_REASON.equals(existing.path("reason").asString(""))
                && CONDITION_MESSAGE.equals(existing.path("message").asString(""))) {
            return null;
        }
        if (existing == null) {
            existing = conditions.addObject();
            existing.put("type", Pods.DISRUPTION_TARGET);
        }
        if (!"True".equals(existing.path("status").asString(""))) {
            existing.put("lastTransitionTime", KubeTime.time(now));
        }
        existing.put("status", "True");
        existing.putNull("lastProbeTime");
        existing.put("reason", CONDITION_REASON);
        existing.put("message", CONDITION_MESSAGE);
        return copy;
    }

    /** Pending (not yet fired) evictions: pod key → when they fire (cluster time). */
    Map<String, Instant> scheduled() {
        Map<String, Instant> out = new HashMap<>();
        synchronized (works) {
            works.forEach((k, w) -> {
                if (w.live()) {
                    out.put(k, w.fireAt());
                }
            });
        }
        return out;
    }

    private static String nsName(String podKey) {
        ObjectRef ref = ObjectRef.fromKey(podKey);
        return ref.namespace() + "/" + ref.name();
    }
}
